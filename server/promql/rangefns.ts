// Functions over range vectors (one window of one series per call), ported
// from Prometheus's promql/functions.go for float samples.
import { kahanInc, linearRegression, quantile, variance } from './math.js';

/** Window bounds and the call's scalar argument (predict_linear's t, quantile_over_time's q). */
export interface RangeCallArgs {
  /** Exclusive lower bound, ms: eval time - offset - range. */
  readonly rangeStart: number;
  /** Inclusive upper bound, ms: eval time - offset. */
  readonly rangeEnd: number;
  /** Range in ms. */
  readonly range: number;
  /** Evaluation time, ms. */
  readonly evalT: number;
  readonly scalar: number;
}

/** Returns the output value, or undefined to emit no sample for this series. */
export type RangeFn = (ts: ArrayLike<number>, vs: ArrayLike<number>, a: RangeCallArgs) => number | undefined;

/**
 * Prometheus's extrapolatedRate for rate/increase/delta: the change over the
 * window (corrected for counter resets), extrapolated to the window edges
 * when the first/last sample is within 1.1x the average sample interval of
 * the edge (else by half an interval), and never extrapolating a counter
 * below zero. Prometheus 3.x applies the threshold before the zero clamp.
 */
export function extrapolatedRate(
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  a: RangeCallArgs,
  isCounter: boolean,
  isRate: boolean,
): number | undefined {
  return extrapolatedRateIn(ts, vs, 0, ts.length, a, isCounter, isRate);
}

/** `extrapolatedRate` over samples [lo, hi) of the arrays, so a stored series' window needs no copy or view. */
export function extrapolatedRateIn(
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  lo: number,
  hi: number,
  a: RangeCallArgs,
  isCounter: boolean,
  isRate: boolean,
): number | undefined {
  if (hi - lo < 2) return undefined;
  const delta = (vs[hi - 1] as number) - (vs[lo] as number);
  const result = isCounter ? withResets(vs, lo, hi, delta) : delta;
  return extrapolate(frameOf(ts, lo, hi, a, isRate), vs[lo] as number, result, a, isCounter, isRate);
}

/** `delta` plus the value before each counter reset (a decrease) among samples [lo, hi), added in order. */
export function withResets(vs: ArrayLike<number>, lo: number, hi: number, delta: number): number {
  let result = delta;
  for (let i = lo + 1; i < hi; i++) {
    const prev = vs[i - 1] as number;
    if ((vs[i] as number) < prev) result += prev;
  }
  return result;
}

/**
 * What extrapolating over a window takes from the sample times alone. Series sampled at the
 * same instants share it, so the compiled rule evaluator works it out once for all of them.
 */
export interface WindowFrame {
  /** seconds from the window start to the first sample, and from the last sample to the window end, each capped by the extrapolation threshold */
  durationToStart: number;
  durationToEnd: number;
  /** seconds from the first sample to the last */
  sampledInterval: number;
  /** the extrapolation factor (per second of range, for a rate) unless a counter's zero point cuts durationToStart */
  factor: number;
}

