import { describe, expect, it } from 'vitest';
import { MemoryStore, PromQLError, compile, instantQuery, rangeQuery } from '../../server/promql/index.js';
import { every, makeStore, one, q } from './support.js';

describe('instant vector selectors: lookback and staleness', () => {
  const store = makeStore([
    [{ __name__: 'up', job: 'api' }, [[0, 1], [15, 1], [30, NaN], [60, 2]]],
    [{ __name__: 'up', job: 'db' }, [[0, 5]]],
  ]);

  it('takes the newest sample at or before t', () => {
    expect(q(store, 'up', 20)).toEqual([
      ['{__name__="up", job="api"}', 1],
      ['{__name__="up", job="db"}', 5],
    ]);
  });

  it('returns nothing when the newest sample is a stale marker', () => {
    expect(q(store, 'up{job="api"}', 29.999)).toEqual([['{__name__="up", job="api"}', 1]]);
    expect(q(store, 'up{job="api"}', 30)).toEqual([]);
    expect(q(store, 'up{job="api"}', 59)).toEqual([]);
    expect(q(store, 'up{job="api"}', 60)).toEqual([['{__name__="up", job="api"}', 2]]);
  });

  it('uses a left-open 5m lookback window', () => {
    expect(one(store, 'up{job="db"}', 299.999)).toBe(5);
    expect(q(store, 'up{job="db"}', 300)).toEqual([]);
  });

  it('shifts the lookup by offset, negative offsets looking ahead', () => {
    expect(one(store, 'up{job="api"} offset 50s', 70)).toBe(1);
    expect(q(store, 'up{job="api"} offset 40s', 70)).toEqual([]);
    expect(one(store, 'up{job="api"} offset -60s', 0)).toBe(2);
  });

  it('evaluates a - b offset 1m with the offset on b only', () => {
    const s = makeStore([[{ __name__: 'c' }, every(0, 120, 15, (t) => t * 2)]]);
    expect(one(s, 'c - c offset 1m', 120)).toBe(120);
  });
});

describe('range vector selectors', () => {
  const store = makeStore([[{ __name__: 'x' }, [[0, 1], [10, 2], [20, NaN], [30, 4], [40, 5]]]]);

  it('select the left-open window (t-range, t] and skip stale markers', () => {
    const v = instantQuery(compile('x[30s]'), store, 40_000);
    expect(v).toEqual({
      type: 'matrix',
      series: [{ labels: { __name__: 'x' }, points: [{ t: 30_000, v: 4 }, { t: 40_000, v: 5 }] }],
    });
    const all = instantQuery(compile('x[40s]'), store, 40_000);
    expect(all.type === 'matrix' && all.series[0]?.points.map((p) => p.v)).toEqual([2, 4, 5]);
  });

  it('apply offset to the window', () => {
    const v = instantQuery(compile('x[15s] offset 25s'), store, 40_000);
    expect(v.type === 'matrix' && v.series[0]?.points.map((p) => p.t)).toEqual([10_000]);
  });
});

describe('literals and simple expressions', () => {
  const store = new MemoryStore();

  it('evaluates scalars, strings, Inf/NaN, hex and durations', () => {
    expect(instantQuery(compile('1 + 2 * 3'), store, 0)).toEqual({ type: 'scalar', t: 0, value: 7 });
    expect(instantQuery(compile('"hello"'), store, 5000)).toEqual({ type: 'string', t: 5000, value: 'hello' });
    expect(one(store, '0x10 + 5m', 0)).toBe(316);
    expect(one(store, '-Inf', 0)).toBe(-Infinity);
    expect(one(store, 'NaN', 0)).toBeNaN();
    expect(one(store, '-1 ^ 2', 0)).toBe(-1);
    expect(one(store, '2 ^ 3 ^ 2', 0)).toBe(512);
    expect(one(store, '-(2 + 3)', 0)).toBe(-5);
  });
});

describe('range queries', () => {
  const store = makeStore([
    [{ __name__: 'req_total', job: 'b' }, every(0, 600, 15, (t) => t)],
    [{ __name__: 'req_total', job: 'a' }, every(0, 300, 15, (t) => 2 * t)],
  ]);

  it('evaluates every step and returns series sorted by labels', () => {
    const v = rangeQuery(compile('rate(req_total[1m])'), store, 240_000, 600_000, 120_000);
    expect(v.type).toBe('matrix');
    if (v.type !== 'matrix') return;
    expect(v.series.map((s) => s.labels['job'])).toEqual(['a', 'b']);
    // job="a" stops at 300s: present at 240 and 360 (window (300,360] is empty -> absent).
    expect(v.series[0]?.points.map((p) => p.t)).toEqual([240_000]);
    expect(v.series[1]?.points.map((p) => p.t)).toEqual([240_000, 360_000, 480_000, 600_000]);
    // 45 * ((45 + 15) / 45 / 60): the same float operations as Go, hence not exactly 1.
    for (const p of v.series[1]?.points ?? []) expect(p.v).toBeCloseTo(1, 12);
  });

  it('turns a scalar expression into one series with no labels', () => {
    const v = rangeQuery(compile('time()'), store, 0, 30_000, 15_000);
    expect(v).toEqual({ type: 'matrix', series: [{ labels: {}, points: [{ t: 0, v: 0 }, { t: 15_000, v: 15 }, { t: 30_000, v: 30 }] }] });
  });

  it('rejects range-vector expressions and bad steps', () => {
    expect(() => rangeQuery(compile('req_total[5m]'), store, 0, 60_000, 15_000)).toThrow(/invalid expression type "range vector"/);
    expect(() => rangeQuery(compile('req_total'), store, 0, 60_000, 0)).toThrow(/step/);
    expect(() => rangeQuery(compile('req_total'), store, 0, 1e9, 1)).toThrow(/11,000 points/);
  });

  it('is fast enough for 100 series over 1h at a 15s step', () => {
    const big = new MemoryStore();
    for (let i = 0; i < 100; i++) {
      const ref = big.add({ __name__: 'http_requests_total', instance: `i${i}`, service: `s${i % 5}` });
      for (let t = 0; t <= 86_400_000; t += 15_000) big.append(ref, t, t / 1000 + i);
    }
    const c = compile('sum by (service) (rate(http_requests_total[5m]))');
    const start = performance.now();
    const v = rangeQuery(c, big, 40_000_000, 40_000_000 + 3_600_000, 15_000);
    const ms = performance.now() - start;
    expect(v.type === 'matrix' && v.series).toHaveLength(5);
    expect(ms).toBeLessThan(1000);
  });
});

describe('evaluation-time errors', () => {
  it('rejects duplicate label sets after dropping the metric name', () => {
    const store = makeStore([
      [{ __name__: 'a', job: 'x' }, [[0, 1]]],
      [{ __name__: 'b', job: 'x' }, [[0, 2]]],
    ]);
    expect(() => q(store, 'abs({__name__=~"a|b"})', 0)).toThrow('vector cannot contain metrics with the same labelset');
    expect(() => q(store, '{__name__=~"a|b"} * 2', 0)).toThrow(PromQLError);
    // Comparisons without bool keep the name, so no clash.
    expect(q(store, '{__name__=~"a|b"} > 0', 0)).toHaveLength(2);
  });
});
