import { describe, expect, it } from 'vitest';
import { every, makeStore, one, q } from './support.js';

// Worked examples of Prometheus's extrapolatedRate. Samples are [seconds, value].
describe('rate / increase / delta extrapolation', () => {
  it('extrapolates to both window edges when samples are regular', () => {
    // Window (0, 60] holds t=10..60 (value = t). 50 over 50s, start gap 10s
    // (< 1.1 * 10s) and end gap 0 -> extrapolate over 60s: increase 60.
    const s = makeStore([[{ __name__: 'c_total' }, every(0, 60, 10, (t) => t)]]);
    expect(one(s, 'increase(c_total[1m])', 60)).toBeCloseTo(60, 12);
    expect(one(s, 'rate(c_total[1m])', 60)).toBeCloseTo(1, 12);
  });

  it('excludes the sample exactly at t - range (left-open window)', () => {
    const s = makeStore([[{ __name__: 'c_total' }, every(0, 60, 10, (t) => t)]]);
    expect(one(s, 'count_over_time(c_total[1m])', 60)).toBe(6);
  });

  it('extrapolates only half an interval when a gap is above 1.1x the average interval', () => {
    // Samples t=10,20,30 (values 10,20,30), query at 60: start gap 10s is
    // extrapolated fully, end gap 30s >= 11s only by 5s: 20 * (20+10+5)/20 = 35.
    const s = makeStore([[{ __name__: 'c_total' }, [[10, 10], [20, 20], [30, 30]]]]);
    expect(one(s, 'increase(c_total[1m])', 60)).toBeCloseTo(35, 12);
  });

  it('never extrapolates a counter below zero', () => {
    // 30:2 40:12 50:22 60:32. Start gap 30s -> half interval (5s), but the
    // counter would hit zero 2s before the first sample: 30 * (30+2)/30 = 32.
    const s = makeStore([[{ __name__: 'c_total' }, [[30, 2], [40, 12], [50, 22], [60, 32]]]]);
    expect(one(s, 'increase(c_total[1m])', 60)).toBeCloseTo(32, 12);
    // delta() is for gauges and has no zero clamp: 30 * (30+5)/30 = 35.
    expect(one(s, 'delta(c_total[1m])', 60)).toBeCloseTo(35, 12);
  });

  it('clamps at zero even when the start gap is small (delta vs increase)', () => {
    // 10:2 ... 60:52: delta extrapolates 10s back to 60; increase stops at zero (52).
    const s = makeStore([[{ __name__: 'c_total' }, every(10, 60, 10, (t) => t - 8)]]);
    expect(one(s, 'delta(c_total[1m])', 60)).toBeCloseTo(60, 12);
    expect(one(s, 'increase(c_total[1m])', 60)).toBeCloseTo(52, 12);
  });

  it('corrects for counter resets', () => {
    // 10:10 20:20 30:5 40:15 50:25 60:35 -> 25 + 20 (reset) = 45 over 50s,
    // extrapolated by 10s at the start: 45 * 60/50 = 54.
    const s = makeStore([[{ __name__: 'c_total' }, [[10, 10], [20, 20], [30, 5], [40, 15], [50, 25], [60, 35]]]]);
    expect(one(s, 'increase(c_total[1m])', 60)).toBeCloseTo(54, 12);
    expect(one(s, 'rate(c_total[1m])', 60)).toBeCloseTo(0.9, 12);
    expect(one(s, 'resets(c_total[1m])', 60)).toBe(1);
    // delta() does not treat decreases as resets: (35 - 10) * 60/50 = 30.
    expect(one(s, 'delta(c_total[1m])', 60)).toBeCloseTo(30, 12);
  });

  it('needs two samples and drops the metric name', () => {
    const s = makeStore([[{ __name__: 'c_total', job: 'a' }, [[50, 1], [60, 2]]]]);
    expect(q(s, 'rate(c_total[5s])', 60)).toEqual([]);
    expect(q(s, 'rate(c_total[1m])', 60).map(([l]) => l)).toEqual(['{job="a"}']);
  });

  it('honours offset on the window', () => {
    const s = makeStore([[{ __name__: 'c_total' }, every(0, 120, 10, (t) => (t <= 60 ? t : 60 + 2 * (t - 60)))]]);
    expect(one(s, 'rate(c_total[1m] offset 1m)', 120)).toBeCloseTo(1, 12);
    expect(one(s, 'rate(c_total[1m])', 120)).toBeCloseTo(2, 12);
  });
});

