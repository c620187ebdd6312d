// The evaluator: evaluates a compiled expression at one instant (instant
// queries, alert rules) or at every step of a range (range queries, graphs).
//
// Semantics follow Prometheus 3.x, which is what @prometheus-io/lezer-promql
// 0.3xx tracks: range selectors select the left-open window
// (t - offset - range, t - offset], and an instant selector takes the newest
// sample in the left-open lookback window (t - offset - 5m, t - offset],
// yielding nothing if that sample is a stale marker. Range selectors skip
// stale markers. A range query is evaluated step by step, which gives the
// same results as Prometheus's vectorised range evaluation.
import { type Expr, type MatrixSelector, type ValueType, type VectorSelector, unwrapParens } from './ast.js';
import { aggregate } from './aggregations.js';
import { evalBinary } from './binary.js';
import { fail } from './errors.js';
import { absentLabels, callInstantFunction, checked } from './functions.js';
import { type Labels, compareLabels, dropName, labelsKey } from './labels.js';
import { RANGE_FUNCTIONS, RANGE_FUNCTIONS_IN } from './rangefns.js';
import type { MemoryStore, StoredSeries } from './storage.js';
import type { Point, Sample, Series, StepValue, VSample, Value, Window } from './values.js';

/** Prometheus's default lookback delta: 5 minutes. */
export const LOOKBACK_DELTA_MS = 5 * 60 * 1000;

/** Prometheus refuses range queries with more points per series than this. */
export const MAX_POINTS_PER_SERIES = 11000;

/** A parsed and type-checked expression, ready to evaluate any number of times. */
export interface Compiled {
  readonly source: string;
  readonly expr: Expr;
  readonly type: ValueType;
}

interface Ctx {
  readonly store: MemoryStore;
  t: number;
  readonly selections: Map<VectorSelector, readonly StoredSeries[]>;
  readonly kept: WeakMap<VectorSelector, { generation: number; series: readonly StoredSeries[] }>;
}

/**
 * The series each selector node selected from a store, kept per store (a rule's compiled
 * expression is evaluated at every evaluation interval, and drills of one scenario may share
 * it) until the store gains a series.
 */
const keptSelections = new WeakMap<MemoryStore, WeakMap<VectorSelector, { generation: number; series: readonly StoredSeries[] }>>();

function keptFor(store: MemoryStore): WeakMap<VectorSelector, { generation: number; series: readonly StoredSeries[] }> {
  let k = keptSelections.get(store);
  if (!k) {
    k = new WeakMap();
    keptSelections.set(store, k);
  }
  return k;
}

function selectSeries(ctx: Ctx, vs: VectorSelector): readonly StoredSeries[] {
  let s = ctx.selections.get(vs);
  if (!s) {
    const kept = ctx.kept.get(vs);
    if (kept && kept.generation === ctx.store.generation) s = kept.series;
    else {
      s = ctx.store.select(vs.matchers);
      ctx.kept.set(vs, { generation: ctx.store.generation, series: s });
    }
    ctx.selections.set(vs, s);
  }
  return s;
}

/** vectorSelectorSingle for every selected series. */
function evalVectorSelector(vs: VectorSelector, ctx: Ctx): VSample[] {
  const ref = ctx.t - vs.offset;
  const out: VSample[] = [];
  for (const s of selectSeries(ctx, vs)) {
    const i = s.firstAfter(ref) - 1;
    if (i < 0) continue;
    const t = s.timeAt(i);
    if (t <= ref - LOOKBACK_DELTA_MS) continue;
    const v = s.valueAt(i);
    if (Number.isNaN(v)) continue;
    out.push({ labels: s.labels, value: v, t });
  }
  return out;
}

/** matrixIterSlice for every selected series; series without points are left out. */
function evalWindows(ms: MatrixSelector, ctx: Ctx): Window[] {
  const maxt = ctx.t - ms.selector.offset;
  const mint = maxt - ms.range;
  const out: Window[] = [];
  for (const s of selectSeries(ctx, ms.selector)) {
    const hi = s.firstAfter(maxt);
    const lo = s.firstAfter(mint);
    if (hi <= lo) continue;
    let stale = 0;
    if (s.hasStaleMarkers) for (let i = lo; i < hi; i++) if (Number.isNaN(s.valueAt(i))) stale++;
    if (stale === 0) {
      out.push({ labels: s.labels, ...s.slice(lo, hi) });
      continue;
    }
    if (stale === hi - lo) continue;
    out.push(windowOf(s, lo, hi));
  }
  return out;
}

