import { describe, expect, it } from 'vitest';
import { Histogram, newCursor, slope, Tally } from '../../server/bench/tally.js';

const events = (seqs: number[], at = 1000) => `{"type":"events","events":[${seqs.map((s) => `{"seq":${s},"event":{"t":1,"type":"note_added","text":"{\\"seq\\":99,\\"event\\":"}}`).join(',')}],"at":${at}}`;
const snapshot = (seq: number) => `{"type":"snapshot","seq":${seq},"view":{"timeline":[{"seq":1,"event":{}}]}}`;

describe('the fan-out tally', () => {
  it('passes a stream that continues its snapshot exactly', () => {
    const t = new Tally();
    const c = newCursor();
    t.take(snapshot(3), c);
    t.take(events([4, 5]), c, 1010);
    t.take(events([6]), c, 1020);
    expect(t.integrity).toEqual({ lost: 0, reordered: 0, unsynced: 0, resyncs: 0, errors: 0 });
    expect([t.events, c.received, c.next]).toEqual([3, 3, 7]);
    expect(t.latency.percentile(50)).toBe(10);
  });

  it('counts a gap as lost events, a repeat or step back as reordered, and events before the snapshot', () => {
    const t = new Tally();
    const c = newCursor();
    t.take(events([1]), c);
    t.take(snapshot(0), c);
    t.take(events([1, 4]), c);
    t.take(events([3, 5]), c);
    expect(t.integrity).toMatchObject({ lost: 2, reordered: 1, unsynced: 1 });
  });

  it('counts resyncs and errors, and keeps each client on its own cursor', () => {
    const t = new Tally();
    const a = newCursor();
    const b = newCursor();
    t.take(snapshot(0), a);
    t.take(snapshot(5), b);
    t.take(events([1]), a);
    t.take(events([6]), b);
    t.take('{"type":"resync","reason":"slow"}', a);
    t.take('{"type":"error","code":"bad_json","message":"x"}', b);
    expect(t.integrity).toEqual({ lost: 0, reordered: 0, unsynced: 0, resyncs: 1, errors: 1 });
  });

  it('reads windows and resets them', () => {
    const t = new Tally();
    const c = newCursor();
    t.take(snapshot(0), c);
    t.take(events([1, 2], 0), c, 500);
    expect(t.window()).toEqual({ events: 2, p50: 500, p99: 500 });
    expect(t.window()).toEqual({ events: 0, p50: 0, p99: 0 });
    expect(t.events).toBe(2);
  });
});

describe('Histogram', () => {
  it('gives nearest-rank percentiles in whole milliseconds', () => {
    const h = new Histogram();
    for (let ms = 1; ms <= 100; ms++) h.add(ms);
    expect([h.percentile(50), h.percentile(99), h.percentile(100)]).toEqual([50, 99, 100]);
    h.add(-5);
    h.add(10 ** 9);
    expect([h.count, h.percentile(0.1), h.percentile(100)]).toEqual([102, 0, Histogram.MAX_MS]);
  });
});

describe('slope', () => {
  it('is the least-squares slope, and 0 without two points', () => {
    expect(slope([0, 1, 2, 3], [10, 12, 14, 16])).toBeCloseTo(2);
    expect(slope([0, 1, 2], [5, 3, 5])).toBeCloseTo(0);
    expect(slope([1], [4])).toBe(0);
  });
});
