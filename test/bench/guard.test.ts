/**
 * Guards against gross regressions of the store, measured the way `npm run bench` measures them
 * and judged against a baseline from the same run, never against a time limit: a command's write
 * must cost what it adds, not what is already stored. A store that rewrote its data on every
 * command (the version 1 data file did) would write thousands of times the bytes and take tens
 * of times as long once megabytes are stored; noise on a shared machine moves a median of a
 * hundred appends by far less than the factors below.
 */
import { describe, expect, it } from 'vitest';
import { appendCost, commandHeap, endedDrillsHeap } from '../../server/bench/store.js';

describe('the store as data accumulates', () => {
  it('writes the same bytes per command, in about the same time, with megabytes stored as with none', async () => {
    const r = await appendCost(60, 400, 100);
    expect(r.storedMb).toBeGreaterThan(3);
    expect(r.fullBytes).toBeLessThan(r.emptyBytes * 1.5);
    expect(r.fullMs.median).toBeLessThan(Math.max(r.emptyMs.median, 0.05) * 10);
  }, 120_000);

  it('keeps the heap flat while ended drills accumulate', async () => {
    const { points } = await endedDrillsHeap(40, 20);
    expect(points.map((p) => p.ended)).toEqual([20, 40]);
    // Twice the ended drills; the second reading may not grow by more than a few megabytes
    // (each ended drill kept whole would add about 0.35 MB: 7 MB for the 20 more).
    expect(points[1]!.heapMb - points[0]!.heapMb).toBeLessThan(3);
    expect(points[1]!.inMemory).toBeLessThanOrEqual(points[0]!.inMemory);
  }, 300_000);

  it('keeps about what a command writes to its journal in memory for a running drill, not several times it', async () => {
    const r = await commandHeap(5000);
    // 270 bytes of heap for a 196-byte journal line; 735 (3.8x) while each event had a hidden
    // class of its own and the journal entry was deep-copied.
    expect(r.diskBytes).toBeGreaterThan(100);
    expect(r.heapBytes).toBeLessThan(r.diskBytes * 2.5);
  }, 120_000);
});
