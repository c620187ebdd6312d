// The nodes a rule plan (plan.ts) is made of, part one: the answer every vector node keeps
// (Rows), the nodes that read the store (instant selectors, range functions over a selector)
// and scalar expressions. Each reproduces, number for number, what eval.ts computes for the
// same node.
import type { MatrixSelector, VectorSelector } from './ast.js';
import { LOOKBACK_DELTA_MS } from './eval.js';
import { type Labels, dropName, labelsKey } from './labels.js';
import { type RangeCallArgs, RANGE_FUNCTIONS_IN, type WindowFrame, extrapolate, frameOf, withResets } from './rangefns.js';
import type { StoredSeries } from './storage.js';

/**
 * What a vector node of a rule plan gives: its rows, and the label set of each, are fixed when
 * the plan is built (the store's series do not change until it gains one, and a plan is rebuilt
 * then); an evaluation only refills which rows are present, in what order, and their values.
 * Every node keeps its answer in one of these, a single class whatever the node, so the code
 * that fills and reads them sees one shape of object.
 */
export class Rows {
  /** each row's label set: the same objects the general evaluator gives its samples */
  readonly labels: readonly Labels[];
  /** each row's value at the last evaluation; read only the rows listed in `order` */
  readonly value: Float64Array;
  /** the rows present at the last evaluation, in the order the general evaluator lists its samples */
  readonly order: Int32Array;
  /** how many entries of `order` are in use */
  count = 0;
  /**
   * False when the last evaluation is known to have given what the one before gave (the same
   * rows in the same order with the same values): a node whose inputs did not change keeps
   * its answer instead of working it out again.
   */
  changed = true;
  /** whether the arrays hold the answer of the plan's last evaluation: false at first, and after an evaluation left to the general evaluator */
  settled = false;
  /**
   * Rows with equal label sets share an id, or null when every row's labels differ. Where two
   * present rows could share their labels, the general evaluator refuses the vector; the plan
   * checks and leaves such an evaluation to it.
   */
  private readonly sameLabels: Int32Array | null;
  private readonly sameSeenAt: Int32Array;
  private sameStamp = 0;

  constructor(labels: readonly Labels[]) {
    this.labels = labels;
    this.value = new Float64Array(labels.length);
    this.order = new Int32Array(labels.length);
    const ids = new Map<string, number>();
    const sameLabels = ints(labels, (l) => {
      const key = labelsKey(l);
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      return id;
    });
    this.sameLabels = ids.size < labels.length ? sameLabels : null;
    this.sameSeenAt = new Int32Array(this.sameLabels ? ids.size : 0);
  }

  /** Ends an evaluation that keeps the last answer (the inputs are as they were). */
  kept(): boolean {
    this.changed = false;
    return true;
  }

  /** Starts an evaluation that works its answer out again, to be listed with `put` and ended with `finish`. */
  begin(): void {
    this.changed = !this.settled;
  }

  /** Lists row `r`, with value `v`, as the n-th present row; returns n + 1. */
  put(n: number, r: number, v: number): number {
    if (!this.changed && (this.order[n] !== r || !same(this.value[r]!, v))) this.changed = true;
    this.value[r] = v;
    this.order[n] = r;
    return n + 1;
  }

  /** Ends an evaluation that listed `n` rows; false (as eval) if two of them have the same labels. */
  finish(n: number): boolean {
    if (n !== this.count) this.changed = true;
    this.count = n;
    this.settled = !this.duplicated();
    return this.settled;
  }

  /** Whether two present rows have the same label set (eval.ts's `checked` would throw). */
  private duplicated(): boolean {
    const same = this.sameLabels;
    if (same === null) return false;
    const stamp = ++this.sameStamp;
    for (let k = 0; k < this.count; k++) {
      const id = same[this.order[k]!]!;
      if (this.sameSeenAt[id] === stamp) return true;
      this.sameSeenAt[id] = stamp;
    }
    return false;
  }
}

/** A vector node of a rule plan: its answer in `out`. */
export interface VectorNode {
  readonly out: Rows;
  /** Evaluates at `t` (ms); false when this evaluation has to be left to the general evaluator. */
  eval(t: number): boolean;
}

