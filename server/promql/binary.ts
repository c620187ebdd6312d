// Binary operators with Prometheus's matching and labelling rules
// (engine.go: VectorAnd/Or/Unless, VectorBinop, resultMetric,
// VectorscalarBinop, scalarBinop).
import type { BinaryExpr, BinaryOp, VectorMatching } from './ast.js';
import { fail } from './errors.js';
import { type Labels, METRIC_NAME, derive, dropName, keepOnly, labelsKey, labelsString, matchSignature, without } from './labels.js';
import { goAtan2, goMod, goPow } from './math.js';
import type { StepValue, VSample } from './values.js';

export const COMPARISON: ReadonlySet<BinaryOp> = new Set<BinaryOp>(['==', '!=', '>', '<', '>=', '<=']);
export const DROPS_NAME: ReadonlySet<BinaryOp> = new Set<BinaryOp>(['+', '-', '*', '/', '%', '^', 'atan2']);

/** Arithmetic result, or for comparisons whether the pair is kept. */
export function arith(op: BinaryOp, l: number, r: number): number {
  switch (op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return l / r;
    case '%':
      return goMod(l, r);
    case '^':
      return goPow(l, r);
    case 'atan2':
      return goAtan2(l, r);
    default:
      throw new Error(`not an arithmetic operator: ${op}`);
  }
}

export function compare(op: BinaryOp, l: number, r: number): boolean {
  switch (op) {
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '>':
      return l > r;
    case '<':
      return l < r;
    case '>=':
      return l >= r;
    case '<=':
      return l <= r;
    default:
      throw new Error(`not a comparison operator: ${op}`);
  }
}

/** vectorElemBinop for floats: [value, keep]. Comparisons keep the left value. */
function elemBinop(op: BinaryOp, l: number, r: number): [number, boolean] {
  if (COMPARISON.has(op)) return [l, compare(op, l, r)];
  return [arith(op, l, r), true];
}

/** scalar <op> scalar; comparisons only reach here with `bool` and yield 0/1. */
export function scalarBinop(op: BinaryOp, l: number, r: number): number {
  return COMPARISON.has(op) ? (compare(op, l, r) ? 1 : 0) : arith(op, l, r);
}

/**
 * vector <op> scalar (or scalar <op> vector when `scalarOnLeft`). Filters
 * for comparisons keep the vector element's value even when the scalar is on
 * the left; arithmetic and `bool` drop the metric name.
 */
export function vectorScalarBinop(op: BinaryOp, vec: readonly VSample[], s: number, scalarOnLeft: boolean, returnBool: boolean): VSample[] {
  const out: VSample[] = [];
  const comparison = COMPARISON.has(op);
  for (const smp of vec) {
    const l = scalarOnLeft ? s : smp.value;
    const r = scalarOnLeft ? smp.value : s;
    // elemBinop without its pair: comparisons keep the left value
    let value = comparison ? l : arith(op, l, r);
    let keep = comparison ? compare(op, l, r) : true;
    if (comparison && scalarOnLeft) value = r;
    if (returnBool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) continue;
    const labels = DROPS_NAME.has(op) || returnBool ? dropName(smp.labels) : smp.labels;
    out.push({ labels, value });
  }
  return out;
}

function signatures(vec: readonly VSample[], m: VectorMatching): string[] {
  return vec.map((s) => matchSignature(s.labels, m.on, m.labels));
}

function setOp(op: BinaryOp, lhs: readonly VSample[], rhs: readonly VSample[], m: VectorMatching): VSample[] {
  if (op === 'or') {
    if (lhs.length === 0) return [...rhs];
    if (rhs.length === 0) return [...lhs];
    const leftSigs = new Set(signatures(lhs, m));
    const rs = signatures(rhs, m);
    return [...lhs, ...rhs.filter((_, i) => !leftSigs.has(rs[i] as string))];
  }
  if (op === 'and' && (lhs.length === 0 || rhs.length === 0)) return [];
  if (op === 'unless' && (lhs.length === 0 || rhs.length === 0)) return [...lhs];
  const rightSigs = new Set(signatures(rhs, m));
  const ls = signatures(lhs, m);
  const wantMatch = op === 'and';
  return lhs.filter((_, i) => rightSigs.has(ls[i] as string) === wantMatch);
}

/** resultMetric: the output label set of one matched pair (memoized per input label objects). */
export function resultLabels(l: Labels, r: Labels, op: BinaryOp, m: VectorMatching, returnBool: boolean): Labels {
  const key = resultKey(op, m, returnBool);
  return derive(l, m.include.length > 0 ? `${key}|${labelsKey(r)}` : key, () => computeResultLabels(l, r, op, m, returnBool));
}

/** The memo key of a matching's result labels, built once per matching (not per matched pair). */
const resultKeys = new WeakMap<VectorMatching, Map<string, string>>();