/** The non-stale samples [lo, hi) of a series, copied. */
function windowOf(s: StoredSeries, lo: number, hi: number): Window {
  const ts: number[] = [];
  const vs: number[] = [];
  for (let i = lo; i < hi; i++) {
    const v = s.valueAt(i);
    if (Number.isNaN(v)) continue;
    ts.push(s.timeAt(i));
    vs.push(v);
  }
  return { labels: s.labels, ts, vs };
}

function evalRangeCall(e: Extract<Expr, { type: 'call' }>, ctx: Ctx): StepValue {
  const idx = e.args.findIndex((a) => unwrapParens(a).type === 'matrixSelector');
  const ms = unwrapParens(e.args[idx] as Expr) as MatrixSelector;
  const other = e.args.find((_, i) => i !== idx);
  const sv = other ? evalNode(other, ctx) : undefined;
  const fn = RANGE_FUNCTIONS[e.func];
  if (!fn) return fail(`unsupported function "${e.func}"`, e.pos);
  const rangeEnd = ctx.t - ms.selector.offset;
  const args = { rangeStart: rangeEnd - ms.range, rangeEnd, range: ms.range, evalT: ctx.t, scalar: sv?.kind === 'scalar' ? sv.v : NaN };
  const keepName = e.func === 'last_over_time';
  const out: VSample[] = [];
  const inPlace = RANGE_FUNCTIONS_IN[e.func];
  if (inPlace) {
    // The windows of evalWindows, read in place: no view or copy unless a window holds stale markers.
    for (const s of selectSeries(ctx, ms.selector)) {
      const hi = s.firstAfter(args.rangeEnd);
      const lo = s.firstAfter(args.rangeStart);
      if (hi <= lo) continue;
      const vals = s.values;
      let stale = 0;
      if (s.hasStaleMarkers) for (let i = lo; i < hi; i++) if (Number.isNaN(vals[i])) stale++;
      let v: number | undefined;
      if (stale === 0) v = inPlace(s.times, vals, lo, hi, args);
      else if (stale === hi - lo) continue;
      else {
        const w = windowOf(s, lo, hi);
        v = fn(w.ts, w.vs, args);
      }
      if (v !== undefined) out.push({ labels: keepName ? s.labels : dropName(s.labels), value: v });
    }
  } else {
    for (const w of evalWindows(ms, ctx)) {
      const v = fn(w.ts, w.vs, args);
      if (v !== undefined) out.push({ labels: keepName ? w.labels : dropName(w.labels), value: v });
    }
  }
  if (e.func === 'absent_over_time') {
    return { kind: 'vector', samples: out.length > 0 ? [] : [{ labels: absentLabels(ms), value: 1 }] };
  }
  // Series of one metric name stay distinct after dropping the name.
  if (ms.selector.name !== undefined) return { kind: 'vector', samples: out };
  return checked(e, out);
}

