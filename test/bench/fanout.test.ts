import { describe, expect, it } from 'vitest';
import { delivered, FANOUT_DEFAULTS, fanoutBench } from '../../server/bench/fanout.js';

describe('the live fan-out benchmark', () => {
  it('drives real servers in child processes and checks every client got every event in order', async () => {
    const r = await fanoutBench({ ...FANOUT_DEFAULTS, drills: 2, clients: 3, seconds: 3, notesPerSecond: 5, baselineSeconds: 2, sampleSeconds: 1 });
    const d = r.drillhall;
    expect(d.sockets).toBe(2 * 3 + 2);
    expect(d.integrity).toEqual({ lost: 0, reordered: 0, unsynced: 0, resyncs: 0, errors: 0 });
    expect(d.notesAcked).toBeGreaterThanOrEqual(20);
    expect(d.notesSeen).toBe(d.notesAcked);
    expect(d.commands).toBe(d.notesAcked);
    expect(delivered(d)).toBe(true);
    // Every client sees every note: 3 clients x the notes of its drill, at least.
    expect(d.eventsPerSec * d.seconds).toBeGreaterThanOrEqual(3 * d.notesAcked);
    expect(d.samples.length).toBeGreaterThanOrEqual(2);
    for (const s of d.samples) expect(s.heapMb).toBeGreaterThan(1);
    expect(d.samples.at(-1)!.dataFileMb).toBeGreaterThan(0);
    expect(r.baseline.eventsPerSec).toBeGreaterThan(0);
  }, 60_000);
});
