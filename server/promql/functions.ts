// Functions over instant vectors and scalars at one step, ported from
// Prometheus's promql/functions.go. Range-vector functions are in
// rangefns.ts; the evaluator routes calls with a range argument there.
import { type Call, type Expr, unwrapParens } from './ast.js';
import { fail } from './errors.js';
import { histogramQuantile } from './histogram.js';
import { type Labels, METRIC_NAME, compareLabels, dropName, hasDuplicateLabels, withLabel } from './labels.js';
import { compileAnchored } from './regex.js';
import type { StepValue, VSample } from './values.js';

type Vec = readonly VSample[];

function mapValues(vec: Vec, f: (v: number) => number): VSample[] {
  return vec.map((s) => ({ labels: dropName(s.labels), value: f(s.value) }));
}

const SIMPLE: Readonly<Record<string, (v: number) => number>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  sqrt: Math.sqrt,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  rad: (v) => (v * Math.PI) / 180,
  deg: (v) => (v * 180) / Math.PI,
  sgn: (v) => (v < 0 ? -1 : v > 0 ? 1 : v),
};

const DATE: Readonly<Record<string, (d: Date) => number>> = {
  day_of_month: (d) => d.getUTCDate(),
  day_of_week: (d) => d.getUTCDay(),
  day_of_year: (d) => Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1,
  days_in_month: (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(),
  hour: (d) => d.getUTCHours(),
  minute: (d) => d.getUTCMinutes(),
  month: (d) => d.getUTCMonth() + 1,
  year: (d) => d.getUTCFullYear(),
};

/** Go's time.Unix(int64(seconds), 0).UTC() as a JS Date. */
function dateFromSeconds(sec: number): Date {
  return new Date(Math.trunc(sec) * 1000);
}

function clamp(vec: Vec, min: number, max: number): VSample[] {
  if (max < min) return [];
  return mapValues(vec, (v) => Math.max(min, Math.min(max, v)));
}

/** Labels absent() reports: the selector's unique equality matchers (createLabelsForAbsentFunction). */
export function absentLabels(arg: Expr): Labels {
  const e = unwrapParens(arg);
  const matchers = e.type === 'vectorSelector' ? e.matchers : e.type === 'matrixSelector' ? e.selector.matchers : [];
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const m of matchers) {
    if (m.name === METRIC_NAME) continue;
    if (m.type === '=' && !seen.has(m.name)) {
      if (m.value !== '') out[m.name] = m.value;
      seen.add(m.name);
    } else delete out[m.name];
  }
  return out;
}

/** Go's Regexp.Expand for label_replace replacements ($1, ${1}, $name, ${name}, $$). */
export function expandReplacement(template: string, m: RegExpExecArray): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i] as string;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    const brace = template[i + 1] === '{';
    const start = i + (brace ? 2 : 1);
    const nameMatch = /^[a-zA-Z0-9_]+/.exec(template.slice(start));
    const name = nameMatch?.[0] ?? '';
    const end = start + name.length;
    if (name === '' || (brace && template[end] !== '}')) {
      out += '$';
      i++;
      continue;
    }
    i = brace ? end + 1 : end;
    const num = /^\d+$/.test(name) && !(name.length > 1 && name[0] === '0') ? Number(name) : -1;
    const group = num >= 0 ? m[num] : m.groups?.[name];
    out += group ?? '';
  }
  return out;
}

function stringArg(v: StepValue | undefined): string {
  return v?.kind === 'string' ? v.v : '';
}

function scalarArg(v: StepValue | undefined): number {
  return v?.kind === 'scalar' ? v.v : NaN;
}

function vectorArg(v: StepValue | undefined): Vec {
  return v?.kind === 'vector' ? v.samples : [];
}

function labelReplace(vec: Vec, args: readonly (StepValue | undefined)[]): VSample[] {
  const [dst, repl, src, regex] = [stringArg(args[1]), stringArg(args[2]), stringArg(args[3]), stringArg(args[4])];
  const compiled = compileAnchored(regex);
  if ('error' in compiled) throw new Error(compiled.error);
  return vec.map((s) => {
    const m = compiled.re.exec(s.labels[src] ?? '');
    return m ? { labels: withLabel(s.labels, dst, expandReplacement(repl, m)), value: s.value } : s;
  });
}

