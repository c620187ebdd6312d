/**
 * The store interface the drill service writes through. One implementation sits on lowdb
 * (`lowdb.ts`); another backend (SQLite, Postgres) only has to keep these promises:
 *
 * - every mutating method changes what `get` and `list` return at once, before it resolves;
 * - its promise resolves only when the change is durable (on disk, fsynced), and rejects if it
 *   could not be made durable;
 * - a drill's journal lines become durable in the order they were made (and a join's participant
 *   record no later than the join is acknowledged);
 * - once a write has failed, every later one fails too, and `get` and `list` go back to what is
 *   durable: a change that never reached the disk is dropped, not kept in memory only.
 */
import type { AfterAction } from './after-action.js';
import type { DrillRecord, JournalEntry, ParticipantRecord, StoredClock, StoredScenario } from './schema.js';

export interface DrillStore {
  /** where the data lives, for messages: a file path or ":memory:" */
  readonly location: string;
  list(): readonly Readonly<DrillRecord>[];
  get(id: string): Readonly<DrillRecord> | undefined;
  scenario(hash: string): Readonly<StoredScenario> | undefined;
  create(drill: DrillRecord, scenario: StoredScenario): Promise<void>;
  /**
   * A participant and the journal lines recording the join (the join, and the commander role a
   * join as Incident Commander takes), made durable together: never the join without the rest.
   */
  join(drillId: string, participant: ParticipantRecord, entries: readonly JournalEntry[], clock: StoredClock): Promise<void>;
  /** a journal line and the clock as it stands after it; the store may keep `entry` as given, so the caller must not change it afterwards */
  append(drillId: string, entry: JournalEntry, clock: StoredClock): Promise<void>;
  /** a clock checkpoint: a running drill's sim time, so a restart resumes where it was */
  setClock(drillId: string, clock: StoredClock): Promise<void>;
  /**
   * Replace a drill's after-action record (postmortem draft, submission, reviews, action items)
   * with `after`, whole: callers read the current one, change a copy and hand it back without
   * awaiting in between, so two changes never interleave.
   */
  setAfterAction(drillId: string, after: AfterAction): Promise<void>;
  /** resolves when everything changed so far is durable */
  flush(): Promise<void>;
  /**
   * Let go of a drill's journal in memory (an ended drill nobody is looking at): `get` still
   * returns the whole record, reading the journal back from disk when asked. Optional (a memory
   * store has nowhere to read it back from); a later change to the drill takes it back first.
   */
  release?(drillId: string): void;
  /**
   * Check the data is still where it was written: a deleted file is written again from memory;
   * a replaced one, or a lost lock, rejects with a StoreError. Optional (memory stores have
   * nothing to check).
   */
  verify?(): Promise<void>;
  /** writes made so far and their bytes (file stores), for benchmarks and health */
  writeStats?(): { readonly writes: number; readonly bytes: number };
  /** flush, then release the data file (and its lock) */
  close(): Promise<void>;
}

export type StoreErrorKind = 'corrupt' | 'unreadable' | 'locked' | 'write_failed' | 'replaced' | 'closed' | 'unknown_drill';

/** A store problem worth a clear sentence: which file, and what is wrong with it. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(readonly kind: StoreErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
