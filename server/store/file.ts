/**
 * The data file as a lowdb adapter that is actually durable. lowdb's own TextFile writes through
 * steno, which renames a temp file into place but never fsyncs, so a power cut can leave an
 * empty or old file behind an "acknowledged" write. Here every write is: temp file, write,
 * fsync, close, rename over the data file, fsync the directory. Writes are coalesced: while
 * one is in flight, later requests share the next one, which serialises the newest data.
 *
 * Reading refuses anything that is not a valid store, with the path and what is wrong, and
 * never writes in that case: a corrupt file stays as it was for a human to look at.
 */
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { scenarioHash } from '../scenario/loader.js';
import { StoreData } from './schema.js';
import { StoreError } from './store.js';

/** The file system calls used, injectable so tests can watch the order and fail one on purpose. */
export type FsOps = Pick<typeof fsp, 'open' | 'rename' | 'readFile' | 'unlink'>;

export function tempPath(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp`);
}

/**
 * Replace `file` with `text` atomically and durably: a reader (or a restart after a crash at
 * any point) sees either the old content or the new, never a mix.
 */
export async function writeFileAtomic(file: string, text: string, fs: FsOps = fsp): Promise<void> {
  const tmp = tempPath(file);
  const fh = await fs.open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
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

interface Deferred { data: StoreData; readonly promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void }

export class DurableJsonFile implements Adapter<StoreData> {
  #writing = false;
  #next: Deferred | undefined;
  #failed: StoreError | undefined;

  constructor(readonly file: string, private readonly fs: FsOps = fsp) {}

  async read(): Promise<StoreData | null> {
    let text: string;
    try {
      text = await this.fs.readFile(this.file, 'utf8');
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT') return null;
      throw new StoreError('unreadable', `cannot read the data file ${this.file}: ${e.code ?? ''} ${e.message}`.trim(), { cause: err });
    }
    return parseStoreText(this.file, text);
  }

  /** Resolves once `data` (or newer data) is on disk. After one failed write, every write fails. */
  write(data: StoreData): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (this.#writing) {
      if (!this.#next) {
        let resolve!: () => void;
        let reject!: (e: unknown) => void;
        const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
        this.#next = { data, promise, resolve, reject };
      }
      this.#next.data = data;
      return this.#next.promise;
    }
    return this.#run(data);
  }

  async #run(data: StoreData): Promise<void> {
    this.#writing = true;
    try {
      await writeFileAtomic(this.file, `${JSON.stringify(data)}\n`, this.fs);
    } catch (err) {
      this.#failed = new StoreError('write_failed', `could not write the data file ${this.file}: ${(err as Error).message}`, { cause: err });
      throw this.#failed;
    } finally {
      this.#writing = false;
      const next = this.#next;
      this.#next = undefined;
      if (next && this.#failed) next.reject(this.#failed);
      else if (next) this.#run(next.data).then(next.resolve, next.reject);
    }
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
