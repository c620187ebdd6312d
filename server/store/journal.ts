/**
 * Each drill's journal as an append-only file, `journals/<drill id>.jsonl` beside the data
 * file: one JSON object a line, either a journal entry (contract/journal.ts) or a clock line
 * (`{"kind":"clock",...}`, the drill's clock as it stood after the entries before it). A write
 * costs what it adds: the lines are appended and fsynced, never the file rewritten.
 *
 * Appends to one file made while a write is in flight share the next write and its fsync (a
 * group commit); each promise resolves once its lines are on disk.
 *
 * Reading back: a last line without its newline (a write cut short by a crash or a full disk)
 * is dropped with a warning and cut off the file, so later appends start on a fresh line; a bad
 * line anywhere else is corruption, refused with the file and line number.
 *
 * Like the data file, a journal deleted while the server runs is written again from memory with
 * a warning, and one replaced by another file is never overwritten.
 */
import * as fsp from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describeFsError, type FsOps } from './file.js';
import { JournalEntry, StoredClock } from './schema.js';
import { GroupCommit } from './group.js';
import { StoreError } from './store.js';

export const JOURNALS_DIR = 'journals';

export function journalPath(dataFile: string, drillId: string): string {
  return join(dirname(dataFile), JOURNALS_DIR, `${drillId}.jsonl`);
}

/** One line of a journal file. */
export type JournalLine = JournalEntry | ({ readonly kind: 'clock' } & StoredClock);

export function clockLine(clock: StoredClock): JournalLine {
  return { kind: 'clock', ...clock };
}

export interface ReadJournal {
  readonly entries: JournalEntry[];
  /** the last clock line, if any */
  readonly clock?: StoredClock;
}

/** Lines on their way to disk: their text, how many are entries, the last clock among them. */
interface Batch { readonly text: string; readonly entries: number; readonly clock: StoredClock | undefined }

export interface JournalFileOptions {
  readonly fs: FsOps;
  readonly warn: (text: string) => void;
  /** the whole journal as memory has it, to write it again when the file was deleted */
  readonly all: () => readonly JournalLine[];
  /** runs before every write and may throw (the data file's lock checks it still holds) */
  readonly beforeWrite?: () => void;
}

export class JournalFile {
  #identity: string | undefined;
  /** kept open between writes (appending in O_SYNC mode: each group is on disk when its write returns); closed by `close` */
  #handle: Awaited<ReturnType<FsOps['open']>> | undefined;
  /** lines appended while a write is in flight go out together in the next */
  readonly #group = new GroupCommit<Batch>((b) => this.#write(b), merge, (err) => this.#storeError(err));
  /** entries and clock known to be on disk */
  durableEntries = 0;
  durableClock: StoredClock | undefined;
  writes = 0;
  bytes = 0;

  constructor(readonly path: string, private readonly o: JournalFileOptions) {}

  get failed(): StoreError | undefined { return this.#group.failed; }

  /** Read the file (missing: empty), dropping a torn last line. Sets what is durable. */
  async read(): Promise<ReadJournal> {
    let text: string;
    try {
      text = await this.o.fs.readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [] };
      throw new StoreError('unreadable', `cannot read the journal ${this.path}: ${describeFsError(err)}`, { cause: err });
    }
    const parsed = parseJournalText(this.path, text);
    if (parsed.torn > 0) {
      this.o.warn(`drillhall: the journal ${this.path} ends in a line cut short (${parsed.torn} bytes, a write a crash or a full disk interrupted); it was never acknowledged, so it is dropped`);
      await fsp.truncate(this.path, Buffer.byteLength(text) - parsed.torn);
    }
    const { entries, clock } = parsed;
    this.durableEntries = entries.length;
    this.durableClock = clock;
    this.#identity = await this.#identify();
    return { entries, ...(clock ? { clock } : {}) };
  }

  /** Append lines; resolves once they (and everything appended before) are fsynced. */
  append(lines: readonly JournalLine[]): Promise<void> {
    return this.#group.submit(batchOf(lines));
  }

  /** Resolves when every append so far is on disk (or rejects with the failure). */
  flush(): Promise<void> {
    return this.#group.flush();
  }