describe('irate / idelta', () => {
  it('use the last two samples only', () => {
    const s = makeStore([[{ __name__: 'c_total' }, [[30, 0], [40, 5], [50, 25], [60, 35]]]]);
    expect(one(s, 'irate(c_total[1m])', 60)).toBe(1);
    expect(one(s, 'idelta(c_total[1m])', 60)).toBe(10);
  });

  it('irate treats a decrease as a reset, idelta does not', () => {
    const s = makeStore([[{ __name__: 'c_total' }, [[50, 25], [60, 5]]]]);
    expect(one(s, 'irate(c_total[1m])', 60)).toBe(0.5);
    expect(one(s, 'idelta(c_total[1m])', 60)).toBe(-20);
  });
});

describe('*_over_time', () => {
  const s = makeStore([[{ __name__: 'g', job: 'x' }, [[10, 2], [20, 4], [30, 4], [40, 4], [50, 5], [60, 5], [70, 7], [80, 9]]]]);
  const at = 80;

  it.each([
    ['avg_over_time(g[80s])', 5],
    ['min_over_time(g[80s])', 2],
    ['max_over_time(g[80s])', 9],
    ['sum_over_time(g[80s])', 40],
    ['count_over_time(g[80s])', 8],
    ['last_over_time(g[80s])', 9],
    ['stdvar_over_time(g[80s])', 4],
    ['stddev_over_time(g[80s])', 2],
    ['quantile_over_time(0.5, g[80s])', 4.5],
    ['quantile_over_time(0.25, g[80s])', 4],
    ['quantile_over_time(2, g[80s])', Infinity],
    ['changes(g[80s])', 4],
    ['present_over_time(g[80s])', 1],
  ])('%s = %d', (expr, want) => {
    expect(one(s, expr, at)).toBeCloseTo(want, 12);
  });

  it('keep the metric name only for last_over_time', () => {
    expect(q(s, 'last_over_time(g[1m])', at)[0]?.[0]).toBe('{__name__="g", job="x"}');
    expect(q(s, 'max_over_time(g[1m])', at)[0]?.[0]).toBe('{job="x"}');
  });

  it('skip stale markers inside the window', () => {
    const st = makeStore([[{ __name__: 'g' }, [[0, 1], [15, 1], [30, NaN]]]]);
    expect(one(st, 'sum_over_time(g[1m])', 45)).toBe(2);
    expect(one(st, 'count_over_time(g[1m])', 45)).toBe(2);
  });

  it('absent_over_time reports the selector labels only when no sample is in range', () => {
    expect(q(s, 'absent_over_time(g{job="x"}[1m])', at)).toEqual([]);
    expect(q(s, 'absent_over_time(g{job="x"}[5s])', 85)).toEqual([['{job="x"}', 1]]);
    expect(q(s, 'absent_over_time(nope{job="y",env=~"p.*"}[1m])', at)).toEqual([['{job="y"}', 1]]);
  });

  it('deriv and predict_linear fit a least-squares line', () => {
    const lin = makeStore([[{ __name__: 'disk' }, every(0, 600, 60, (t) => 1000 - 0.5 * t)]]);
    expect(one(lin, 'deriv(disk[10m])', 600)).toBeCloseTo(-0.5, 12);
    // Value at 600s is 700; 3600s later: 700 - 1800 = -1100.
    expect(one(lin, 'predict_linear(disk[10m], 3600)', 600)).toBeCloseTo(-1100, 9);
  });
});