/** Small ids for strings (match signatures, group keys), in first-seen order. */
export class Interner {
  private readonly ids = new Map<string, number>();

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) this.ids.set(s, (id = this.ids.size));
    return id;
  }

  /** how many ids were given */
  get size(): number {
    return this.ids.size;
  }
}

/** `Int32Array.from(list, f)` without the iterator protocol's cost (a plan is built for every drill). */
export function ints<T>(list: readonly T[], f: (x: T) => number): Int32Array {
  const out = new Int32Array(list.length);
  for (let i = 0; i < list.length; i++) out[i] = f(list[i]!);
  return out;
}

/** Whether two values are the same to the bit for what follows (0 and -0 differ; NaN counts as changed). */
function same(a: number, b: number): boolean {
  return a === b && (a !== 0 || 1 / a === 1 / b);
}

/** A scalar expression of a plan (a literal, time(), arithmetic of those). */
export interface ScalarNode {
  /** the same at every evaluation */
  readonly constant: boolean;
  eval(t: number): number;
}

/**
 * `s.firstAfter(t)`, starting from `from`, an earlier answer: evaluation times mostly move
 * forward by a few samples, so a short walk usually finds it without a search.
 */
export function seek(s: StoredSeries, from: number, t: number): number {
  const n = s.length;
  const ts = s.times;
  if (from <= n && (from === 0 || ts[from - 1]! <= t)) {
    let i = from;
    for (let steps = 0; steps < 8; steps++) {
      if (i === n || ts[i]! > t) return i;
      i++;
    }
  }
  return s.firstAfter(t);
}

/** An instant vector selector: each selected series' newest sample in the lookback window. */
export class SelectorNode implements VectorNode {
  readonly out: Rows;
  private readonly cursor: Int32Array;

  constructor(
    private readonly selector: VectorSelector,
    private readonly series: readonly StoredSeries[],
  ) {
    this.out = new Rows(series.map((s) => s.labels));
    this.cursor = new Int32Array(series.length);
  }

  eval(t: number): boolean {
    const ref = t - this.selector.offset;
    const oldest = ref - LOOKBACK_DELTA_MS;
    const out = this.out;
    out.begin();
    let n = 0;
    // series that share their sample times (and length) share the answer of the search
    let times: Float64Array | null = null;
    let length = -1;
    let at = 0;
    for (let r = 0; r < this.series.length; r++) {
      const s = this.series[r]!;
      if (s.times !== times || s.length !== length) {
        times = s.times;
        length = s.length;
        at = seek(s, this.cursor[r]!, ref);
      }
      this.cursor[r] = at;
      const i = at - 1;
      if (i < 0 || times[i]! <= oldest) continue;
      const v = s.values[i]!;
      if (v !== v) continue; // a stale marker: the series is gone
      n = out.put(n, r, v);
    }
    return out.finish(n);
  }
}

/** Counts a plan's evaluations: what is worked out once an evaluation is stamped with it. */
export interface Clock {
  run: number;
}

/**
 * The windows of one range function (one function, range and offset) over a store's series,
 * indexed by series ref and shared by the plan's nodes that take them: a series two of them
 * select (the 5xx requests of `errors / all`) has its window worked out once an evaluation.
 * Each window remembers where it was, and how far its series has been searched for counter
 * resets: a window with none needs no pass over its samples.
 */
export class Windows {
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** samples [1, scanned) have been checked for resets; the last reset found is at lastReset (-1: none) */
  readonly scanned: Int32Array;
  readonly lastReset: Int32Array;
  /** the evaluation (Clock.run) each window's value is from, and whether it gave one */
  readonly at: Int32Array;
  readonly has: Uint8Array;
  readonly value: Float64Array;

  constructor(series: number) {
    this.from = new Int32Array(series);
    this.to = new Int32Array(series);
    this.scanned = new Int32Array(series);
    this.lastReset = new Int32Array(series).fill(-1);
    this.at = new Int32Array(series);
    this.has = new Uint8Array(series);
    this.value = new Float64Array(series);
  }
}

/**
 * A range function over a matrix selector (rate, increase, delta, count_over_time,
 * last_over_time, present_over_time: the ones that read a window in place), its windows kept
 * in a Windows table. Series sampled at the same instants share their window bounds and what
 * extrapolation takes from the times.
 */
