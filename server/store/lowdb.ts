/**
 * The DrillStore on lowdb: one JSON document in memory. On disk (`openFileStore`) it is split by
 * how it changes: the catalogue (drills without their journals) written whole through the
 * durable adapter in `file.ts`, each drill's journal appended to its own file (`journal.ts`), and
 * running drills' clock checkpoints in one small file (`clocks.ts`). The only module that imports
 * lowdb.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Low, Memory } from 'lowdb';
import type { AfterAction } from './after-action.js';
import { DurableJsonFile, parseStoreText, tempPath, writeFileAtomic, type FsOps } from './file.js';
import { CLOCKS_FILE, ClockFile } from './clocks.js';
import { clockLine, JOURNALS_DIR, JournalFile, journalPath, parseJournalText, type JournalLine } from './journal.js';
import { acquireLock, type Lock } from './lock.js';
import { emptyStore, STORE_VERSION, StoreData, type DrillRecord, type JournalEntry, type ParticipantRecord, type StoredClock, type StoredScenario } from './schema.js';
import { StoreError, type DrillStore } from './store.js';
import { scenarioHash } from '../scenario/loader.js';

export const DATA_FILE_NAME = 'drillhall.json';

/** The catalogue as the data file holds it: every drill without its journal, which has its own file. */
function catalogueOf(data: StoreData): StoreData {
  const drills: Record<string, DrillRecord> = {};
  for (const [id, d] of Object.entries(data.drills)) {
    // Field by field: a released drill's `log` reads its journal from disk, which is not wanted here.
    const copy: Record<string, unknown> = {};
    for (const k of Object.keys(d)) if (k !== 'log') copy[k] = d[k as keyof DrillRecord];
    drills[id] = { ...(copy as Omit<DrillRecord, 'log'>), log: [] };
  }
  return { version: STORE_VERSION, scenarios: data.scenarios, drills };
}

/** Where the drills' journals are written, when the store is on disk. */
interface Journals {
  readonly dataFile: string;
  readonly fs: FsOps;
  readonly warn: (text: string) => void;
  readonly beforeWrite: () => void;
  readonly files: Map<string, JournalFile>;
  /** running drills' clock checkpoints, ahead of their journals */
  readonly clocks: ClockFile;
}

/** The later of two clocks (sim time only moves forward; a tie goes to the journal's). */
function later(journal: StoredClock | undefined, checkpoint: StoredClock | undefined): StoredClock | undefined {
  if (!checkpoint) return journal;
  if (!journal) return checkpoint;
  return checkpoint.t > journal.t ? checkpoint : journal;
}

class LowdbStore implements DrillStore {
  #closed = false;
  #failed: StoreError | undefined;

