import { describe, expect, it } from 'vitest';
import { makeStore, one, q } from './support.js';

const store = makeStore([
  [{ __name__: 'errors', job: 'api', instance: 'a' }, [[0, 6]]],
  [{ __name__: 'errors', job: 'api', instance: 'b' }, [[0, 3]]],
  [{ __name__: 'errors', job: 'db', instance: 'c' }, [[0, 1]]],
  [{ __name__: 'requests', job: 'api', instance: 'a' }, [[0, 12]]],
  [{ __name__: 'requests', job: 'api', instance: 'b' }, [[0, 30]]],
  [{ __name__: 'requests', job: 'db', instance: 'c', extra: 'x' }, [[0, 4]]],
  [{ __name__: 'team_info', job: 'api', team: 'payments' }, [[0, 1]]],
  [{ __name__: 'team_info', job: 'db', team: 'storage' }, [[0, 1]]],
  [{ __name__: 'limit', job: 'api' }, [[0, 5]]],
]);

describe('scalar and vector/scalar operators', () => {
  it.each([
    ['7 % 3', 1],
    ['-7 % 3', -1],
    ['2 ^ 10', 1024],
    ['1 / 0', Infinity],
    ['0 / 0', NaN],
    ['1 ^ NaN', 1],
    ['3 > bool 2', 1],
    ['3 < bool 2', 0],
    ['NaN == bool NaN', 0],
    ['1 atan2 1', Math.PI / 4],
  ])('%s = %d', (expr, want) => {
    const v = one(store, expr, 0);
    if (Number.isNaN(want)) expect(v).toBeNaN();
    else expect(v).toBeCloseTo(want, 14);
  });

  it('arithmetic drops the metric name', () => {
    expect(q(store, 'errors{job="db"} * 10', 0)).toEqual([['{instance="c", job="db"}', 10]]);
    expect(q(store, '10 - errors{job="db"}', 0)).toEqual([['{instance="c", job="db"}', 9]]);
  });

  it('comparisons filter and keep the name; bool returns 0/1 without the name', () => {
    expect(q(store, 'errors > 2', 0)).toEqual([
      ['{__name__="errors", instance="a", job="api"}', 6],
      ['{__name__="errors", instance="b", job="api"}', 3],
    ]);
    expect(q(store, 'errors > bool 2', 0).map(([, v]) => v)).toEqual([1, 1, 0]);
    expect(q(store, 'errors > bool 2', 0)[0]?.[0]).toBe('{instance="a", job="api"}');
  });

  it('a scalar on the left of a comparison still yields the vector value', () => {
    expect(q(store, '2 < errors', 0).map(([, v]) => v)).toEqual([6, 3]);
  });
});

describe('vector matching', () => {
  it('one-to-one on all labels but the name', () => {
    expect(q(store, 'errors / requests', 0)).toEqual([
      ['{instance="a", job="api"}', 0.5],
      ['{instance="b", job="api"}', 0.1],
    ]);
  });

  it('ignoring() drops the ignored labels from the result', () => {
    expect(q(store, 'errors{job="db"} / ignoring(extra) requests{job="db"}', 0)).toEqual([['{instance="c", job="db"}', 0.25]]);
  });

  it('on() keeps only the on() labels in one-to-one results', () => {
    expect(q(store, 'errors{instance="c"} + on(job) team_info', 0)).toEqual([['{job="db"}', 2]]);
  });

  it('group_left copies labels from the one side and keeps the many side labels', () => {
    expect(q(store, 'errors * on(job) group_left(team) team_info', 0)).toEqual([
      ['{instance="a", job="api", team="payments"}', 6],
      ['{instance="b", job="api", team="payments"}', 3],
      ['{instance="c", job="db", team="storage"}', 1],
    ]);
  });

  it('group_right mirrors group_left, the value coming from the left operand', () => {
    expect(q(store, 'team_info * on(job) group_right(team) errors', 0)).toEqual([
      ['{instance="a", job="api", team="payments"}', 6],
      ['{instance="b", job="api", team="payments"}', 3],
      ['{instance="c", job="db", team="storage"}', 1],
    ]);
    // Comparison filters keep the left (one side) value, labels from the many side.
    expect(q(store, 'limit < on(job) group_right errors', 0)).toEqual([['{__name__="errors", instance="a", job="api"}', 5]]);
  });

  it('comparison with group_left filters the many side', () => {
    expect(q(store, 'errors > on(job) group_left limit', 0)).toEqual([['{__name__="errors", instance="a", job="api"}', 6]]);
  });

  it('rejects ambiguous matches like Prometheus', () => {
    expect(() => q(store, 'errors + on(job) team_info', 0)).toThrow(
      'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
    );
    expect(() => q(store, 'team_info + on(job) errors', 0)).toThrow(
      /^found duplicate series for the match group \{job="api"\} on the right hand-side of the operation: .*many-to-many matching not allowed/,
    );
    expect(() => q(store, 'team_info * on(job) group_right errors * on(job) group_left errors', 0)).toThrow(/many-to-many/);
  });
});

describe('set operators', () => {
  it('and keeps left samples with a match', () => {
    expect(q(store, 'errors and requests', 0).map(([l]) => l)).toEqual([
      '{__name__="errors", instance="a", job="api"}',
      '{__name__="errors", instance="b", job="api"}',
    ]);
    expect(q(store, 'errors and on(job) limit', 0).map(([, v]) => v)).toEqual([6, 3]);
  });

  it('or adds unmatched right samples', () => {
    expect(q(store, 'errors{job="db"} or limit', 0)).toEqual([
      ['{__name__="errors", instance="c", job="db"}', 1],
      ['{__name__="limit", job="api"}', 5],
    ]);
    expect(q(store, 'limit or on(job) errors', 0).map(([l]) => l)).toEqual([
      '{__name__="errors", instance="c", job="db"}',
      '{__name__="limit", job="api"}',
    ]);
  });

  it('unless keeps left samples without a match', () => {
    expect(q(store, 'errors unless on(job) limit', 0)).toEqual([['{__name__="errors", instance="c", job="db"}', 1]]);
    expect(q(store, 'errors unless nothing_here', 0)).toHaveLength(3);
  });
});