/** The frame of samples [lo, hi) (at least two), filled into `into` when given. */
export function frameOf(ts: ArrayLike<number>, lo: number, hi: number, a: RangeCallArgs, isRate: boolean, into?: WindowFrame): WindowFrame {
  const n = hi - lo;
  const firstT = ts[lo] as number;
  const lastT = ts[hi - 1] as number;
  let durationToStart = (firstT - a.rangeStart) / 1000;
  let durationToEnd = (a.rangeEnd - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const averageDurationBetweenSamples = sampledInterval / (n - 1);
  const extrapolationThreshold = averageDurationBetweenSamples * 1.1;
  if (durationToStart >= extrapolationThreshold) durationToStart = averageDurationBetweenSamples / 2;
  if (durationToEnd >= extrapolationThreshold) durationToEnd = averageDurationBetweenSamples / 2;
  const factor = factorOf(sampledInterval, durationToStart, durationToEnd, a, isRate);
  if (into === undefined) return { durationToStart, durationToEnd, sampledInterval, factor };
  into.durationToStart = durationToStart;
  into.durationToEnd = durationToEnd;
  into.sampledInterval = sampledInterval;
  into.factor = factor;
  return into;
}

function factorOf(sampledInterval: number, durationToStart: number, durationToEnd: number, a: RangeCallArgs, isRate: boolean): number {
  let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
  if (isRate) factor /= a.range / 1000;
  return factor;
}

/**
 * The second half of `extrapolatedRateIn`: the change `result` over a window (resets already
 * added for a counter) whose first value is `first`, extrapolated to the window edges.
 */
export function extrapolate(f: WindowFrame, first: number, result: number, a: RangeCallArgs, isCounter: boolean, isRate: boolean): number {
  if (isCounter) {
    // never extrapolate a counter below zero
    let durationToZero = f.durationToStart;
    if (result > 0 && first >= 0) durationToZero = f.sampledInterval * (first / result);
    if (durationToZero < f.durationToStart) return result * factorOf(f.sampledInterval, durationToZero, f.durationToEnd, a, isRate);
  }
  return result * f.factor;
}

/**
 * Range functions that can read a window in place, samples [lo, hi) of a series' arrays (no
 * stale markers among them); the same results as `RANGE_FUNCTIONS` on that window.
 */
export const RANGE_FUNCTIONS_IN: Readonly<Record<string, (ts: ArrayLike<number>, vs: ArrayLike<number>, lo: number, hi: number, a: RangeCallArgs) => number | undefined>> = {
  rate: (ts, vs, lo, hi, a) => extrapolatedRateIn(ts, vs, lo, hi, a, true, true),
  increase: (ts, vs, lo, hi, a) => extrapolatedRateIn(ts, vs, lo, hi, a, true, false),
  delta: (ts, vs, lo, hi, a) => extrapolatedRateIn(ts, vs, lo, hi, a, false, false),
  count_over_time: (_ts, _vs, lo, hi) => hi - lo,
  last_over_time: (_ts, vs, _lo, hi) => vs[hi - 1],
  present_over_time: () => 1,
};

/** irate/idelta: the last two samples only; irate treats a decrease as a counter reset. */
function instantValue(ts: ArrayLike<number>, vs: ArrayLike<number>, isRate: boolean): number | undefined {
  const n = ts.length;
  if (n < 2) return undefined;
  const t0 = ts[n - 2] as number;
  const t1 = ts[n - 1] as number;
  const v0 = vs[n - 2] as number;
  const v1 = vs[n - 1] as number;
  const interval = t1 - t0;
  if (interval === 0) return undefined;
  let result = v1;
  if (!isRate || !(v1 < v0)) result = v1 - v0;
  return isRate ? result / (interval / 1000) : result;
}

/** avg_over_time: Kahan-compensated direct mean, switching to an incremental mean on overflow. */
function avgOverTime(vs: ArrayLike<number>): number {
  let sum = vs[0] as number;
  let count = 1;
  let mean = 0;
  let c = 0;
  let incremental = false;
  for (let i = 1; i < vs.length; i++) {
    const f = vs[i] as number;
    count = i + 1;
    if (!incremental) {
      const [newSum, newC] = kahanInc(f, sum, c);
      if (Number.isFinite(newSum) || Number.isNaN(newSum)) {
        sum = newSum;
        c = newC;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    [mean, c] = kahanInc(f / count, q * mean, q * c);
  }
  return incremental ? mean + c : sum / count + c / count;
}

function extreme(vs: ArrayLike<number>, better: (cur: number, best: number) => boolean): number {
  let best = vs[0] as number;
  for (let i = 0; i < vs.length; i++) {
    const f = vs[i] as number;
    if (better(f, best) || Number.isNaN(best)) best = f;
  }
  return best;
}

function sumOverTime(vs: ArrayLike<number>): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < vs.length; i++) [sum, c] = kahanInc(vs[i] as number, sum, c);
  return !Number.isFinite(sum) && !Number.isNaN(sum) ? sum : sum + c;
}

function countChanges(vs: ArrayLike<number>, counts: (prev: number, cur: number) => boolean): number {
  let n = 0;
  for (let i = 1; i < vs.length; i++) if (counts(vs[i - 1] as number, vs[i] as number)) n++;
  return n;
}

/** Range-vector functions by name. Each is only called with at least one sample. */
export const RANGE_FUNCTIONS: Readonly<Record<string, RangeFn>> = {
  rate: (ts, vs, a) => extrapolatedRate(ts, vs, a, true, true),
  increase: (ts, vs, a) => extrapolatedRate(ts, vs, a, true, false),
  delta: (ts, vs, a) => extrapolatedRate(ts, vs, a, false, false),
  irate: (ts, vs) => instantValue(ts, vs, true),
  idelta: (ts, vs) => instantValue(ts, vs, false),
  avg_over_time: (_ts, vs) => avgOverTime(vs),
  min_over_time: (_ts, vs) => extreme(vs, (cur, best) => cur < best),
  max_over_time: (_ts, vs) => extreme(vs, (cur, best) => cur > best),
  sum_over_time: (_ts, vs) => sumOverTime(vs),
  count_over_time: (ts) => ts.length,
  last_over_time: (_ts, vs) => vs[vs.length - 1],
  quantile_over_time: (_ts, vs, a) => quantile(a.scalar, vs),
  stddev_over_time: (_ts, vs) => Math.sqrt(variance(vs)),
  stdvar_over_time: (_ts, vs) => variance(vs),
  present_over_time: () => 1,
  absent_over_time: () => 1,
  changes: (_ts, vs) => countChanges(vs, (p, c) => c !== p && !(Number.isNaN(c) && Number.isNaN(p))),
  resets: (_ts, vs) => countChanges(vs, (p, c) => c < p),
  deriv: (ts, vs) => (ts.length < 2 ? undefined : linearRegression(ts, vs, ts[0] as number)[0]),
  predict_linear: (ts, vs, a) => {
    if (ts.length < 2) return undefined;
    const [slope, intercept] = linearRegression(ts, vs, a.evalT);
    return slope * a.scalar + intercept;
  },
};
