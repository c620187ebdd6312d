/**
 * The data file as a lowdb adapter that is actually durable. lowdb's own TextFile writes through
 * steno, which renames a temp file into place but never fsyncs, so a power cut can leave an
 * empty or old file behind an "acknowledged" write. Here every write is: temp file, write,
 * fsync, close, rename over the data file, fsync the directory. Writes are coalesced: while
 * one is in flight, later requests share the next one, which serialises the newest data.
 *
 * Reading refuses anything that is not a valid store, with the path and what is wrong, and
 * never writes in that case: a corrupt file stays as it was for a human to look at.
 *
 * While running, the file is checked before every write (and by `verify`, which the server runs
 * every few seconds and on /healthz):
 * - deleted (the file, or its whole directory): it is written again from memory at once, with
 *   a warning; nothing acknowledged is lost, since memory holds all of it;
 * - replaced by another file (a restored backup, another program): this server refuses to
 *   overwrite it and stops accepting changes, so a human decides which copy is right;
 * - a write that fails (disk full, read-only file system, permissions): the error names the
 *   cause in words, the temp file is removed, every later write fails, and `lastDurable` still
 *   has what is on disk so the caller can drop what never got there.
 */
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { scenarioHash } from '../scenario/loader.js';
import { StoreData } from './schema.js';
import { serializeStore } from './serialize.js';
import { GroupCommit } from './group.js';
import { StoreError } from './store.js';

/**
 * The file system calls used, injectable so tests can watch the order and fail one on purpose
 * (a full disk is `open` or `writeFile` failing with ENOSPC). `stat` and `mkdir` default to the
 * real ones.
 */
export type FsOps = Pick<typeof fsp, 'open' | 'rename' | 'readFile' | 'unlink'> & Partial<Pick<typeof fsp, 'stat' | 'mkdir'>>;

/** Error codes a person can act on, in words. */
const CAUSES: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EIO: 'the disk reported an I/O error',
  ENOENT: 'the data directory is gone',
};

/** `the disk is full (ENOSPC: no space left on device, write)`, or the plain message. */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const cause = e.code ? CAUSES[e.code] : undefined;
  return cause ? `${cause} (${e.message})` : e.message;
}