  constructor(private readonly db: Low<StoreData>, readonly location: string, private readonly lock?: Lock, private readonly file?: DurableJsonFile, private readonly journals?: Journals) {}

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
    return this.#changeBoth(drill.id, () => {
      const hash = scenarioHash(scenario.source);
      if (hash !== drill.scenarioHash) throw new StoreError('corrupt', `drill ${drill.id}: scenario text does not match its hash`);
      this.db.data.scenarios[hash] ??= { ...scenario };
      this.db.data.drills[drill.id] = structuredClone(drill);
    }, drill.log.length === 0 ? [] : [...drill.log, clockLine(drill.clock)]);
  }

  join(drillId: string, participant: ParticipantRecord, entries: readonly JournalEntry[], clock: StoredClock): Promise<void> {
    return this.#changeBoth(drillId, () => {
      const d = this.#drill(drillId, true);
      d.participants.push({ ...participant });
      for (const entry of entries) d.log.push(structuredClone(entry));
      d.clock = { ...clock };
    }, [...entries, clockLine(clock)]);
  }

  append(drillId: string, entry: JournalEntry, clock: StoredClock): Promise<void> {
    return this.#changeJournal(drillId, () => {
      const d = this.#drill(drillId, true);
      // Kept as handed over, not copied: the service makes a fresh entry per command and never
      // changes it, and a deep copy per command doubled what a running drill holds for it.
      d.log.push(entry);
      d.clock = { ...clock };
    }, [entry, clockLine(clock)]);
  }

  setClock(drillId: string, clock: StoredClock): Promise<void> {
    const js = this.journals;
    const fn = () => { this.#drill(drillId).clock = { ...clock }; };
    if (!js) return this.#change(fn);
    return this.#applied(fn, () => js.clocks.set(drillId, clock).catch((err: unknown) => {
      this.#fail(err);
      throw err;
    }));
  }

  setAfterAction(drillId: string, after: AfterAction): Promise<void> {
    return this.#change(() => { this.#drill(drillId).after = structuredClone(after); });
  }

  release(drillId: string): void {
    const js = this.journals;
    const d = this.get(drillId) as DrillRecord | undefined;
    const j = js?.files.get(drillId);
    if (!js || !d || !j || Object.getOwnPropertyDescriptor(d, 'log')?.get || j.durableEntries !== d.log.length) return;
    // Its file is closed and forgotten (checks and flushes skip it); the next append opens it again.
    js.files.delete(drillId);
    void j.close();
    const path = journalPath(js.dataFile, drillId);
    // Read back on every access and kept nowhere: an ended drill's journal costs memory only while read.
    Object.defineProperty(d, 'log', { get: () => (existsSync(path) ? parseJournalText(path, readFileSync(path, 'utf8')).entries : []), enumerable: true, configurable: true });
  }

  async flush(): Promise<void> {
    if (this.#closed) return;
    // Waits for the writes already asked for; nothing new is written.
    try {
      await (this.file ? this.file.flush() : this.db.write());
      for (const j of this.journals?.files.values() ?? []) await j.flush();
      await this.journals?.clocks.flush();
    } catch (err) {
      this.#fail(err);
      throw err;
    }
  }

  writeStats(): { readonly writes: number; readonly bytes: number } {
    let writes = (this.file?.writes ?? 0) + (this.journals?.clocks.writes ?? 0);
    let bytes = (this.file?.bytesWritten ?? 0) + (this.journals?.clocks.bytes ?? 0);
    for (const j of this.journals?.files.values() ?? []) { writes += j.writes; bytes += j.bytes; }
    return { writes, bytes };
  }

  async verify(): Promise<void> {
    if (this.#closed || !this.file) return;
    try {
      await this.file.verify(this.db.data);
      for (const j of this.journals?.files.values() ?? []) await j.verify();
    } catch (err) {
      this.#fail(err);
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      // After a failed write there is nothing more that can be saved; the lock is still released.
      if (!this.#failed && !this.file?.failed) {
        await this.db.write();
        await this.journals?.clocks.flush();
      }
      for (const j of this.journals?.files.values() ?? []) await j.close();
    } finally {
      this.#closed = true;
      this.lock?.release();
    }
  }

  /** Write the catalogue; if that fails, forget what never reached the disk. */
  async #written(): Promise<void> {
    try {
      await this.db.write();
    } catch (err) {
      this.#fail(err);
      throw err;
    }
  }

  /** After a failed write: every later change fails, and memory goes back to what is on disk. */
  #fail(err: unknown): void {
    this.#failed ??= err instanceof StoreError ? err : new StoreError('write_failed', String(err));
    const durable = this.file?.lastDurable();
    if (!durable) return;
    const logs = new Map(Object.entries(this.db.data.drills).map(([id, d]) => [id, d.log]));
    for (const [id, d] of Object.entries(durable.drills)) {
      const j = this.journals?.files.get(id);
      const log = logs.get(id) ?? [];
      d.log = j ? log.slice(0, j.durableEntries) : log;
      const clock = later(j?.durableClock, this.journals?.clocks.durable(id));
      if (clock) d.clock = { ...clock };
    }
    this.db.data = durable;
  }

  /** The drill to change; `log`: its journal is about to grow, so a released one comes back into memory. */
  #drill(id: string, log = false): DrillRecord {
    const d = this.get(id) as DrillRecord | undefined;
    if (!d) throw new StoreError('unknown_drill', `no drill ${id} in ${this.location}`);
    if (log && Object.getOwnPropertyDescriptor(d, 'log')?.get) Object.defineProperty(d, 'log', { value: d.log, writable: true, enumerable: true, configurable: true });
    return d;
  }

  /** Apply a change in memory now, unless the store is closed or failed; then make it durable with `durable`. */
  #applied(fn: () => void, durable: () => Promise<void>): Promise<void> {
    if (this.#closed) return Promise.reject(new StoreError('closed', `the store at ${this.location} is closed`));
    const failed = this.#failed ?? this.file?.failed;
    if (failed) return Promise.reject(failed);
    try {
      fn();
    } catch (err) {
      return Promise.reject(err);
    }
    return durable();
  }

  /** Apply a change to the catalogue now, and return when it is durable. */
  #change(fn: () => void): Promise<void> {
    return this.#applied(fn, () => this.#written());
  }

  /** Apply a change to the catalogue and (on disk) the drill's journal, durable once both are. */
  #changeBoth(drillId: string, fn: () => void, lines: readonly JournalLine[]): Promise<void> {
    if (!this.journals || lines.length === 0) return this.#change(fn);
    return this.#applied(fn, () => Promise.all([this.#written(), this.#journal(drillId, lines)]).then(() => undefined));
  }

  /** Apply a change that only the drill's journal records; in memory stores, the whole document is written as before. */
  #changeJournal(drillId: string, fn: () => void, lines: readonly JournalLine[]): Promise<void> {
    return this.journals ? this.#applied(fn, () => this.#journal(drillId, lines)) : this.#change(fn);
  }

  /** Append to a drill's journal file; a failure fails the store. */
  #journal(drillId: string, lines: readonly JournalLine[]): Promise<void> {
    const j = this.#journalFile(drillId);
    if (!j) return Promise.resolve();
    const clock = lines.findLast((l) => l.kind === 'clock');
    return j.append(lines).then(() => {
      if (clock) this.journals?.clocks.caughtUp(drillId, clock.t);
    }, (err: unknown) => {
      this.#fail(err);
      throw err;
    });
  }

  #journalFile(drillId: string): JournalFile | undefined {
    const js = this.journals;
    if (!js) return undefined;
    let j = js.files.get(drillId);
    if (!j) {
      j = new JournalFile(journalPath(js.dataFile, drillId), {
        fs: js.fs, warn: js.warn, beforeWrite: js.beforeWrite,
        all: () => { const d = this.get(drillId); return d ? [...d.log, clockLine(d.clock)] : []; },
      });
      js.files.set(drillId, j);
    }
    return j;
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
    const fs = options.fs ?? fsp;
    const beforeWrite = () => lock.check(warn);
    const adapter = new DurableJsonFile(path, { fs, warn, beforeWrite, toDisk: catalogueOf });
    const db = new Low<StoreData>(adapter, emptyStore());
    await db.read();
    // A temp file is a write that never got renamed: the data file is the truth.
    rmSync(tempPath(path), { force: true });
    // Journal and clock writes come many times a second: they re-read the lock at most every
    // 250 ms (the data file's own writes and the periodic check read it every time).
    const often = throttled(beforeWrite, 250);
    const clocks = new ClockFile(join(dirname(path), CLOCKS_FILE), { fs, beforeWrite: often });
    const journals: Journals = { dataFile: path, fs, warn, beforeWrite: often, files: new Map(), clocks };
    if (db.data.version === 1) await migrateJournals(path, db.data, fs, warn);
    await readJournals(db, journals);
    db.data.version = STORE_VERSION;
    await db.write();
    return new LowdbStore(db, path, lock, adapter, journals);
  } catch (err) {
    lock.release();
    throw err;
  }
}

