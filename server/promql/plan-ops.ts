// The nodes a rule plan (plan.ts) is made of, part two: aggregations and binary operators over
// other nodes' rows. Values are computed with the same operations in the same order as
// aggregations.ts and binary.ts, so results are the same to the bit; whatever would make
// those throw is left to them (the node reports false).
import type { AggOp, AggregateExpr, BinaryExpr, BinaryOp, VectorMatching } from './ast.js';
import { groupingKey, groupingLabels } from './aggregations.js';
import { COMPARISON, DROPS_NAME, arith, compare, resultLabels, scalarBinop } from './binary.js';
import { type Labels, dropName, matchSignature } from './labels.js';
import { Interner, Rows, type ScalarNode, type VectorNode, ints } from './plan-nodes.js';

/** The aggregation operators a plan evaluates itself. */
export const PLANNED_AGGREGATIONS: ReadonlySet<AggOp> = new Set<AggOp>(['sum', 'min', 'max', 'count', 'group']);

/** sum, min, max, count or group, by or without labels: groups in first-seen order, as aggregate() makes them. */
export class AggregateNode implements VectorNode {
  readonly out: Rows;
  private readonly groupOf: Int32Array;
  /** Kahan-Neumaier compensation of each group's sum, and each group's count */
  private readonly compensation: Float64Array;
  private readonly members: Float64Array;
  private readonly seenAt: Int32Array;
  private stamp = 0;

  constructor(
    private readonly op: AggOp,
    node: AggregateExpr,
    private readonly input: VectorNode,
  ) {
    const ids = new Interner();
    const labels: Labels[] = [];
    this.groupOf = ints(input.out.labels, (l) => {
      const g = ids.id(groupingKey(l, node.grouping, node.without));
      if (g === labels.length) labels.push(groupingLabels(l, node.grouping, node.without));
      return g;
    });
    this.out = new Rows(labels);
    this.compensation = new Float64Array(labels.length);
    this.members = new Float64Array(labels.length);
    this.seenAt = new Int32Array(labels.length);
  }

  eval(t: number): boolean {
    if (!this.input.eval(t)) return false;
    const { out, op, compensation, members } = this;
    const input = this.input.out;
    if (out.settled && !input.changed) return out.kept();
    const { value, order } = out;
    const stamp = ++this.stamp;
    let n = 0;
    for (let k = 0; k < input.count; k++) {
      const r = input.order[k]!;
      const f = input.value[r]!;
      const g = this.groupOf[r]!;
      if (this.seenAt[g] !== stamp) {
        // newGroup
        this.seenAt[g] = stamp;
        order[n++] = g;
        value[g] = op === 'group' ? 1 : f;
        compensation[g] = 0;
        members[g] = 1;
        continue;
      }
      // accumulate
      if (op === 'sum') {
        // kahanInc(f, value, compensation)
        const sum = value[g]!;
        const c = compensation[g]!;
        const t = sum + f;
        if (!Number.isFinite(t) && !Number.isNaN(t)) compensation[g] = 0;
        else if (Math.abs(sum) >= Math.abs(f)) compensation[g] = c + (sum - t + f);
        else compensation[g] = c + (f - t + sum);
        value[g] = t;
      } else if (op === 'max') {
        if (value[g]! < f || Number.isNaN(value[g]!)) value[g] = f;
      } else if (op === 'min') {
        if (value[g]! > f || Number.isNaN(value[g]!)) value[g] = f;
      } else if (op === 'count') members[g]!++;
    }
    // finish
    for (let k = 0; k < n && (op === 'sum' || op === 'count'); k++) {
      const g = order[k]!;
      value[g] = op === 'sum' ? value[g]! + compensation[g]! : members[g]!;
    }
    // accumulated in place, so not compared with the last answer
    out.changed = true;
    out.count = n;
    out.settled = true;
    return true;
  }
}

