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

/** ensureMonotonicAndIgnoreSmallDeltas: flatten float noise, then take the running maximum. */
function ensureMonotonic(buckets: Bucket[]): void {
  let prev = (buckets[0] as Bucket).count;
  for (let i = 1; i < buckets.length; i++) {
    const b = buckets[i] as Bucket;
    const curr = b.count;
    if (curr === prev) continue;
    if (almostEqual(prev, curr, SMALL_DELTA_TOLERANCE) || curr < prev) {
      b.count = prev;
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
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if ((sorted[sorted.length - 1] as Bucket).upperBound !== Infinity) return NaN;
  const buckets = coalesce(sorted);
  ensureMonotonic(buckets);
  if (buckets.length < 2) return NaN;
  const observations = (buckets[buckets.length - 1] as Bucket).count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  // sort.Search over all but the last (+Inf) bucket.
  let b = buckets.length - 1;
  for (let i = 0; i < buckets.length - 1; i++) {
    if ((buckets[i] as Bucket).count >= rank) {
      b = i;
      break;
    }
  }
  if (b === buckets.length - 1) return (buckets[buckets.length - 2] as Bucket).upperBound;
  const cur = buckets[b] as Bucket;
  if (b === 0 && cur.upperBound <= 0) return cur.upperBound;
  let bucketStart = 0;
  let count = cur.count;
  if (b > 0) {
    const prev = buckets[b - 1] as Bucket;
    bucketStart = prev.upperBound;
    count -= prev.count;
    rank -= prev.count;
  }
  return bucketStart + (cur.upperBound - bucketStart) * (rank / count);
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

export function histogramQuantile(q: number, samples: readonly { labels: Labels; value: number }[]): { labels: Labels; value: number }[] {
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  for (const s of samples) {
    const le = parseLe(s.labels['le']);
    if (le === undefined) continue;
    // memoized per label object, so the same series gives the same key without rebuilding it at every evaluation
    const key = labelsKey(derive(s.labels, WITHOUT_LE, withoutLe));
    let g = groups.get(key);
    if (!g) {
      g = { labels: derive(s.labels, WITHOUT_LE_AND_NAME, withoutLeAndName), buckets: [] };
      groups.set(key, g);
    }
    g.buckets.push({ upperBound: le, count: s.value });
  }
  return [...groups.values()].map((g) => ({ labels: g.labels, value: bucketQuantile(q, g.buckets) }));
}
