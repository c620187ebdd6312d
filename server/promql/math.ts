// Numeric helpers that must match Go's math package and Prometheus's
// numerics exactly (Kahan-Neumaier summation, math.Pow special cases,
// the `quantile` used by quantile() and quantile_over_time()).

/** Prometheus's kahansum.Inc: Neumaier-compensated addition. */
export function kahanInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (!Number.isFinite(t) && !Number.isNaN(t)) return [t, 0];
  if (Math.abs(sum) >= Math.abs(inc)) return [t, c + (sum - t + inc)];
  return [t, c + (inc - t + sum)];
}

/** Go's math.Pow, whose special cases differ from `**` for 1^NaN, 1^±Inf and (-1)^±Inf. */
export function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === -1 && !Number.isFinite(y)) return 1;
  return x ** y;
}

/** Go's math.Mod (same sign rules as JS `%`, kept as a named seam). */
export function goMod(x: number, y: number): number {
  return x % y;
}

/** Go's math.Atan2. */
export function goAtan2(y: number, x: number): number {
  return Math.atan2(y, x);
}

/** Sorts ascending with NaN first, as Prometheus's vectorByValueHeap.Less. */
function sortNaNFirst(values: number[]): number[] {
  return values.sort((a, b) => {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
    if (Number.isNaN(b)) return 1;
    return a - b;
  });
}

/**
 * Prometheus's quantile(): linear interpolation between closest ranks
 * (q*(n-1)); NaN for no values or q NaN, ±Inf outside [0, 1].
 */
export function quantile(q: number, input: ArrayLike<number>): number {
  if (input.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const values = sortNaNFirst(Array.from(input));
  const n = values.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return (values[lower] as number) * (1 - weight) + (values[upper] as number) * weight;
}

/** Welford variance with Kahan-compensated mean, as Prometheus's varianceOverTime. */
export function variance(values: ArrayLike<number>): number {
  let count = 0;
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  for (let i = 0; i < values.length; i++) {
    const f = values[i] as number;
    count++;
    const delta = f - (mean + cMean);
    [mean, cMean] = kahanInc(delta / count, mean, cMean);
    [aux, cAux] = kahanInc(delta * (f - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

/** Prometheus's linearRegression: slope and intercept at interceptTime (ms). */
export function linearRegression(ts: ArrayLike<number>, vs: ArrayLike<number>, interceptTime: number): [number, number] {
  let n = 0;
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  const initY = vs[0] as number;
  let constY = true;
  for (let i = 0; i < ts.length; i++) {
    const y = vs[i] as number;
    if (constY && i > 0 && y !== initY) constY = false;
    n += 1;
    const x = ((ts[i] as number) - interceptTime) / 1e3;
    [sumX, cX] = kahanInc(x, sumX, cX);
    [sumY, cY] = kahanInc(y, sumY, cY);
    [sumXY, cXY] = kahanInc(x * y, sumXY, cXY);
    [sumX2, cX2] = kahanInc(x * x, sumX2, cX2);
  }
  if (constY) {
    if (!Number.isFinite(initY) && !Number.isNaN(initY)) return [NaN, NaN];
    return [0, initY];
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}
