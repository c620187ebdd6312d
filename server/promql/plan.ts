// Rule plans: an alerting rule's expression bound to one store, for evaluating it again and
// again as sim time advances. The general evaluator (eval.ts) selects series, builds label
// sets, groups and matches them afresh at every evaluation, allocating as it goes; a plan
// works all of that out once, when it is built (the store's series stay the same until it
// gains one), and an evaluation only fills typed arrays: which rows are present, in what
// order, with what values. It is incremental where it can be: a range function remembers where
// each window was and how far its series has been searched for counter resets, series sampled
// at the same instants share their window bounds, a series' window is worked out once however
// many nodes take it (`errors / all`), and a node whose inputs gave the same answer as at the
// last evaluation keeps its own (a rule over gauges that hold still does little more than read
// their newest samples).
//
// A plan covers the shapes alert rules are written in (selectors; rate, increase and the other
// in-place range functions; sum, min, max, count and group; arithmetic, comparisons and set
// operators with one-to-one matching; histogram_quantile; time() and scalar arithmetic).
// `planRule` returns null for anything else, and an evaluation that would make the general
// evaluator throw (a many-to-many match, duplicate output labels) or that meets a stale
// marker in a window reports false: in both cases the caller uses the general evaluator.
// Where a plan answers, its answer is the general evaluator's, value for value.
import { type Expr, type MatrixSelector, unwrapParens } from './ast.js';
import { DEFAULT_MATCHING } from './binary.js';
import type { Compiled } from './eval.js';
import { type Labels, compareLabels } from './labels.js';
import { HistogramNode } from './plan-histogram.js';
import { AggregateNode, PLANNED_AGGREGATIONS, ScalarBinaryNode, ScalarBinopNode, SetOpNode, VectorBinopNode } from './plan-ops.js';
import { type Clock, LiteralNode, NegateNode, RangeNode, type Rows, type ScalarNode, SelectorNode, TimeNode, type VectorNode, Windows } from './plan-nodes.js';
import { RANGE_FUNCTIONS_IN } from './rangefns.js';
import type { MemoryStore } from './storage.js';

type Built = { readonly scalar: ScalarNode } | { readonly vector: VectorNode } | null;

/** What the nodes of a plan being built share: the list of them, the clock, range functions' windows. */
interface Building {
  readonly store: MemoryStore;
  readonly nodes: VectorNode[];
  readonly clock: Clock;
  readonly windows: Map<string, Windows>;
}

function vector(b: Building, node: VectorNode): Built {
  b.nodes.push(node);
  return { vector: node };
}

/** The table of windows of `func` over `ms`'s range and offset, one for all such nodes of the plan. */
function windowsOf(b: Building, func: string, ms: MatrixSelector): Windows {
  const key = `${func}\xff${ms.range}\xff${ms.selector.offset}`;
  let w = b.windows.get(key);
  if (w === undefined) b.windows.set(key, (w = new Windows(b.store.allSeries().length)));
  return w;
}

/** The plan of `e`, or null. */
function build(e: Expr, b: Building): Built {
  switch (e.type) {
    case 'number':
      return { scalar: new LiteralNode(e.value) };
    case 'paren':
      return build(e.expr, b);
    case 'unary': {
      const x = build(e.expr, b);
      if (x === null || e.op === '+') return x;
      return 'scalar' in x ? { scalar: new NegateNode(x.scalar) } : null;
    }
    case 'vectorSelector':
      return vector(b, new SelectorNode(e, b.store.select(e.matchers)));
    case 'aggregate': {
      if (e.param !== null || !PLANNED_AGGREGATIONS.has(e.op)) return null;
      const x = build(e.expr, b);
      return x !== null && 'vector' in x ? vector(b, new AggregateNode(e.op, e, x.vector)) : null;
    }
    case 'binary': {
      const l = build(e.lhs, b);
      const r = build(e.rhs, b);
      if (l === null || r === null) return null;
      if ('scalar' in l) return 'scalar' in r ? { scalar: new ScalarBinaryNode(e.op, l.scalar, r.scalar) } : vector(b, new ScalarBinopNode(e, r.vector, l.scalar, true));
      if ('scalar' in r) return vector(b, new ScalarBinopNode(e, l.vector, r.scalar, false));
      const m = e.matching ?? DEFAULT_MATCHING;
      if (e.op === 'and' || e.op === 'or' || e.op === 'unless') return vector(b, new SetOpNode(e.op, m, l.vector, r.vector));
      if (m.card !== 'one-to-one' || m.include.length > 0) return null;
      return vector(b, new VectorBinopNode(e, m, l.vector, r.vector));
    }
    case 'call': {
      if (e.func === 'time' && e.args.length === 0) return { scalar: new TimeNode() };
      if (e.func === 'histogram_quantile') {
        const q = build(e.args[0]!, b);
        const v = build(e.args[1]!, b);
        if (q === null || v === null || !('scalar' in q) || !('vector' in v)) return null;
        const node = HistogramNode.make(q.scalar, v.vector);
        return node && vector(b, node);
      }
      const arg = e.args.length === 1 ? unwrapParens(e.args[0]!) : undefined;
      if (arg?.type !== 'matrixSelector' || RANGE_FUNCTIONS_IN[e.func] === undefined) return null;
      return vector(b, new RangeNode(e.func, arg, b.store.select(arg.selector.matchers), windowsOf(b, e.func, arg), b.clock));
    }
    default:
      return null;
  }
}

