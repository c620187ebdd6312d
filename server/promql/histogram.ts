// histogram_quantile over classic (le-labelled) bucket series, ported from
// Prometheus's promql/quantile.go (BucketQuantile with coalescing,
// small-delta tolerance and forced monotonicity) and the classic-bucket
// grouping of funcHistogramQuantile.
import { type Labels, METRIC_NAME, derive, labelsKey, without } from './labels.js';

export interface Bucket {
  upperBound: number;
  count: number;
}

const SMALL_DELTA_TOLERANCE = 1e-12;
const MIN_NORMAL = 2.2250738585072014e-308;

/** Prometheus's util/almost.Equal. */
function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

function coalesce(buckets: Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  for (const b of buckets) {
    const last = out[out.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else out.push({ ...b });
  }
  return out;
}

/** ensureMonotonicAndIgnoreSmallDeltas over counts [0, n): flatten float noise, then take the running maximum. */
function ensureMonotonic(counts: Float64Array, n: number): void {
  let prev = counts[0] as number;
  for (let i = 1; i < n; i++) {
    const curr = counts[i] as number;
    if (curr === prev) continue;
    if (almostEqual(prev, curr, SMALL_DELTA_TOLERANCE) || curr < prev) {
      counts[i] = prev;
      continue;
    }
    prev = curr;
  }
}

/**
 * Prometheus's BucketQuantile: linear interpolation inside the bucket that
 * holds rank q*total, 0 as the lower bound of the lowest bucket when its
 * upper bound is positive, the second-highest bound when the rank falls in
 * the +Inf bucket; NaN without a +Inf bucket, with < 2 buckets or no
 * observations; -Inf/+Inf for q < 0 / q > 1.
 */
export function bucketQuantile(q: number, input: readonly Bucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  if (input.length === 0) return NaN;
  const buckets = coalesce([...input].sort((a, b) => a.upperBound - b.upperBound));
  return sortedBucketQuantile(q, Float64Array.from(buckets, (b) => b.upperBound), Float64Array.from(buckets, (b) => b.count), buckets.length);
}

/**
 * `bucketQuantile` of buckets [0, n) already sorted by upper bound, none twice (the arrays
 * are parallel: upper bounds and cumulative counts). Works in place: `counts` is made
 * monotonic. The compiled rule evaluator keeps a histogram's buckets in this form.
 */
export function sortedBucketQuantile(q: number, upper: ArrayLike<number>, counts: Float64Array, n: number): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  if (n === 0 || upper[n - 1] !== Infinity) return NaN;
  ensureMonotonic(counts, n);
  if (n < 2) return NaN;
  const observations = counts[n - 1] as number;
  if (observations === 0) return NaN;
  let rank = q * observations;
  // sort.Search over all but the last (+Inf) bucket.
  let b = n - 1;
  for (let i = 0; i < n - 1; i++) {
    if ((counts[i] as number) >= rank) {
      b = i;
      break;
    }
  }
  if (b === n - 1) return upper[n - 2] as number;
  const upperB = upper[b] as number;
  if (b === 0 && upperB <= 0) return upperB;
  let bucketStart = 0;
  let count = counts[b] as number;
  if (b > 0) {
    const prevCount = counts[b - 1] as number;
    bucketStart = upper[b - 1] as number;
    count -= prevCount;
    rank -= prevCount;
  }
  return bucketStart + (upperB - bucketStart) * (rank / count);
}

/** Parses an `le` value like Go's strconv.ParseFloat (accepts +Inf, Inf, NaN). */
function parseLe(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = s.trim();
  if (t !== s || t === '') return undefined;
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t) && !/^[+-]?0[xX][0-9a-fA-F.]+([pP][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/**
 * histogram_quantile(q, v) for classic histograms: groups bucket samples by
 * their labels without `le` (the metric name is part of the grouping, then
 * dropped from the output together with `le`); samples without a parsable
 * `le` are ignored, as in Prometheus.
 */
const WITHOUT_LE = 'histogram_quantile\xffwithout le';
const WITHOUT_LE_AND_NAME = 'histogram_quantile\xffwithout le, __name__';

const LE = ['le'];
const LE_AND_NAME = ['le', METRIC_NAME];
const withoutLe = (l: Labels): Labels => without(l, LE);
const withoutLeAndName = (l: Labels): Labels => without(l, LE_AND_NAME);

/**
 * Where histogram_quantile files a sample with these labels: its `le`, the key of its group and
 * the group's output labels; undefined without a parsable `le`. Memoized per label object, so
 * the same series gives the same key without rebuilding it at every evaluation.
 */
export function bucketOf(l: Labels): { le: number; key: string; labels: Labels } | undefined {
  const le = parseLe(l['le']);
  if (le === undefined) return undefined;
  return { le, key: labelsKey(derive(l, WITHOUT_LE, withoutLe)), labels: derive(l, WITHOUT_LE_AND_NAME, withoutLeAndName) };
}

export function histogramQuantile(q: number, samples: readonly { labels: Labels; value: number }[]): { labels: Labels; value: number }[] {
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  for (const s of samples) {
    const b = bucketOf(s.labels);
    if (b === undefined) continue;
    let g = groups.get(b.key);
    if (!g) {
      g = { labels: b.labels, buckets: [] };
      groups.set(b.key, g);
    }
    g.buckets.push({ upperBound: b.le, count: s.value });
  }
  return [...groups.values()].map((g) => ({ labels: g.labels, value: bucketQuantile(q, g.buckets) }));
}