  /**
   * Is the file still the one written? Deleted: write it again from memory (and append to the new
   * file from now on). Replaced: fail. Run by the server's periodic store check (every 2 s).
   */
  async verify(): Promise<void> {
    if (this.#group.failed) throw this.#group.failed;
    if (this.#group.writing || this.#identity === undefined) return;
    try {
      const before = this.#identity;
      await this.#check();
      if (this.#identity !== before) {
        const old = this.#handle;
        this.#handle = undefined;
        await old?.close();
      }
    } catch (err) {
      throw this.#group.fail(err);
    }
  }

  /** Close the file (flushing first); the next append opens it again. */
  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    const fh = this.#handle;
    this.#handle = undefined;
    await fh?.close();
  }

  async #write(batch: Batch): Promise<void> {
    this.o.beforeWrite?.();
    if (!this.#handle) {
      await this.#check();
      // Appending in synchronous mode (O_SYNC): each write returns once it is on disk, one
      // system call where a write and an fdatasync took two trips through the thread pool.
      this.#handle = await this.o.fs.open(this.path, 'as', 0o600);
      if (this.#identity === undefined) this.#identity = await this.#identify();
    }
    await this.#handle.write(batch.text);
    this.writes++;
    this.bytes += Buffer.byteLength(batch.text);
    this.durableEntries += batch.entries;
    if (batch.clock) this.durableClock = batch.clock;
  }

  /** Before a write: write a deleted file again from memory; refuse to touch a replaced one. */
  async #check(): Promise<void> {
    if (this.#identity === undefined) {
      await (this.o.fs.mkdir ?? fsp.mkdir)(dirname(this.path), { recursive: true });
      return;
    }
    const id = await this.#identify();
    if (id === this.#identity) return;
    if (id !== undefined) {
      throw new StoreError('replaced', `the journal ${this.path} was replaced by another file while the server was running; this server will not overwrite it and accepts no more changes. Restart the server to use the file as it is now.`);
    }
    this.o.warn(`drillhall: the journal ${this.path} was deleted while the server was running; writing it again from memory (nothing acknowledged is lost)`);
    await (this.o.fs.mkdir ?? fsp.mkdir)(dirname(this.path), { recursive: true });
    const lines = this.o.all();
    const whole = lines.map((l) => `${JSON.stringify(l)}\n`).join('');
    const fh = await this.o.fs.open(this.path, 'w', 0o600);
    try {
      await fh.write(whole);
      await fh.sync();
    } finally {
      await fh.close();
    }
    this.#identity = await this.#identify();
  }

  async #identify(): Promise<string | undefined> {
    try {
      const st = await (this.o.fs.stat ?? fsp.stat)(this.path);
      return `${st.dev}:${st.ino}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  #storeError(err: unknown): StoreError {
    if (err instanceof StoreError) return err;
    return new StoreError('write_failed', `could not write the journal ${this.path}: ${describeFsError(err)}`, { cause: err });
  }
}

/**
 * A journal file's text: its entries, its last clock, and how many bytes at the end are a line
 * cut short (not counted). Throws a StoreError naming the file and line for any other bad line.
 */
export function parseJournalText(path: string, text: string): ReadJournal & { readonly torn: number } {
  const end = text.lastIndexOf('\n') + 1;
  const torn = Buffer.byteLength(text.slice(end));
  const entries: JournalEntry[] = [];
  let clock: StoredClock | undefined;
  const lines = text.slice(0, end).split('\n');
  lines.pop();
  for (const [i, line] of lines.entries()) {
    const parsed = parseLine(line);
    if (!parsed.ok) {
      throw new StoreError('corrupt', `the journal ${path} line ${i + 1} ${parsed.why}. It was left untouched: repair it, move it away, or point DRILLHALL_DATA at another directory.`);
    }
    if (parsed.line.kind === 'clock') {
      const { kind: _k, ...c } = parsed.line;
      clock = c;
    } else {
      entries.push(parsed.line);
    }
  }
  return { entries, ...(clock ? { clock } : {}), torn };
}

function batchOf(lines: readonly JournalLine[]): Batch {
  let text = '';
  let entries = 0;
  let clock: StoredClock | undefined;
  for (const l of lines) {
    text += `${JSON.stringify(l)}\n`;
    if (l.kind === 'clock') {
      const { kind: _k, ...c } = l;
      clock = c;
    } else {
      entries++;
    }
  }
  return { text, entries, clock };
}

/** A batch waiting for the next write, with more lines after it. */
function merge(waiting: Batch | undefined, more: Batch): Batch {
  return waiting ? { text: waiting.text + more.text, entries: waiting.entries + more.entries, clock: more.clock ?? waiting.clock } : more;
}

function parseLine(text: string): { ok: true; line: JournalLine } | { ok: false; why: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, why: `is not valid JSON (${(err as Error).message})` };
  }
  const kind = (raw as { kind?: unknown } | null)?.kind;
  if (kind === 'clock') {
    const { kind: _k, ...rest } = raw as Record<string, unknown>;
    const c = StoredClock.safeParse(rest);
    return c.success ? { ok: true, line: { kind: 'clock', ...c.data } } : { ok: false, why: `is not a clock line: ${c.error.issues[0]!.message}` };
  }
  const e = JournalEntry.safeParse(raw);
  if (e.success) return { ok: true, line: e.data };
  const issue = e.error.issues[0]!;
  return { ok: false, why: `is not a journal entry: ${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}` };
}