/** A rule's expression planned against one store; see the top of this file. */
export class RulePlan {
  /** the store's generation the plan was built at: a new series makes it stale */
  readonly generation: number;
  /** the rows of the last evaluation's samples in label order, as instantQuery sorts them: `rows[0, sort())` */
  readonly rows: Int32Array;
  private readonly out: Rows;
  /** the root's rows in label order */
  private readonly byLabels: Int32Array;
  private readonly presentAt: Int32Array;
  private stamp = 0;

  constructor(
    private readonly root: VectorNode,
    /** the plan's vector nodes' answers */
    private readonly answers: readonly Rows[],
    private readonly clock: Clock,
    generation: number,
  ) {
    this.generation = generation;
    const out = (this.out = root.out);
    const rows = Array.from(out.labels, (_, i) => i);
    this.byLabels = Int32Array.from(rows.sort((a, b) => compareLabels(out.labels[a]!, out.labels[b]!)));
    this.presentAt = new Int32Array(out.labels.length);
    this.rows = new Int32Array(out.labels.length);
  }

  /** Evaluates at `t` (ms); false when this evaluation is the general evaluator's to make. */
  run(t: number): boolean {
    this.clock.run++;
    if (this.root.eval(t)) return true;
    // some nodes answered and some did not: none can keep its answer next time
    for (const rows of this.answers) rows.settled = false;
    return false;
  }

  /** False when the last evaluation is known to have given what the one before gave. */
  get changed(): boolean {
    return this.out.changed;
  }

  /** How many samples the last evaluation gave. */
  get size(): number {
    return this.out.count;
  }

  /** Lists the last evaluation's samples in `rows`, in label order; returns how many. */
  sort(): number {
    const { out } = this;
    const stamp = ++this.stamp;
    for (let k = 0; k < out.count; k++) this.presentAt[out.order[k]!] = stamp;
    let n = 0;
    for (const row of this.byLabels) if (this.presentAt[row] === stamp) this.rows[n++] = row;
    return n;
  }

  labelsAt(row: number): Labels {
    return this.out.labels[row]!;
  }

  valueAt(row: number): number {
    return this.out.value[row]!;
  }

  /** The last evaluation's samples: instantQuery's vector. */
  samples(): { labels: Labels; value: number }[] {
    const out: { labels: Labels; value: number }[] = [];
    for (let i = 0, n = this.sort(); i < n; i++) out.push({ labels: this.labelsAt(this.rows[i]!), value: this.valueAt(this.rows[i]!) });
    return out;
  }
}

/**
 * A plan of `c` over `store`'s current series, or null when the expression has a shape plans do
 * not cover (or gives a scalar). Rebuild it when `store.generation` changes.
 *
 * @example
 * const plan = planRule(compile('sum(rate(errors_total[2m])) > 1'), store);
 * if (plan && plan.run(t)) use(plan.samples()); else use(instantQuery(c, store, t));
 */
export function planRule(c: Compiled, store: MemoryStore): RulePlan | null {
  const generation = store.generation;
  const b: Building = { store, nodes: [], clock: { run: 0 }, windows: new Map() };
  const built = build(c.expr, b);
  return built !== null && 'vector' in built ? new RulePlan(built.vector, b.nodes.map((n) => n.out), b.clock, generation) : null;
}
