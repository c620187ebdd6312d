// Type signatures of the PromQL functions we evaluate, copied from
// Prometheus's parser/functions.go. `variadic` has Prometheus's meaning:
// 0 = exactly args.length arguments; n > 0 = between args.length - 1 and
// args.length - 1 + n; -1 = at least args.length - 1, the last type repeating.
import type { ValueType } from './ast.js';

export interface FunctionSignature {
  readonly args: readonly ValueType[];
  readonly variadic: number;
  readonly ret: ValueType;
}

const V: ValueType = 'vector';
const M: ValueType = 'matrix';
const S: ValueType = 'scalar';
const STR: ValueType = 'string';

const vecFn: FunctionSignature = { args: [V], variadic: 0, ret: V };
const rangeFn: FunctionSignature = { args: [M], variadic: 0, ret: V };
const dateFn: FunctionSignature = { args: [V], variadic: 1, ret: V };

/** Every function we evaluate; a grammar function missing here is reported as unsupported. */
export const SIGNATURES: Readonly<Record<string, FunctionSignature>> = {
  abs: vecFn,
  absent: vecFn,
  absent_over_time: rangeFn,
  acos: vecFn,
  acosh: vecFn,
  asin: vecFn,
  asinh: vecFn,
  atan: vecFn,
  atanh: vecFn,
  avg_over_time: rangeFn,
  ceil: vecFn,
  changes: rangeFn,
  clamp: { args: [V, S, S], variadic: 0, ret: V },
  clamp_max: { args: [V, S], variadic: 0, ret: V },
  clamp_min: { args: [V, S], variadic: 0, ret: V },
  cos: vecFn,
  cosh: vecFn,
  count_over_time: rangeFn,
  day_of_month: dateFn,
  day_of_week: dateFn,
  day_of_year: dateFn,
  days_in_month: dateFn,
  deg: vecFn,
  delta: rangeFn,
  deriv: rangeFn,
  exp: vecFn,
  floor: vecFn,
  histogram_quantile: { args: [S, V], variadic: 0, ret: V },
  hour: dateFn,
  idelta: rangeFn,
  increase: rangeFn,
  irate: rangeFn,
  label_join: { args: [V, STR, STR, STR], variadic: -1, ret: V },
  label_replace: { args: [V, STR, STR, STR, STR], variadic: 0, ret: V },
  last_over_time: rangeFn,
  ln: vecFn,
  log10: vecFn,
  log2: vecFn,
  max_over_time: rangeFn,
  min_over_time: rangeFn,
  minute: dateFn,
  month: dateFn,
  pi: { args: [], variadic: 0, ret: S },
  predict_linear: { args: [M, S], variadic: 0, ret: V },
  present_over_time: rangeFn,
  quantile_over_time: { args: [S, M], variadic: 0, ret: V },
  rad: vecFn,
  rate: rangeFn,
  resets: rangeFn,
  round: { args: [V, S], variadic: 1, ret: V },
  scalar: { args: [V], variadic: 0, ret: S },
  sgn: vecFn,
  sin: vecFn,
  sinh: vecFn,
  sort: vecFn,
  sort_desc: vecFn,
  sqrt: vecFn,
  stddev_over_time: rangeFn,
  stdvar_over_time: rangeFn,
  sum_over_time: rangeFn,
  tan: vecFn,
  tanh: vecFn,
  time: { args: [], variadic: 0, ret: S },
  timestamp: vecFn,
  vector: { args: [S], variadic: 0, ret: V },
  year: dateFn,
};

/** [min, max] argument counts; max is Infinity for unlimited varargs. */
export function arity(sig: FunctionSignature): [number, number] {
  const n = sig.args.length;
  if (sig.variadic === 0) return [n, n];
  if (sig.variadic < 0) return [n - 1, Infinity];
  return [n - 1, n - 1 + sig.variadic];
}

/** Expected type of argument i (the last declared type repeats for varargs). */
export function argType(sig: FunctionSignature, i: number): ValueType | undefined {
  if (i < sig.args.length) return sig.args[i];
  return sig.variadic === 0 ? undefined : sig.args[sig.args.length - 1];
}

/** Prometheus's DocumentedType, used in type error messages. */
export function documentedType(t: ValueType): string {
  switch (t) {
    case 'vector':
      return 'instant vector';
    case 'matrix':
      return 'range vector';
    default:
      return t;
  }
}