/** vector <op> scalar, or scalar <op> vector: vectorScalarBinop. */
export class ScalarBinopNode implements VectorNode {
  readonly out: Rows;
  private readonly comparison: boolean;

  constructor(
    private readonly node: BinaryExpr,
    private readonly vector: VectorNode,
    private readonly scalar: ScalarNode,
    private readonly scalarOnLeft: boolean,
  ) {
    this.out = new Rows(DROPS_NAME.has(node.op) || node.returnBool ? vector.out.labels.map(dropName) : vector.out.labels);
    this.comparison = COMPARISON.has(node.op);
  }

  eval(t: number): boolean {
    const { op, returnBool } = this.node;
    const s = this.scalar.eval(t);
    if (!this.vector.eval(t)) return false;
    const { out } = this;
    const vec = this.vector.out;
    if (out.settled && !vec.changed && this.scalar.constant) return out.kept();
    out.begin();
    let n = 0;
    for (let k = 0; k < vec.count; k++) {
      const row = vec.order[k]!;
      const x = vec.value[row]!;
      const l = this.scalarOnLeft ? s : x;
      const r = this.scalarOnLeft ? x : s;
      let value = this.comparison ? l : arith(op, l, r);
      let keep = this.comparison ? compare(op, l, r) : true;
      if (this.comparison && this.scalarOnLeft) value = r;
      if (returnBool) {
        value = keep ? 1 : 0;
        keep = true;
      }
      if (keep) n = out.put(n, row, value);
    }
    return out.finish(n);
  }
}

/** scalar <op> scalar. */
export class ScalarBinaryNode implements ScalarNode {
  readonly constant: boolean;

  constructor(
    private readonly op: BinaryOp,
    private readonly lhs: ScalarNode,
    private readonly rhs: ScalarNode,
  ) {
    this.constant = lhs.constant && rhs.constant;
  }

  eval(t: number): number {
    return scalarBinop(this.op, this.lhs.eval(t), this.rhs.eval(t));
  }
}

/** Both sides' match signatures as small ids, and a table from id to the right-hand row present with it. */
class Matched {
  readonly lhs: Int32Array;
  readonly rhs: Int32Array;
  /** per signature id: the evaluation at which a right-hand row with it was seen, and that row */
  readonly rightAt: Int32Array;
  readonly rightRow: Int32Array;
  /** per signature id: the evaluation at which a left-hand row matched it */
  readonly usedAt: Int32Array;
  stamp = 0;

  constructor(m: VectorMatching, lhs: readonly Labels[], rhs: readonly Labels[]) {
    const ids = new Interner();
    this.lhs = ints(lhs, (l) => ids.id(matchSignature(l, m.on, m.labels)));
    this.rhs = ints(rhs, (l) => ids.id(matchSignature(l, m.on, m.labels)));
    const n = ids.size;
    this.rightAt = new Int32Array(n);
    this.rightRow = new Int32Array(n);
    this.usedAt = new Int32Array(n);
  }

  /** Files the right-hand side's present rows; false if two share a signature. */
  fileRight(rhs: Rows): boolean {
    const stamp = ++this.stamp;
    for (let k = 0; k < rhs.count; k++) {
      const row = rhs.order[k]!;
      const sig = this.rhs[row]!;
      if (this.rightAt[sig] === stamp) return false;
      this.rightAt[sig] = stamp;
      this.rightRow[sig] = row;
    }
    return true;
  }
}

/**
 * vector <op> vector for arithmetic and comparisons, one-to-one (vectorBinop without
 * group_left or group_right). A duplicate match group on either side is Prometheus's
 * many-to-many or many-to-one error, so such an evaluation goes to the general evaluator.
 */
export class VectorBinopNode implements VectorNode {
  readonly out: Rows;
  private readonly match: Matched;
  private readonly comparison: boolean;