export function tempPath(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp`);
}

/**
 * Replace `file` with `text` atomically and durably: a reader (or a restart after a crash at
 * any point) sees either the old content or the new, never a mix.
 */
export async function writeFileAtomic(file: string, text: string | Uint8Array, fs: FsOps = fsp): Promise<void> {
  const tmp = tempPath(file);
  const fh = await fs.open(tmp, 'w', 0o600);
  try {
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, file);
  } catch (err) {
    // A half-written temp file only takes space a full disk needs; the data file is untouched.
    await fs.unlink(tmp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dirname(file), fs);
}

/** The rename itself is only durable once the directory entry is; not every platform can say so. */
async function syncDirectory(dir: string, fs: FsOps): Promise<void> {
  let dh;
  try {
    dh = await fs.open(dir, 'r');
    await dh.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EACCES') throw err;
  } finally {
    await dh?.close();
  }
}

export interface DurableFileOptions {
  readonly fs?: FsOps;
  /** told when the file had to be recreated; defaults to console.warn */
  readonly warn?: (text: string) => void;
  /** runs before every write and may throw (the data file's lock checks it still holds) */
  readonly beforeWrite?: () => void;
  /** what of the data goes in this file (the catalogue leaves the journals to their own files) */
  readonly toDisk?: (data: StoreData) => StoreData;
}

export class DurableJsonFile implements Adapter<StoreData> {
  /** the newest data waiting goes out whole in the next write */
  readonly #group = new GroupCommit<StoreData>((d) => this.#write(d), (_waiting, data) => data, (err) => this.#storeError(err));
  /** the text on disk as far as this process knows: read at open, or last written */
  #durable: string | Buffer | undefined;
  /** the file's identity when this process last read or wrote it */
  #identity: string | undefined;
  private readonly fs: FsOps;
  private readonly warn: (text: string) => void;
  private readonly beforeWrite: (() => void) | undefined;
  private readonly toDisk: ((data: StoreData) => StoreData) | undefined;

  /** `options` may be just the file system calls, as older tests pass them. */
  constructor(readonly file: string, options: FsOps | DurableFileOptions = {}) {
    const o: DurableFileOptions = 'open' in options ? { fs: options } : options;
    this.fs = o.fs ?? fsp;
    this.warn = o.warn ?? ((t) => console.warn(t));
    this.beforeWrite = o.beforeWrite;
    this.toDisk = o.toDisk;
  }

  /** writes completed, and their bytes */
  writes = 0;
  bytesWritten = 0;

  /** Once a write has failed: why. Every later write fails with it. */
  get failed(): StoreError | undefined { return this.#group.failed; }

  /** What is on disk (as last read or written), for dropping changes that never got there. */
  lastDurable(): StoreData | undefined {
    return this.#durable === undefined ? undefined : (JSON.parse(String(this.#durable)) as StoreData);
  }

  async read(): Promise<StoreData | null> {
    let text: string;
    try {
      text = await this.fs.readFile(this.file, 'utf8');
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT') return null;
      throw new StoreError('unreadable', `cannot read the data file ${this.file}: ${e.code ?? ''} ${e.message}`.trim(), { cause: err });
    }
    const data = parseStoreText(this.file, text);
    this.#durable = text;
    this.#identity = await this.#identify();
    return data;
  }

  /**
   * Is the data file still the one this process wrote? Missing: write `data` again now. Replaced
   * by another file: throw (and fail for good), never overwrite it.
   */
  async verify(data: StoreData): Promise<void> {
    if (this.#group.failed) throw this.#group.failed;
    if (this.#group.writing) return; // the write in flight checks for itself
    const id = await this.#identify().catch(() => undefined);
    if (id !== undefined && id === this.#identity) {
      try {
        this.beforeWrite?.();
      } catch (err) {
        throw this.#group.fail(err);
      }
      return;
    }
    await this.write(data);
  }

  #storeError(err: unknown): StoreError {
    return err instanceof StoreError ? err : new StoreError('write_failed', `could not write the data file ${this.file}: ${describeFsError(err)}`, { cause: err });
  }

  async #identify(): Promise<string | undefined> {
    try {
      const st = await (this.fs.stat ?? fsp.stat)(this.file);
      return `${st.dev}:${st.ino}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** Before a write: recreate a deleted file (and directory), refuse to overwrite a replaced one. */
  async #checkBeforeWrite(): Promise<void> {
    const id = await this.#identify();
    if (this.#identity === undefined || id === this.#identity) {
      this.beforeWrite?.();
      return;
    }
    if (id === undefined) {
      this.warn(`drillhall: the data file ${this.file} was deleted while the server was running; writing it again from memory (nothing acknowledged is lost)`);
      await (this.fs.mkdir ?? fsp.mkdir)(dirname(this.file), { recursive: true });
      this.beforeWrite?.();
      return;
    }
    throw new StoreError('replaced', `the data file ${this.file} was replaced by another file while the server was running (a restored backup, or another program); this server will not overwrite it and accepts no more changes. Restart the server to use the file as it is now, or put this server's copy back.`);
  }

  /** Resolves when every write asked for so far is on disk (or rejects with the failure). */
  flush(): Promise<void> {
    return this.#group.flush();
  }

  /** Resolves once `data` (or newer data) is on disk. After one failed write, every write fails. */
  write(data: StoreData): Promise<void> {
    return this.#group.submit(data);
  }

  async #write(data: StoreData): Promise<void> {
    const text = serializeStore(this.toDisk ? this.toDisk(data) : data, '\n');
    await this.#checkBeforeWrite();
    await writeFileAtomic(this.file, text, this.fs);
    this.writes++;
    this.bytesWritten += text.length;
    this.#durable = text;
    this.#identity = await this.#identify();
  }
}

/** Parse and validate the data file's text; any problem is a StoreError naming file and place. */
export function parseStoreText(file: string, text: string): StoreData {
  const corrupt = (what: string) => new StoreError('corrupt', `the data file ${file} ${what}. It was left untouched: repair it, move it away, or point DRILLHALL_DATA at another directory.`);
  if (text.trim() === '') throw corrupt('is empty');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw corrupt(`is not valid JSON (${(err as Error).message})`);
  }
  const r = StoreData.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(top level)'}: ${i.message}`);
    throw corrupt(`is not a Drillhall data file: ${issues.join('; ')}${r.error.issues.length > 3 ? ` (and ${r.error.issues.length - 3} more problems)` : ''}`);
  }
  for (const [hash, sc] of Object.entries(r.data.scenarios)) {
    if (scenarioHash(sc.source) !== hash) throw corrupt(`has a scenario copy (${sc.id}) whose text does not match its hash ${hash.slice(0, 12)}`);
  }
  for (const [id, d] of Object.entries(r.data.drills)) {
    if (d.id !== id) throw corrupt(`has drill ${d.id} filed under the key ${id}`);
    if (!r.data.scenarios[d.scenarioHash]) throw corrupt(`has drill ${d.id} whose scenario ${d.scenarioHash.slice(0, 12)} is missing`);
  }
  return r.data;
}
