import { describe, expect, it } from 'vitest';
import { slicer } from '../../server/drills/slices.js';

describe('slicer', () => {
  it('lets waiting I/O in once the budget is spent, and stays synchronous until then', async () => {
    const spent = slicer(0);
    let timerRan = false;
    setImmediate(() => { timerRan = true; });
    const pause = spent();
    expect(pause).toBeInstanceOf(Promise);
    await pause;
    expect(timerRan).toBe(true);
    const fresh = slicer(60_000);
    expect([fresh(), fresh(), fresh()]).toEqual([undefined, undefined, undefined]);
  });

  it('starts a new slice after each pause', async () => {
    const slice = slicer(200);
    const until = performance.now() + 210;
    while (performance.now() < until) { /* spend the budget */ }
    await slice();
    expect(slice()).toBeUndefined();
  });
});