function evalNode(e: Expr, ctx: Ctx): StepValue {
  switch (e.type) {
    case 'number':
      return { kind: 'scalar', v: e.value };
    case 'string':
      return { kind: 'string', v: e.value };
    case 'vectorSelector':
      return { kind: 'vector', samples: evalVectorSelector(e, ctx) };
    case 'matrixSelector':
      return { kind: 'matrix', series: evalWindows(e, ctx) };
    case 'paren':
      return evalNode(e.expr, ctx);
    case 'unary': {
      const v = evalNode(e.expr, ctx);
      if (e.op === '+') return v;
      if (v.kind === 'scalar') return { kind: 'scalar', v: -v.v };
      if (v.kind !== 'vector') return fail('unary expression only allowed on expressions of type scalar or instant vector', e.pos);
      return checked(e, v.samples.map((s) => ({ labels: dropName(s.labels), value: -s.value })));
    }
    case 'binary': {
      const v = evalBinary(e, evalNode(e.lhs, ctx), evalNode(e.rhs, ctx));
      return v.kind === 'vector' ? checked(e, v.samples) : v;
    }
    case 'aggregate': {
      const pv = e.param ? evalNode(e.param, ctx) : null;
      const param = pv === null ? null : pv.kind === 'scalar' || pv.kind === 'string' ? pv.v : null;
      const input = evalNode(e.expr, ctx);
      const { samples, ordered } = aggregate(e, input.kind === 'vector' ? input.samples : [], param);
      return { kind: 'vector', samples, ordered };
    }
    case 'call':
      if (e.args.some((a) => unwrapParens(a).type === 'matrixSelector')) return evalRangeCall(e, ctx);
      return callInstantFunction(
        e,
        e.args.map((a) => evalNode(a, ctx)),
        ctx.t,
      );
  }
}

function sortSamples<T extends { labels: Labels }>(items: T[]): T[] {
  return items.sort((a, b) => compareLabels(a.labels, b.labels));
}

/**
 * Evaluates `c` at time `t` (ms) against `store`, as a Prometheus instant
 * query. Vectors are sorted by label set for byte-stable output, except
 * when the expression's own ordering matters (sort, sort_desc, topk, bottomk).
 * Throws PromQLError for evaluation-time errors (e.g. many-to-many matching).
 */
export function instantQuery(c: Compiled, store: MemoryStore, t: number): Value {
  const ctx: Ctx = { store, t, selections: new Map(), kept: keptFor(store) };
  const v = evalNode(c.expr, ctx);
  switch (v.kind) {
    case 'scalar':
      return { type: 'scalar', t, value: v.v };
    case 'string':
      return { type: 'string', t, value: v.v };
    case 'vector': {
      const samples: Sample[] = v.samples.map((s) => ({ labels: s.labels, value: s.value }));
      return { type: 'vector', t, samples: v.ordered ? samples : sortSamples(samples) };
    }
    case 'matrix': {
      const series: Series[] = v.series.map((w) => ({ labels: w.labels, points: Array.from(w.ts, (pt, i) => ({ t: pt, v: w.vs[i] as number })) }));
      return { type: 'matrix', series: sortSamples(series) };
    }
  }
}

/**
 * Evaluates `c` at start, start+step, ..., end (ms) as a Prometheus range
 * query and returns a matrix sorted by label set. Only scalar and instant
 * vector expressions are allowed, as in Prometheus.
 */
export function rangeQuery(c: Compiled, store: MemoryStore, start: number, end: number, step: number): Value {
  if (c.type !== 'scalar' && c.type !== 'vector') {
    const t = c.type === 'matrix' ? 'range vector' : c.type;
    throw new Error(`invalid expression type "${t}" for range query, must be Scalar or instant Vector`);
  }
  if (!(step > 0)) throw new Error('zero or negative query resolution step widths are not accepted. Try a positive integer');
  if (end < start) throw new Error('end timestamp must not be before start time');
  if ((end - start) / step >= MAX_POINTS_PER_SERIES) {
    throw new Error('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
  }
  const ctx: Ctx = { store, t: start, selections: new Map(), kept: keptFor(store) };
  const out = new Map<string, { labels: Labels; points: Point[] }>();
  for (let t = start; t <= end; t += step) {
    ctx.t = t;
    const v = evalNode(c.expr, ctx);
    const samples: readonly { labels: Labels; value: number }[] = v.kind === 'scalar' ? [{ labels: {}, value: v.v }] : v.kind === 'vector' ? v.samples : [];
    for (const s of samples) {
      const key = labelsKey(s.labels);
      let series = out.get(key);
      if (!series) {
        series = { labels: s.labels, points: [] };
        out.set(key, series);
      }
      const last = series.points[series.points.length - 1];
      if (last && last.t === t) fail('vector cannot contain metrics with the same labelset', c.expr.pos);
      series.points.push({ t, v: s.value });
    }
  }
  return { type: 'matrix', series: sortSamples([...out.values()]) };
}
