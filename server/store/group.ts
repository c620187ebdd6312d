/**
 * Group commit, shared by the store's writers (the data file, each journal, the clock file):
 * while one write is on its way to disk, later requests wait and go out together in the next one,
 * so a busy server writes as often as its disk allows and no more. Each promise resolves once
 * what it asked for is on disk. After one failed write, every later one fails with the same error.
 */
import { StoreError } from './store.js';

interface Pending<B> { batch: B; readonly promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void }

export class GroupCommit<B> {
  #writing = false;
  /** the write on its way to disk */
  #current: Promise<void> | undefined;
  #next: Pending<B> | undefined;
  #failed: StoreError | undefined;

  /**
   * `write` puts one batch on disk; `merge` folds a request into the batch waiting for the next
   * write (the newest whole document, or appended lines); `failure` words a write's error.
   */
  constructor(
    private readonly write: (batch: B) => Promise<void>,
    private readonly merge: (waiting: B | undefined, request: B) => B,
    private readonly failure: (err: unknown) => StoreError,
  ) {}

  /** Once a write has failed: why. */
  get failed(): StoreError | undefined { return this.#failed; }

  /** A write is on its way to disk. */
  get writing(): boolean { return this.#writing; }

  /** Fail for good from outside a write (a check found the file replaced, the lock taken). */
  fail(err: unknown): StoreError {
    this.#failed ??= err instanceof StoreError ? err : this.failure(err);
    return this.#failed;
  }

  /** Resolves once `request` (merged into a batch) is on disk. */
  submit(request: B): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (!this.#writing) return (this.#current = this.#run(this.merge(undefined, request)));
    if (this.#next) {
      this.#next.batch = this.merge(this.#next.batch, request);
    } else {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
      this.#next = { batch: this.merge(undefined, request), promise, resolve, reject };
    }
    return this.#next.promise;
  }

  /** Resolves when everything submitted so far is on disk (or rejects with the failure). */
  async flush(): Promise<void> {
    await (this.#next?.promise ?? this.#current)?.catch(() => undefined);
    if (this.#failed) throw this.#failed;
  }

  async #run(batch: B): Promise<void> {
    this.#writing = true;
    try {
      await this.write(batch);
    } catch (err) {
      throw this.fail(err);
    } finally {
      this.#writing = false;
      const next = this.#next;
      this.#next = undefined;
      if (next && this.#failed) next.reject(this.#failed);
      else if (next) (this.#current = this.#run(next.batch)).then(next.resolve, next.reject);
    }
  }
}