function resultKey(op: BinaryOp, m: VectorMatching, returnBool: boolean): string {
  let keys = resultKeys.get(m);
  if (keys === undefined) {
    keys = new Map();
    resultKeys.set(m, keys);
  }
  const drops = DROPS_NAME.has(op);
  const which = drops ? (returnBool ? 'dt' : 'df') : (returnBool ? 'kt' : 'kf');
  let key = keys.get(which);
  if (key === undefined) {
    key = [drops, m.card, m.on, m.labels.join(','), m.include.join(','), returnBool].join('|');
    keys.set(which, key);
  }
  return key;
}

function computeResultLabels(l: Labels, r: Labels, op: BinaryOp, m: VectorMatching, returnBool: boolean): Labels {
  let out = DROPS_NAME.has(op) ? dropName(l) : l;
  if (m.card === 'one-to-one') out = m.on ? keepOnly(out, m.labels) : without(out, m.labels);
  if (m.include.length > 0) {
    const copy: Record<string, string> = { ...out };
    for (const name of m.include) {
      const v = r[name];
      if (v !== undefined && v !== '') copy[name] = v;
      else delete copy[name];
    }
    out = copy;
  }
  return returnBool ? dropName(out) : out;
}

/** Labels that identify a match group, for Prometheus's many-to-many error message. */
function matchedLabels(l: Labels, m: VectorMatching): Labels {
  return m.on ? keepOnly(l, m.labels) : without(l, [METRIC_NAME, ...m.labels]);
}

/**
 * vector <op> vector for arithmetic and comparison operators, with
 * one-to-one, group_left and group_right matching and Prometheus's errors
 * for ambiguous matches.
 */
function vectorBinop(node: BinaryExpr, lhsIn: readonly VSample[], rhsIn: readonly VSample[], m: VectorMatching): VSample[] {
  if (lhsIn.length === 0 || rhsIn.length === 0) return [];
  const swapped = m.card === 'one-to-many';
  const [lhs, rhs] = swapped ? [rhsIn, lhsIn] : [lhsIn, rhsIn];
  const rightSigs = new Map<string, VSample>();
  const rs = signatures(rhs, m);
  rhs.forEach((r, i) => {
    const sig = rs[i] as string;
    const dup = rightSigs.get(sig);
    if (dup) {
      fail(
        `found duplicate series for the match group ${labelsString(matchedLabels(r.labels, m))} on the ${swapped ? 'left' : 'right'} ` +
          `hand-side of the operation: [${labelsString(r.labels)}, ${labelsString(dup.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
        node.pos,
      );
    }
    rightSigs.set(sig, r);
  });
  const matched = new Map<string, Set<string> | null>();
  const out: VSample[] = [];
  const ls = signatures(lhs, m);
  lhs.forEach((l, i) => {
    const sig = ls[i] as string;
    const r = rightSigs.get(sig);
    if (!r) return;
    const fl = swapped ? r.value : l.value;
    const fr = swapped ? l.value : r.value;
    const comparison = COMPARISON.has(node.op);
    let value = comparison ? fl : arith(node.op, fl, fr);
    let keep = comparison ? compare(node.op, fl, fr) : true;
    if (node.returnBool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) return;
    const labels = resultLabels(l.labels, r.labels, node.op, m, node.returnBool);
    if (m.card === 'one-to-one') {
      if (matched.has(sig)) fail('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)', node.pos);
      matched.set(sig, null);
    } else {
      let seen = matched.get(sig);
      if (!seen) {
        seen = new Set();
        matched.set(sig, seen);
      }
      const key = labelsKey(labels);
      if (seen.has(key)) fail('multiple matches for labels: grouping labels must ensure unique matches', node.pos);
      seen.add(key);
    }
    out.push({ labels, value });
  });
  return out;
}

/** One-to-one matching on all labels, for a binary node without `on`/`ignoring`; one object, so the per-matching memos hold. */
export const DEFAULT_MATCHING: VectorMatching = Object.freeze({ card: 'one-to-one', on: false, labels: Object.freeze([]), include: Object.freeze([]) });

/** Evaluates a binary node given both operand values at one step. */
export function evalBinary(node: BinaryExpr, lhs: StepValue, rhs: StepValue): StepValue {
  if (lhs.kind === 'scalar' && rhs.kind === 'scalar') return { kind: 'scalar', v: scalarBinop(node.op, lhs.v, rhs.v) };
  if (lhs.kind === 'vector' && rhs.kind === 'scalar') {
    return { kind: 'vector', samples: vectorScalarBinop(node.op, lhs.samples, rhs.v, false, node.returnBool) };
  }
  if (lhs.kind === 'scalar' && rhs.kind === 'vector') {
    return { kind: 'vector', samples: vectorScalarBinop(node.op, rhs.samples, lhs.v, true, node.returnBool) };
  }
  if (lhs.kind !== 'vector' || rhs.kind !== 'vector') return fail('binary expression must contain only scalar and instant vector types', node.pos);
  const m = node.matching ?? DEFAULT_MATCHING;
  if (node.op === 'and' || node.op === 'or' || node.op === 'unless') {
    return { kind: 'vector', samples: setOp(node.op, lhs.samples, rhs.samples, m) };
  }
  return { kind: 'vector', samples: vectorBinop(node, lhs.samples, rhs.samples, m) };
}
