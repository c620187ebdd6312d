// Aggregation operators at one step, ported from Prometheus's
// engine.go (aggregation, aggregationK, aggregationCountValues).
import type { AggregateExpr } from './ast.js';
import { fail } from './errors.js';
import { formatGoV, formatSampleValue } from './format.js';
import { type Labels, METRIC_NAME, compareLabels, derive, keepOnly, matchSignature, withLabel, without } from './labels.js';
import { kahanInc, quantile } from './math.js';
import type { VSample } from './values.js';

interface Group {
  labels: Labels;
  value: number;
  mean: number;
  c: number;
  count: number;
  incremental: boolean;
  /** the values, for quantile only */
  values: number[] | null;
  /** the input samples, for topk and bottomk only */
  members: VSample[] | null;
}

/** The key of the group a sample with labels `l` falls in (equal for equal groups). */
export function groupingKey(l: Labels, grouping: readonly string[], isWithout: boolean): string {
  if (isWithout) return matchSignature(l, false, grouping);
  return grouping.length === 0 ? '' : matchSignature(l, true, grouping);
}

const EMPTY: Labels = Object.freeze({});

/** derive()'s memo key of a grouping, built once per grouping list. */
const groupingKeys = new WeakMap<readonly string[], readonly [string, string]>();

function groupingMemoKey(grouping: readonly string[], isWithout: boolean): string {
  let both = groupingKeys.get(grouping);
  if (both === undefined) {
    const joined = grouping.join('\xff');
    both = [`by\xff${joined}`, `without\xff${joined}`];
    groupingKeys.set(grouping, both);
  }
  return isWithout ? both[1] : both[0];
}

/** The label set of that group's output sample (memoized per label object). */
export function groupingLabels(l: Labels, grouping: readonly string[], isWithout: boolean): Labels {
  if (!isWithout && grouping.length === 0) return EMPTY;
  const key = groupingMemoKey(grouping, isWithout);
  return derive(l, key, (x) => (isWithout ? without(x, [...grouping, METRIC_NAME]) : keepOnly(x, grouping)));
}

function newGroup(op: string, labels: Labels, s: VSample): Group {
  const f = s.value;
  const g: Group = { labels, value: f, mean: f, c: 0, count: 1, incremental: false, values: op === 'quantile' ? [f] : null, members: op === 'topk' || op === 'bottomk' ? [s] : null };
  if (op === 'stddev' || op === 'stdvar') g.value = Number.isFinite(f) ? 0 : NaN;
  if (op === 'group') g.value = 1;
  return g;
}

/** Adds one more sample to an existing group (the `aggregation` loop body). */
function accumulate(op: string, g: Group, s: VSample): void {
  const f = s.value;
  switch (op) {
    case 'sum':
      [g.value, g.c] = kahanInc(f, g.value, g.c);
      break;
    case 'avg': {
      g.count++;
      if (!g.incremental) {
        const [v, c] = kahanInc(f, g.value, g.c);
        if (Number.isFinite(v) || Number.isNaN(v)) {
          g.value = v;
          g.c = c;
          break;
        }
        g.incremental = true;
        g.mean = g.value / (g.count - 1);
        g.c /= g.count - 1;
      }
      if (!Number.isFinite(g.mean) && !Number.isNaN(g.mean)) {
        if (!Number.isFinite(f) && !Number.isNaN(f) && g.mean > 0 === f > 0) break;
        if (Number.isFinite(f)) break;
      }
      const current = g.mean + g.c;
      [g.mean, g.c] = kahanInc(f / g.count - current / g.count, g.mean, g.c);
      break;
    }
    case 'max':
      if (g.value < f || Number.isNaN(g.value)) g.value = f;
      break;
    case 'min':
      if (g.value > f || Number.isNaN(g.value)) g.value = f;
      break;
    case 'count':
      g.count++;
      break;
    case 'stddev':
    case 'stdvar': {
      g.count++;
      const delta = f - g.mean;
      g.mean += delta / g.count;
      g.value += delta * (f - g.mean);
      break;
    }
    case 'quantile':
      g.values!.push(f);
      break;
    default:
      break;
  }
}

