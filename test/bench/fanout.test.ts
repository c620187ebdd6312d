import { describe, expect, it } from 'vitest';
import { delivered, FANOUT_DEFAULTS, fanoutBench, notHeld, type DrillhallStats, type Sample } from '../../server/bench/fanout.js';

describe('the live fan-out benchmark', () => {
  it('drives real servers in child processes and checks every client got every event in order', async () => {
    const r = await fanoutBench({ ...FANOUT_DEFAULTS, drills: 2, clients: 3, seconds: 3, notesPerSecond: 5, baselineSeconds: 2, sampleSeconds: 1, settleSeconds: 1 });
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
    expect(d.settle.messages).toBeGreaterThan(0);
    expect(d.settle.heapToMb).toBeGreaterThan(1);
    expect(r.baseline.eventsPerSec).toBeGreaterThan(0);
  }, 60_000);
});

describe('what "held" means', () => {
  const sample = (p99: number, ackP99 = 20): Sample => ({ at: 30, eventsPerSec: 1000, latencyP50Ms: 1, latencyP99Ms: p99, ackP50Ms: 2, ackP99Ms: ackP99, cpuPercent: 50, rssMb: 300, heapMb: 100, dataFileMb: 1, writesPerSec: 9, writeMbPerSec: 9 });
  const run = (o: Partial<DrillhallStats> = {}): DrillhallStats => ({
    seconds: 300, messagesPerSec: 1, eventsPerSec: 1, latencyP50Ms: 1, latencyP99Ms: 10, cpuPercent: 50, peakRssMb: 300, sockets: 10, commands: 100, ackP50Ms: 10, ackP99Ms: 900,
    integrity: { lost: 0, reordered: 0, unsynced: 0, resyncs: 0, errors: 0 }, notesAcked: 100, notesSeen: 100, samples: [sample(20), sample(250)],
    heapSlopeMbPerMin: 0, heapBytesPerCommand: 700, settle: { seconds: 60, heapFromMb: 100, heapToMb: 100, messages: 10 }, clientCpuPercent: 20, ...o,
  });

  it('holds with every event delivered, and in every window event p99 at most 250 ms and ack p99 at most 50 ms', () => {
    expect(notHeld(run())).toEqual([]);
  });

  it('names each way it failed', () => {
    expect(notHeld(run({ integrity: { lost: 1, reordered: 0, unsynced: 0, resyncs: 0, errors: 0 } }))).toEqual(['not every event was delivered']);
    expect(notHeld(run({ notesSeen: 99 }))).toEqual(['not every event was delivered']);
    expect(notHeld(run({ samples: [sample(20), sample(251), sample(400, 51)] }))).toEqual([
      'event latency p99 over 250 ms in 2 of 3 windows', 'command ack p99 over 50 ms in 1 of 3 windows',
    ]);
  });
});
