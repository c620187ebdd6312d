// Value types: the public query results, and the per-step values the
// evaluator passes between nodes.
import type { Labels } from './labels.js';

/** One element of an instant vector. */
export interface Sample {
  readonly labels: Labels;
  readonly value: number;
}

/** One point of a range-vector / matrix series; t in ms. */
export interface Point {
  readonly t: number;
  readonly v: number;
}

export interface Series {
  readonly labels: Labels;
  readonly points: readonly Point[];
}

/** A query result: Prometheus's four value types; times in ms. */
export type Value =
  | { readonly type: 'scalar'; readonly t: number; readonly value: number }
  | { readonly type: 'string'; readonly t: number; readonly value: string }
  | { readonly type: 'vector'; readonly t: number; readonly samples: readonly Sample[] }
  | { readonly type: 'matrix'; readonly series: readonly Series[] };

/** Instant-vector element inside the evaluator; `t` is the sample's own timestamp when it came straight from storage. */
export interface VSample {
  readonly labels: Labels;
  readonly value: number;
  readonly t?: number;
}

/** A range-vector series inside the evaluator: non-stale points of one window. */
export interface Window {
  readonly labels: Labels;
  readonly ts: ArrayLike<number>;
  readonly vs: ArrayLike<number>;
}

/**
 * A node's value at one evaluation step. `ordered` marks vectors whose order
 * carries meaning (sort, sort_desc, topk, bottomk) and must not be re-sorted
 * by labels at the top level.
 */
export type StepValue =
  | { readonly kind: 'scalar'; readonly v: number }
  | { readonly kind: 'string'; readonly v: string }
  | { readonly kind: 'vector'; readonly samples: readonly VSample[]; readonly ordered?: boolean }
  | { readonly kind: 'matrix'; readonly series: readonly Window[] };