export class RangeNode implements VectorNode {
  readonly out: Rows;
  private readonly args: { rangeStart: number; rangeEnd: number; range: number; evalT: number; scalar: number };
  private readonly fn: NonNullable<(typeof RANGE_FUNCTIONS_IN)[string]>;
  private readonly counter: boolean;
  private readonly isRate: boolean;
  private readonly frame: WindowFrame = { durationToStart: 0, durationToEnd: 0, sampledInterval: 0, factor: 0 };

  constructor(
    func: string,
    private readonly ms: MatrixSelector,
    private readonly series: readonly StoredSeries[],
    /** this function's windows (function, range and offset as here) */
    private readonly windows: Windows,
    private readonly clock: Clock,
  ) {
    this.out = new Rows(series.map((s) => (func === 'last_over_time' ? s.labels : dropName(s.labels))));
    this.fn = RANGE_FUNCTIONS_IN[func]!;
    this.counter = func === 'rate' || func === 'increase';
    this.isRate = func === 'rate';
    this.args = { rangeStart: 0, rangeEnd: 0, range: ms.range, evalT: 0, scalar: NaN };
  }

  eval(t: number): boolean {
    const a = this.args;
    a.rangeEnd = t - this.ms.selector.offset;
    a.rangeStart = a.rangeEnd - this.ms.range;
    a.evalT = t;
    const { out, windows: w } = this;
    const run = this.clock.run;
    out.begin();
    let n = 0;
    let times: Float64Array | null = null;
    let length = -1;
    let lo = 0;
    let hi = 0;
    let framed = false;
    for (let r = 0; r < this.series.length; r++) {
      const s = this.series[r]!;
      const k = s.ref;
      if (w.at[k] !== run) {
        if (s.times !== times || s.length !== length) {
          times = s.times;
          length = s.length;
          hi = seek(s, w.to[k]!, a.rangeEnd);
          lo = seek(s, w.from[k]!, a.rangeStart);
          framed = false;
        }
        w.to[k] = hi;
        w.from[k] = lo;
        let v: number | undefined;
        if (hi > lo) {
          // eval.ts copies the window without its stale markers; the simulator writes none
          if (s.hasStaleMarkers) return false;
          if (!this.counter) v = this.fn(times, s.values, lo, hi, a as RangeCallArgs);
          else if (hi - lo >= 2) {
            if (!framed) frameOf(times, lo, hi, a, this.isRate, this.frame);
            framed = true;
            v = this.counterRate(k, s.values, lo, hi);
          }
        }
        w.at[k] = run;
        w.has[k] = v === undefined ? 0 : 1;
        if (v !== undefined) w.value[k] = v;
      }
      if (w.has[k]) n = out.put(n, r, w.value[k]!);
    }
    return out.finish(n);
  }

  /** extrapolatedRateIn for a counter's window of two or more samples, adding resets only when the window holds one. */
  private counterRate(k: number, vs: Float64Array, lo: number, hi: number): number {
    const w = this.windows;
    let last = w.lastReset[k]!;
    for (let i = Math.max(1, w.scanned[k]!); i < hi; i++) if (vs[i]! < vs[i - 1]!) last = i;
    w.lastReset[k] = last;
    if (hi > w.scanned[k]!) w.scanned[k] = hi;
    const delta = vs[hi - 1]! - vs[lo]!;
    const result = last > lo ? withResets(vs, lo, hi, delta) : delta;
    return extrapolate(this.frame, vs[lo]!, result, this.args, true, this.isRate);
  }
}

/** A number literal. */
export class LiteralNode implements ScalarNode {
  readonly constant = true;
  constructor(private readonly v: number) {}
  eval(): number {
    return this.v;
  }
}

/** time(): the evaluation time in seconds. */
export class TimeNode implements ScalarNode {
  readonly constant = false;
  eval(t: number): number {
    return t / 1000;
  }
}

/** Unary minus of a scalar. */
export class NegateNode implements ScalarNode {
  readonly constant: boolean;
  constructor(private readonly x: ScalarNode) {
    this.constant = x.constant;
  }
  eval(t: number): number {
    return -this.x.eval(t);
  }
}
