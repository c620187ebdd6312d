import { describe, expect, it } from 'vitest';
import { makeStore, one, q } from './support.js';

const vals = [2, 4, 4, 4, 5, 5, 7, 9];
const store = makeStore(
  vals.map((v, i) => [{ __name__: 'm', job: i < 4 ? 'a' : 'b', instance: `i${i}`, env: 'prod' }, [[0, v]]] as const),
);

describe('aggregations over all series', () => {
  it.each([
    ['sum(m)', 40],
    ['avg(m)', 5],
    ['min(m)', 2],
    ['max(m)', 9],
    ['count(m)', 8],
    ['group(m)', 1],
    ['stdvar(m)', 4],
    ['stddev(m)', 2],
    ['quantile(0.5, m)', 4.5],
    ['quantile(0.9, m)', 7.6],
    ['quantile(-1, m)', -Infinity],
  ])('%s = %d', (expr, want) => {
    expect(one(store, expr, 0)).toBeCloseTo(want, 12);
  });

  it('produce an empty label set', () => {
    expect(q(store, 'sum(m)', 0)).toEqual([['{}', 40]]);
  });
});

describe('grouping', () => {
  it('by keeps only the listed labels, in prefix and postfix form', () => {
    const want = [
      ['{job="a"}', 14],
      ['{job="b"}', 26],
    ];
    expect(q(store, 'sum by (job) (m)', 0)).toEqual(want);
    expect(q(store, 'sum(m) by (job)', 0)).toEqual(want);
  });

  it('without drops the listed labels and the metric name', () => {
    expect(q(store, 'max without (instance) (m)', 0)).toEqual([
      ['{env="prod", job="a"}', 4],
      ['{env="prod", job="b"}', 9],
    ]);
    expect(q(store, 'count without () (m)', 0)).toHaveLength(8);
    expect(q(store, 'count without () (m)', 0)[0]?.[0]).toBe('{env="prod", instance="i0", job="a"}');
  });

  it('by a label that is missing groups those series under the empty value', () => {
    expect(q(store, 'sum by (zone) (m)', 0)).toEqual([['{}', 40]]);
  });

  it('avg and stddev per group', () => {
    expect(q(store, 'avg by (job) (m)', 0)).toEqual([
      ['{job="a"}', 3.5],
      ['{job="b"}', 6.5],
    ]);
    expect(one(store, 'stddev by (job) (m{job="a"})', 0)).toBeCloseTo(Math.sqrt(0.75), 12);
  });
});

describe('topk / bottomk', () => {
  it('keep the full input labels and order by value', () => {
    expect(q(store, 'topk(2, m)', 0)).toEqual([
      ['{__name__="m", env="prod", instance="i7", job="b"}', 9],
      ['{__name__="m", env="prod", instance="i6", job="b"}', 7],
    ]);
    expect(q(store, 'bottomk(1, m)', 0)).toEqual([['{__name__="m", env="prod", instance="i0", job="a"}', 2]]);
  });

  it('select k per group and break ties by labels', () => {
    expect(q(store, 'topk by (job) (1, m)', 0).map(([, v]) => v)).toEqual([4, 9]);
    expect(q(store, 'topk by (job) (1, m)', 0)[0]?.[0]).toContain('instance="i1"');
  });

  it('return nothing for k < 1 and everything for k > n', () => {
    expect(q(store, 'topk(0, m)', 0)).toEqual([]);
    expect(q(store, 'topk(100, m)', 0)).toHaveLength(8);
    expect(() => q(store, 'topk(NaN, m)', 0)).toThrow('Scalar value NaN overflows int64');
  });

  it('rank NaN last', () => {
    // The store reserves NaN for stale markers, so make the NaN with 0/0.
    const s = makeStore([
      [{ __name__: 'n', i: '1' }, [[0, 0]]],
      [{ __name__: 'n', i: '2' }, [[0, 1]]],
    ]);
    expect(q(s, 'topk(1, n / n)', 0)).toEqual([['{i="2"}', 1]]);
    expect(q(s, 'bottomk(1, n / n)', 0)).toEqual([['{i="2"}', 1]]);
  });
});

describe('count_values', () => {
  it('counts samples per value, formatting values like Go', () => {
    expect(q(store, 'count_values("value", m)', 0)).toEqual([
      ['{value="2"}', 1],
      ['{value="4"}', 3],
      ['{value="5"}', 2],
      ['{value="7"}', 1],
      ['{value="9"}', 1],
    ]);
    expect(q(store, 'count_values by (job) ("v", m{job="a"})', 0)).toEqual([
      ['{job="a", v="2"}', 1],
      ['{job="a", v="4"}', 3],
    ]);
  });
});