function finish(op: string, g: Group, param: number): number {
  switch (op) {
    case 'sum':
      return g.value + g.c;
    case 'avg':
      return g.incremental ? g.mean + g.c : (g.value + g.c) / g.count;
    case 'count':
      return g.count;
    case 'stdvar':
      return g.value / g.count;
    case 'stddev':
      return Math.sqrt(g.value / g.count);
    case 'quantile':
      return quantile(param, g.values!);
    default:
      return g.value;
  }
}

/** topk/bottomk: k per group, NaN ranked last, ties broken by labels for determinism. */
function selectK(node: AggregateExpr, groups: Map<string, Group>, input: readonly VSample[], param: number): VSample[] {
  if (Number.isNaN(param) || Math.abs(param) >= 9.223372036854776e18) fail(`Scalar value ${formatGoV(param)} overflows int64`, node.pos);
  const k = Math.min(Math.trunc(param), input.length);
  if (k < 1) return [];
  const desc = node.op === 'topk';
  const out: VSample[] = [];
  for (const g of groups.values()) {
    const ranked = [...g.members!].sort((a, b) => {
      const an = Number.isNaN(a.value);
      const bn = Number.isNaN(b.value);
      if (an !== bn) return an ? 1 : -1;
      if (!an && a.value !== b.value) return desc ? b.value - a.value : a.value - b.value;
      return compareLabels(a.labels, b.labels);
    });
    for (const s of ranked.slice(0, k)) out.push({ labels: s.labels, value: s.value });
  }
  return out;
}

function countValues(node: AggregateExpr, input: readonly VSample[], label: string): VSample[] {
  const grouping = node.without ? node.grouping : [...node.grouping, label];
  const groups = new Map<string, { labels: Labels; count: number }>();
  for (const s of input) {
    const metric = withLabel(s.labels, label, formatSampleValue(s.value));
    const key = groupingKey(metric, grouping, node.without);
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { labels: groupingLabels(metric, grouping, node.without), count: 1 });
  }
  return [...groups.values()].map((g) => ({ labels: g.labels, value: g.count }));
}

/**
 * Evaluates an aggregation over the input vector at one step. `param` is the
 * evaluated parameter (k, q or the count_values label). Output groups keep
 * first-seen order; topk/bottomk keep whole input label sets.
 */
export function aggregate(node: AggregateExpr, input: readonly VSample[], param: number | string | null): { samples: VSample[]; ordered: boolean } {
  if (node.op === 'count_values') return { samples: countValues(node, input, String(param)), ordered: false };
  if (!node.without && node.grouping.length === 0 && node.op !== 'topk' && node.op !== 'bottomk') {
    // One group of everything (sum(...), max(...)): the loop below without its map.
    if (input.length === 0) return { samples: [], ordered: false };
    const g = newGroup(node.op, EMPTY, input[0]!);
    for (let i = 1; i < input.length; i++) accumulate(node.op, g, input[i]!);
    return { samples: [{ labels: g.labels, value: finish(node.op, g, typeof param === 'number' ? param : NaN) }], ordered: false };
  }
  const groups = new Map<string, Group>();
  for (const s of input) {
    const key = groupingKey(s.labels, node.grouping, node.without);
    const g = groups.get(key);
    if (g) {
      g.members?.push(s);
      accumulate(node.op, g, s);
    } else {
      const labels = node.op === 'topk' || node.op === 'bottomk' ? s.labels : groupingLabels(s.labels, node.grouping, node.without);
      groups.set(key, newGroup(node.op, labels, s));
    }
  }
  const p = typeof param === 'number' ? param : NaN;
  if (node.op === 'topk' || node.op === 'bottomk') return { samples: selectK(node, groups, input, p), ordered: true };
  const samples: VSample[] = [];
  for (const g of groups.values()) samples.push({ labels: g.labels, value: finish(node.op, g, p) });
  return { samples, ordered: false };
}