  constructor(
    private readonly node: BinaryExpr,
    m: VectorMatching,
    private readonly lhs: VectorNode,
    private readonly rhs: VectorNode,
  ) {
    // one-to-one result labels depend on the left-hand labels only
    this.out = new Rows(lhs.out.labels.map((l) => resultLabels(l, l, node.op, m, node.returnBool)));
    this.match = new Matched(m, lhs.out.labels, rhs.out.labels);
    this.comparison = COMPARISON.has(node.op);
  }

  eval(t: number): boolean {
    if (!this.lhs.eval(t) || !this.rhs.eval(t)) return false;
    const { out, match } = this;
    const lhs = this.lhs.out;
    const rhs = this.rhs.out;
    if (out.settled && !lhs.changed && !rhs.changed) return out.kept();
    out.begin();
    if (lhs.count === 0 || rhs.count === 0) return out.finish(0);
    if (!match.fileRight(rhs)) return false;
    const { op, returnBool } = this.node;
    let n = 0;
    for (let k = 0; k < lhs.count; k++) {
      const row = lhs.order[k]!;
      const sig = match.lhs[row]!;
      if (match.rightAt[sig] !== match.stamp) continue;
      const fl = lhs.value[row]!;
      const fr = rhs.value[match.rightRow[sig]!]!;
      let value = this.comparison ? fl : arith(op, fl, fr);
      let keep = this.comparison ? compare(op, fl, fr) : true;
      if (returnBool) {
        value = keep ? 1 : 0;
        keep = true;
      }
      if (!keep) continue;
      if (match.usedAt[sig] === match.stamp) return false;
      match.usedAt[sig] = match.stamp;
      n = out.put(n, row, value);
    }
    return out.finish(n);
  }
}

/** and, or, unless (setOp). For `or`, rows past the left-hand ones are the right-hand rows. */
export class SetOpNode implements VectorNode {
  readonly out: Rows;
  private readonly match: Matched;

  constructor(
    private readonly op: 'and' | 'or' | 'unless',
    m: VectorMatching,
    private readonly lhs: VectorNode,
    private readonly rhs: VectorNode,
  ) {
    this.out = new Rows(op === 'or' ? [...lhs.out.labels, ...rhs.out.labels] : lhs.out.labels);
    this.match = new Matched(m, lhs.out.labels, rhs.out.labels);
  }

  eval(t: number): boolean {
    if (!this.lhs.eval(t) || !this.rhs.eval(t)) return false;
    const { out, match, op } = this;
    const lhs = this.lhs.out;
    const rhs = this.rhs.out;
    if (out.settled && !lhs.changed && !rhs.changed) return out.kept();
    out.begin();
    let n = 0;
    if (op === 'or') {
      const stamp = ++match.stamp;
      for (let k = 0; k < lhs.count; k++) {
        const row = lhs.order[k]!;
        match.usedAt[match.lhs[row]!] = stamp;
        n = out.put(n, row, lhs.value[row]!);
      }
      for (let k = 0; k < rhs.count; k++) {
        const row = rhs.order[k]!;
        if (match.usedAt[match.rhs[row]!] !== stamp) n = out.put(n, lhs.labels.length + row, rhs.value[row]!);
      }
    } else if (lhs.count > 0 && rhs.count > 0) {
      const stamp = ++match.stamp;
      for (let k = 0; k < rhs.count; k++) match.rightAt[match.rhs[rhs.order[k]!]!] = stamp;
      const wantMatch = op === 'and';
      for (let k = 0; k < lhs.count; k++) {
        const row = lhs.order[k]!;
        if ((match.rightAt[match.lhs[row]!] === stamp) === wantMatch) n = out.put(n, row, lhs.value[row]!);
      }
    } else if (op === 'unless') {
      for (let k = 0; k < lhs.count; k++) n = out.put(n, lhs.order[k]!, lhs.value[lhs.order[k]!]!);
    }
    return out.finish(n);
  }
}
