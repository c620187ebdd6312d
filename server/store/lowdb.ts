/**
 * The DrillStore on lowdb: one JSON document in memory, written whole through the durable
 * adapter in `file.ts`. The only module that imports lowdb.
 *
 * The document is written compactly (no indentation): a running drill checkpoints its clock
 * every tick, so the file is rewritten often and smaller is faster.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Low, Memory } from 'lowdb';
import type { AfterAction } from './after-action.js';
import { DurableJsonFile, tempPath, type FsOps } from './file.js';
import { acquireLock, type Lock } from './lock.js';
import { emptyStore, StoreData, type DrillRecord, type JournalEntry, type ParticipantRecord, type StoredClock, type StoredScenario } from './schema.js';
import { StoreError, type DrillStore } from './store.js';
import { scenarioHash } from '../scenario/loader.js';

export const DATA_FILE_NAME = 'drillhall.json';

class LowdbStore implements DrillStore {
  #closed = false;

  constructor(private readonly db: Low<StoreData>, readonly location: string, private readonly lock?: Lock, private readonly file?: DurableJsonFile) {}

  list(): readonly Readonly<DrillRecord>[] {
    return Object.values(this.db.data.drills);
  }

  get(id: string): Readonly<DrillRecord> | undefined {
    return Object.hasOwn(this.db.data.drills, id) ? this.db.data.drills[id] : undefined;
  }

  scenario(hash: string): Readonly<StoredScenario> | undefined {
    return Object.hasOwn(this.db.data.scenarios, hash) ? this.db.data.scenarios[hash] : undefined;
  }

  create(drill: DrillRecord, scenario: StoredScenario): Promise<void> {
    return this.#change(() => {
      const hash = scenarioHash(scenario.source);
      if (hash !== drill.scenarioHash) throw new StoreError('corrupt', `drill ${drill.id}: scenario text does not match its hash`);
      this.db.data.scenarios[hash] ??= { ...scenario };
      this.db.data.drills[drill.id] = structuredClone(drill);
    });
  }

  join(drillId: string, participant: ParticipantRecord, entries: readonly JournalEntry[], clock: StoredClock): Promise<void> {
    return this.#change(() => {
      const d = this.#drill(drillId);
      d.participants.push({ ...participant });
      for (const entry of entries) d.log.push(structuredClone(entry));
      d.clock = { ...clock };
    });
  }

  append(drillId: string, entry: JournalEntry, clock: StoredClock): Promise<void> {
    return this.#change(() => {
      const d = this.#drill(drillId);
      d.log.push(structuredClone(entry));
      d.clock = { ...clock };
    });
  }

  setClock(drillId: string, clock: StoredClock): Promise<void> {
    return this.#change(() => { this.#drill(drillId).clock = { ...clock }; });
  }

  setAfterAction(drillId: string, after: AfterAction): Promise<void> {
    return this.#change(() => { this.#drill(drillId).after = structuredClone(after); });
  }

  flush(): Promise<void> {
    return this.#closed ? Promise.resolve() : this.#written();
  }

  writeStats(): { readonly writes: number; readonly bytes: number } {
    return { writes: this.file?.writes ?? 0, bytes: this.file?.bytesWritten ?? 0 };
  }

  async verify(): Promise<void> {
    if (this.#closed || !this.file) return;
    try {
      await this.file.verify(this.db.data);
    } catch (err) {
      this.#rollback();
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      // After a failed write there is nothing more that can be saved; the lock is still released.
      if (!this.file?.failed) await this.db.write();
    } finally {
      this.#closed = true;
      this.lock?.release();
    }
  }

  /** Write the document; if that fails, forget what never reached the disk. */
  async #written(): Promise<void> {
    try {
      await this.db.write();
    } catch (err) {
      this.#rollback();
      throw err;
    }
  }

  #rollback(): void {
    const durable = this.file?.lastDurable();
    if (durable) this.db.data = durable;
  }

  #drill(id: string): DrillRecord {
    const d = this.get(id) as DrillRecord | undefined;
    if (!d) throw new StoreError('unknown_drill', `no drill ${id} in ${this.location}`);
    return d;
  }

  /** Apply a change to the document now, and return when it is durable. */
  #change(fn: () => void): Promise<void> {
    if (this.#closed) return Promise.reject(new StoreError('closed', `the store at ${this.location} is closed`));
    if (this.file?.failed) return Promise.reject(this.file.failed);
    try {
      fn();
    } catch (err) {
      return Promise.reject(err);
    }
    return this.#written();
  }
}

export interface FileStoreOptions {
  /** file system calls, for tests that fail a write on purpose (ENOSPC, EROFS) */
  readonly fs?: FsOps;
  /** told when the data file or its lock had to be written again; defaults to console.warn */
  readonly warn?: (text: string) => void;
}

/**
 * Open (or create) the data file and lock it. Throws a StoreError that names the file when it is
 * locked by another server, unreadable or corrupt; nothing is written in those cases.
 * @example const store = await openFileStore('./data/drillhall.json')
 */
export async function openFileStore(file: string, options: FileStoreOptions = {}): Promise<DrillStore> {
  const path = resolve(file);
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    throw new StoreError('unreadable', `cannot create the data directory ${dirname(path)}: ${(err as Error).message}`, { cause: err });
  }
  const lock = acquireLock(`${path}.lock`, path);
  try {
    const warn = options.warn ?? ((t: string) => console.warn(t));
    const adapter = new DurableJsonFile(path, { ...(options.fs ? { fs: options.fs } : {}), warn, beforeWrite: () => lock.check(warn) });
    const db = new Low<StoreData>(adapter, emptyStore());
    await db.read();
    // A temp file is a write that never got renamed: the data file is the truth.
    rmSync(tempPath(path), { force: true });
    await db.write();
    return new LowdbStore(db, path, lock, adapter);
  } catch (err) {
    lock.release();
    throw err;
  }
}

/**
 * A store on lowdb's Memory adapter, for tests. Chosen explicitly: lowdb's node preset swaps
 * in memory silently when NODE_ENV=test, which would hide real file behaviour elsewhere.
 * `seed` starts it with existing data (validated like a file read back).
 */
export async function openMemoryStore(seed?: unknown): Promise<DrillStore> {
  const db = new Low<StoreData>(new Memory<StoreData>(), seed === undefined ? emptyStore() : StoreData.parse(structuredClone(seed)));
  return new LowdbStore(db, ':memory:');
}

/** The data file's own document, for tests and tools that compare it with a replay. */
export function snapshotOf(store: DrillStore): StoreData {
  const drills = Object.fromEntries(store.list().map((d) => [d.id, structuredClone(d) as DrillRecord]));
  const scenarios = Object.fromEntries(store.list().map((d) => [d.scenarioHash, { ...store.scenario(d.scenarioHash)! }]));
  return { version: 1, scenarios, drills };
}
