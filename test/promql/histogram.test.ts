import { describe, expect, it } from 'vitest';
import { bucketQuantile } from '../../server/promql/histogram.js';
import { makeStore, one, q } from './support.js';

const b = (pairs: [number, number][]) => pairs.map(([upperBound, count]) => ({ upperBound, count }));

describe('bucketQuantile (Prometheus BucketQuantile)', () => {
  const buckets = b([
    [0.1, 10],
    [0.5, 30],
    [1, 40],
    [Infinity, 50],
  ]);

  it('interpolates linearly inside the bucket holding the rank', () => {
    // rank 25 falls in (0.1, 0.5] holding 20: 0.1 + 0.4 * 15/20.
    expect(bucketQuantile(0.5, buckets)).toBeCloseTo(0.4, 12);
  });

  it('starts the lowest bucket at 0 when its bound is positive', () => {
    expect(bucketQuantile(0.05, buckets)).toBeCloseTo(0.025, 12);
  });

  it('returns the lowest bound when it is <= 0', () => {
    expect(bucketQuantile(0.05, b([[-1, 10], [0, 20], [Infinity, 20]]))).toBe(-1);
  });

  it('returns the second-highest bound for ranks in the +Inf bucket', () => {
    expect(bucketQuantile(0.9, buckets)).toBe(1);
  });

  it('handles the special cases', () => {
    expect(bucketQuantile(1.5, buckets)).toBe(Infinity);
    expect(bucketQuantile(-0.5, buckets)).toBe(-Infinity);
    expect(bucketQuantile(NaN, buckets)).toBeNaN();
    expect(bucketQuantile(0.5, b([[0.1, 1], [1, 2]]))).toBeNaN(); // no +Inf bucket
    expect(bucketQuantile(0.5, b([[Infinity, 5]]))).toBeNaN(); // < 2 buckets
    expect(bucketQuantile(0.5, b([[1, 0], [Infinity, 0]]))).toBeNaN(); // no observations
  });

  it('forces monotonicity by taking the running maximum', () => {
    // 0.5 dips to 8 -> treated as 10; rank 25 lands in (0.5, 1]: 0.5 + 0.5 * 15/30.
    expect(bucketQuantile(0.5, b([[0.1, 10], [0.5, 8], [1, 40], [Infinity, 50]]))).toBeCloseTo(0.75, 12);
  });

  it('ignores float noise below 1e-12 relative difference', () => {
    // The 1e-13 relative increases are flattened, so all 10 observations sit in
    // the first bucket; without that, q=1 would land in (1, 2] and return 2.
    expect(bucketQuantile(1, b([[1, 10], [2, 10.000000000001], [Infinity, 10.000000000001]]))).toBe(1);
  });

  it('coalesces duplicate bounds and sorts unsorted input', () => {
    expect(bucketQuantile(0.5, b([[Infinity, 50], [1, 20], [0.5, 30], [1, 20], [0.1, 10]]))).toBeCloseTo(0.4, 12);
  });
});

describe('histogram_quantile()', () => {
  const series = (svc: string, counts: number[]) =>
    ['0.1', '0.5', '1', '+Inf'].map((le, i) => [{ __name__: 'lat_bucket', service: svc, le }, [[0, counts[i] as number]]] as const);
  const store = makeStore([
    ...series('api', [10, 30, 40, 50]),
    ...series('db', [0, 0, 10, 10]),
    [{ __name__: 'lat_sum', service: 'api' }, [[0, 1]]],
  ]);

  it('groups buckets by labels without le and drops le and the name', () => {
    const res = q(store, 'histogram_quantile(0.5, lat_bucket)', 0);
    expect(res.map(([l]) => l)).toEqual(['{service="api"}', '{service="db"}']);
    expect(res[0]?.[1]).toBeCloseTo(0.4, 12);
    expect(res[1]?.[1]).toBeCloseTo(0.75, 12);
  });

  it('ignores series without a le label', () => {
    expect(q(store, 'histogram_quantile(0.5, {__name__=~"lat_.*", service="api"})', 0)).toHaveLength(1);
  });

  it('works over sum by (le) (rate(...)) as usually written', () => {
    const s = makeStore(
      ['0.25', '1', '+Inf'].map((le, i) => [{ __name__: 'h_bucket', le, pod: 'p' }, [[0, 0], [60, [30, 60, 60][i] as number]]] as const),
    );
    // Over 60s: 30 in (0, 0.25], 30 in (0.25, 1]. Median = 0.25.
    expect(one(s, 'histogram_quantile(0.5, sum by (le) (rate(h_bucket[2m])))', 60)).toBeCloseTo(0.25, 12);
  });
});
