/**
 * Running drills' clock checkpoints, `clocks.json` beside the data file. A running drill
 * checkpoints its sim time on every clock tick (several times a second), and nothing it shows is
 * published before that checkpoint is durable; one small file for every drill whose clock moved
 * since its journal last recorded it lets a tick of any number of drills cost one atomic write,
 * sized by the drills running, never by what is stored. Writes made while one is in flight share
 * the next.
 *
 * A checkpoint is only the newest word on a clock while it is ahead of the clock line in the
 * drill's journal (which every command, control and join appends); once the journal catches up,
 * the entry is dropped, so the file holds running drills only.
 */
import { writeFileAtomic, describeFsError, type FsOps } from './file.js';
import { StoredClock } from './schema.js';
import { GroupCommit } from './group.js';
import { StoreError } from './store.js';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

export const CLOCKS_FILE = 'clocks.json';

const Clocks = z.record(z.string(), StoredClock);

export class ClockFile {
  readonly #now = new Map<string, StoredClock>();
  #durable = new Map<string, StoredClock>();
  readonly #group = new GroupCommit<void>(() => this.#write(), () => undefined,
    (err) => new StoreError('write_failed', `could not write ${this.path}: ${describeFsError(err)}`, { cause: err }));
  writes = 0;
  bytes = 0;

  constructor(readonly path: string, private readonly o: { readonly fs: FsOps; readonly beforeWrite?: () => void }) {}

  get failed(): StoreError | undefined { return this.#group.failed; }

  /** The checkpoints on disk (none when there is no file). */
  async read(): Promise<ReadonlyMap<string, StoredClock>> {
    let text: string;
    try {
      text = await this.o.fs.readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return this.#now;
      throw new StoreError('unreadable', `cannot read ${this.path}: ${describeFsError(err)}`, { cause: err });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new StoreError('corrupt', `${this.path} is not valid JSON (${(err as Error).message}). It was left untouched: repair it or move it away (it only holds running drills' latest sim times).`);
    }
    const r = Clocks.safeParse(raw);
    if (!r.success) throw new StoreError('corrupt', `${this.path} is not a clock checkpoint file: ${r.error.issues[0]!.message}. It was left untouched: repair it or move it away.`);
    for (const [id, c] of Object.entries(r.data)) this.#now.set(id, c);
    this.#durable = new Map(this.#now);
    return this.#now;
  }

  /** The newest checkpoint of a drill known to be on disk. */
  durable(drillId: string): StoredClock | undefined {
    return this.#durable.get(drillId);
  }

  /** Checkpoint a drill's clock; resolves once it is on disk. */
  set(drillId: string, clock: StoredClock): Promise<void> {
    this.#now.set(drillId, { ...clock });
    return this.#group.submit();
  }

  /** The drill's journal now records its clock at `t`: a checkpoint not ahead of it is dropped (at the next write). */
  caughtUp(drillId: string, t: number): void {
    const c = this.#now.get(drillId);
    if (c && c.t <= t) this.#now.delete(drillId);
  }

  flush(): Promise<void> {
    return this.#group.flush();
  }

  /** Write every checkpoint as it stands now (the group's batch carries nothing: the map is the data). */
  async #write(): Promise<void> {
    // Let the rest of a clock tick's checkpoints in first: one write for the tick, not two.
    await Promise.resolve();
    const snapshot = new Map(this.#now);
    const text = JSON.stringify(Object.fromEntries(snapshot));
    this.o.beforeWrite?.();
    await writeFileAtomic(this.path, text, this.o.fs).catch(async (err: unknown) => {
      // The data directory was deleted under the server: put it back, as the data file does.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await (this.o.fs.mkdir ?? mkdir)(dirname(this.path), { recursive: true });
      await writeFileAtomic(this.path, text, this.o.fs);
    });
    this.writes++;
    this.bytes += Buffer.byteLength(text);
    this.#durable = snapshot;
  }
}
