/**
 * Healthy behaviour of a series and the shapes faults bend it into. Pure functions of time.
 */
import type { Effect, Generator } from '../scenario/schema.js';

/**
 * Healthy value at sim time t: base, a daily cosine swing peaking at peak_hour, and relative
 * gaussian noise (the caller draws `z` from the series' own stream).
 */
export function healthyValue(g: Generator, t: number, startHour: number, z: number): number {
  const hour = startHour + t / 3600;
  const daily = 1 + g.daily * Math.cos((2 * Math.PI * (hour - g.peak_hour)) / 24);
  return g.base * daily * (1 + g.noise * z);
}

/**
 * Strength (0..1) of an effect `tau` seconds after it started.
 * step: full at once; ramp: linear to full over `over`; spike: full for `over`, then gone;
 * decay: full at once, halving every `over`.
 */
export function shapeStrength(shape: Effect['shape'], tau: number, over: number | undefined): number {
  if (tau < 0) return 0;
  const o = over ?? 0;
  switch (shape) {
    case 'step': return 1;
    case 'ramp': return o <= 0 ? 1 : Math.min(1, tau / o);
    case 'spike': return tau < o ? 1 : 0;
    case 'decay': return o <= 0 ? 0 : Math.pow(0.5, tau / o);
  }
}

/**
 * A multiplier at strength f. Up to full strength it is linear (x12 at half strength is x6.5,
 * x0.2 at half strength is x0.6, so ramps and mitigations ease in); beyond full strength
 * (a worsened fault) growth stays linear and shrinking compounds (x0.2 at 1.3 is
 * 0.2 x 0.2^0.3), so a value is never driven below zero.
 */
export function scaleMultiplier(m: number, f: number): number {
  if (f === 1) return m;
  if (f < 1 || m >= 1) return 1 + (m - 1) * f;
  return m * Math.pow(m, f - 1);
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 via erf), for histogram bucket fractions. */
export function normalCdf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return 0.5 * (1 + sign * y);
}

/** z-score of the 99th percentile of a standard normal. */
export const Z99 = 2.3263478740408408;
