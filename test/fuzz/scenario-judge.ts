/**
 * The scenario loader under a time box: cases go to worker threads (scenario-worker.mjs); one
 * that has not answered within the box is a hang, its worker is terminated and a fresh one
 * takes the next case. Several workers judge at once (FUZZ_WORKERS, default one per CPU).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Verdict } from './scenario-check.js';

export type Judged = Verdict | { readonly kind: 'hang'; readonly ms: number } | { readonly kind: 'worker-died'; readonly ms: number; readonly error: string };

interface Pending { resolve: (v: Judged) => void; timer: ReturnType<typeof setTimeout>; started: number }

/** One worker thread, replaced after a hang or a death. */
class Slot {
  #worker: Promise<Worker> | undefined;
  #pending: Pending | undefined;
  restarts = 0;

  #start(): Promise<Worker> {
    if (this.#worker) return this.#worker;
    const self: Promise<Worker> = new Promise<Worker>((res, rej) => {
      const w = new Worker(new URL('./scenario-worker.mjs', import.meta.url));
      let ready = false;
      w.on('message', (m: { ready?: true; verdict?: Verdict }) => {
        if (m.ready) { ready = true; res(w); return; }
        const p = this.#pending;
        this.#pending = undefined;
        if (p) { clearTimeout(p.timer); p.resolve(m.verdict!); }
      });
      w.on('error', (err) => { if (!ready) rej(err); this.#died(self, `the worker died: ${err.stack ?? err.message}`); });
      w.on('exit', () => this.#died(self, 'the worker exited'));
    });
    this.#worker = self;
    return self;
  }

  #died(worker: Promise<Worker>, error: string): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    const p = this.#pending;
    this.#pending = undefined;
    if (p) { clearTimeout(p.timer); p.resolve({ kind: 'worker-died', ms: performance.now() - p.started, error }); }
  }

  async judge(text: string, ms: number): Promise<Judged> {
    const w = await this.#start();
    return new Promise<Judged>((resolve) => {
      const timer = setTimeout(() => {
        this.#pending = undefined;
        this.#worker = undefined;
        this.restarts++;
        void w.terminate();
        resolve({ kind: 'hang', ms });
      }, ms);
      this.#pending = { resolve, timer, started: performance.now() };
      w.postMessage({ text });
    });
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    await (await w)?.terminate();
  }
}

export class ScenarioJudge {
  readonly #idle: Slot[];
  readonly #all: Slot[];
  readonly #waiting: ((s: Slot) => void)[] = [];

  constructor(workers = Number(process.env.FUZZ_WORKERS ?? availableParallelism())) {
    this.#all = Array.from({ length: Math.max(1, workers) }, () => new Slot());
    this.#idle = [...this.#all];
  }

  get size(): number { return this.#all.length; }
  get restarts(): number { return this.#all.reduce((n, s) => n + s.restarts, 0); }

  /** Judge `text` on the next free worker, or call it a hang after `ms`. */
  async judge(text: string, ms: number): Promise<Judged> {
    const slot = this.#idle.pop() ?? (await new Promise<Slot>((res) => this.#waiting.push(res)));
    try {
      return await slot.judge(text, ms);
    } finally {
      const next = this.#waiting.shift();
      if (next) next(slot);
      else this.#idle.push(slot);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#all.map((s) => s.close()));
  }
}