function labelJoin(vec: Vec, args: readonly (StepValue | undefined)[]): VSample[] {
  const dst = stringArg(args[1]);
  const sep = stringArg(args[2]);
  const srcs = args.slice(3).map(stringArg);
  return vec.map((s) => ({ labels: withLabel(s.labels, dst, srcs.map((n) => s.labels[n] ?? '').join(sep)), value: s.value }));
}

/** sort()/sort_desc(): by value with NaN last; ties by labels so output is byte-stable. */
function sortByValue(vec: Vec, desc: boolean): VSample[] {
  return [...vec].sort((a, b) => {
    const an = Number.isNaN(a.value);
    const bn = Number.isNaN(b.value);
    if (an !== bn) return an ? 1 : -1;
    if (!an && a.value !== b.value) return desc ? b.value - a.value : a.value - b.value;
    return compareLabels(a.labels, b.labels);
  });
}

function vector(samples: VSample[], ordered = false): StepValue {
  return { kind: 'vector', samples, ordered };
}

/**
 * Evaluates a call whose arguments are all instant vectors, scalars or
 * strings, at eval time `t` (ms). Throws PromQLError for duplicate output
 * label sets, as Prometheus does.
 */
export function callInstantFunction(node: Call, args: readonly StepValue[], t: number): StepValue {
  const name = node.func;
  const v0 = vectorArg(args[0]);
  const simple = SIMPLE[name];
  if (simple) return checked(node, mapValues(v0, simple));
  const date = DATE[name];
  if (date) {
    if (args.length === 0) return vector([{ labels: {}, value: date(dateFromSeconds(Math.trunc(t / 1000))) }]);
    return checked(node, mapValues(v0, (v) => (Number.isFinite(v) ? date(dateFromSeconds(v)) : NaN)));
  }
  switch (name) {
    case 'time':
      return { kind: 'scalar', v: t / 1000 };
    case 'pi':
      return { kind: 'scalar', v: Math.PI };
    case 'scalar':
      return { kind: 'scalar', v: v0.length === 1 ? (v0[0] as VSample).value : NaN };
    case 'vector':
      return vector([{ labels: {}, value: scalarArg(args[0]) }]);
    case 'absent':
      return vector(v0.length > 0 ? [] : [{ labels: absentLabels(node.args[0] as Expr), value: 1 }]);
    case 'round': {
      const inv = 1 / (args.length >= 2 ? scalarArg(args[1]) : 1);
      return checked(node, mapValues(v0, (v) => Math.floor(v * inv + 0.5) / inv));
    }
    case 'clamp':
      return checked(node, clamp(v0, scalarArg(args[1]), scalarArg(args[2])));
    case 'clamp_min':
      return checked(node, clamp(v0, scalarArg(args[1]), Infinity));
    case 'clamp_max':
      return checked(node, clamp(v0, -Infinity, scalarArg(args[1])));
    case 'timestamp': {
      const direct = unwrapParens(node.args[0] as Expr).type === 'vectorSelector';
      return checked(node, v0.map((s) => ({ labels: dropName(s.labels), value: (direct && s.t !== undefined ? s.t : t) / 1000 })));
    }
    case 'sort':
    case 'sort_desc':
      return vector(sortByValue(v0, name === 'sort_desc'), true);
    case 'label_replace':
      return checked(node, labelReplace(v0, args));
    case 'label_join':
      return checked(node, labelJoin(v0, args));
    case 'histogram_quantile':
      return checked(node, histogramQuantile(scalarArg(args[0]), vectorArg(args[1])));
    default:
      return fail(`unsupported function "${name}"`, node.pos);
  }
}

/** Prometheus rejects any step whose output has two samples with the same labels. */
export function checked(node: { pos: { start: number; end: number } }, samples: readonly VSample[]): StepValue {
  if (hasDuplicateLabels(samples)) fail('vector cannot contain metrics with the same labelset', node.pos);
  return { kind: 'vector', samples };
}