/**
 * Everything stored, read from the files without opening the store (no lock, nothing written):
 * for tools and tests that look at what a server left on disk, even while it runs.
 */
export function readStoredData(dataFile: string): StoreData {
  const data = parseStoreText(dataFile, readFileSync(dataFile, 'utf8'));
  if (data.version === 1) return data;
  const clocksPath = join(dirname(dataFile), CLOCKS_FILE);
  const checkpoints = existsSync(clocksPath) ? JSON.parse(readFileSync(clocksPath, 'utf8')) as Record<string, StoredClock> : {};
  for (const d of Object.values(data.drills)) {
    const path = journalPath(dataFile, d.id);
    const j = existsSync(path) ? parseJournalText(path, readFileSync(path, 'utf8')) : { entries: d.log };
    d.log = j.entries;
    d.clock = later('clock' in j ? j.clock : undefined, checkpoints[d.id]) ?? d.clock;
  }
  return data;
}

/** `fn`, run at most once every `ms` (a throw is not remembered: the next call runs it again). */
function throttled(fn: () => void, ms: number): () => void {
  let last = -Infinity;
  return () => {
    const now = performance.now();
    if (now - last < ms) return;
    fn();
    last = now;
  };
}

/** The data file as it was before its journals moved out, kept once beside it. */
export function backupPath(dataFile: string): string {
  return `${dataFile}.v1-backup`;
}

/**
 * Version 1 kept every journal inside the data file. Once, at start-up: keep a copy of that file,
 * write each drill's journal to its own file, then (the caller) write the catalogue as version 2.
 * A crash before that last write leaves version 1 in place, and the next start does it again.
 */
async function migrateJournals(dataFile: string, data: StoreData, fs: FsOps, warn: (text: string) => void): Promise<void> {
  const backup = backupPath(dataFile);
  if (!existsSync(backup)) await writeFileAtomic(backup, await fs.readFile(dataFile, 'utf8'), fs);
  await (fs.mkdir ?? fsp.mkdir)(join(dirname(dataFile), JOURNALS_DIR), { recursive: true });
  const drills = Object.values(data.drills).filter((d) => d.log.length > 0);
  for (const d of drills) {
    const lines: JournalLine[] = [...d.log, clockLine(d.clock)];
    await writeFileAtomic(journalPath(dataFile, d.id), lines.map((l) => `${JSON.stringify(l)}\n`).join(''), fs);
  }
  warn(`drillhall: moved the journals of ${drills.length} drill(s) out of ${dataFile} into ${join(dirname(dataFile), JOURNALS_DIR)}/ (one append-only file per drill); the old file is kept as ${backup}`);
}

/** Read every drill's journal file back into memory (the last clock line is the drill's clock). */
async function readJournals(db: Low<StoreData>, js: Journals): Promise<void> {
  const checkpoints = await js.clocks.read();
  for (const d of Object.values(db.data.drills)) {
    const all = () => { const now = db.data.drills[d.id]; return now ? [...now.log, clockLine(now.clock)] : []; };
    const j = new JournalFile(journalPath(js.dataFile, d.id), { fs: js.fs, warn: js.warn, beforeWrite: js.beforeWrite, all });
    const read = await j.read();
    d.log = read.entries;
    const clock = later(read.clock, checkpoints.get(d.id));
    if (clock) d.clock = clock;
    js.files.set(d.id, j);
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
  return { version: STORE_VERSION, scenarios, drills };
}
