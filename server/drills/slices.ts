/** Longest stretch (ms) a long loop (the clock's tick, a heartbeat round) keeps the thread before it lets waiting I/O in. */
export const SLICE_MS = 4;

/**
 * Long loops on the event loop in slices: a loop over hundreds of drills that awaits what
 * `slice()` returns lets sockets and commands in every few milliseconds instead of holding them
 * until it ends. While the slice lasts it returns undefined, and a loop that awaits only a
 * promise stays synchronous. Wall time on purpose: this is about how long the thread is busy,
 * not about sim or test clocks.
 *
 * @example
 * const slice = slicer(SLICE_MS);
 * for (const d of drills) { const pause = slice(); if (pause) await pause; step(d); }
 */
export function slicer(budgetMs: number): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < budgetMs) return undefined;
    return new Promise<void>((res) => setImmediate(() => { since = performance.now(); res(); }));
  };
}
