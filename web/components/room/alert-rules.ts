/**
 * Alert rules read in the browser: where a rule's expression splits into the quantity it watches
 * and a constant threshold (`LHS > 1`, `0.5 <= LHS`), whether a chart's query plots that quantity,
 * and a value written the way the rule's summary writes it. The web app has no PromQL parser (the
 * server's lezer grammar would cost the bundle ~20 KiB), so this scans the expression's top level
 * only and gives up, rather than guess, on anything it cannot split cleanly.
 */
export type CompareOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** A rule's expression as `quantity op value`, the quantity on the left whatever the author wrote. */
export interface SplitRule {
  readonly quantity: string;
  readonly op: CompareOp;
  readonly value: number;
}

/**
 * Split a rule at its one top-level comparison with a constant side. Undefined for `bool`
 * comparisons, set operators (`and`, `or`, `unless`), several comparisons, vector-vector
 * comparisons and rules with no comparison at all (`absent(x)`).
 * @example splitRule('1 < rate(x[5m])') // { quantity: 'rate(x[5m])', op: '>', value: 1 }
 */
export function splitRule(expr: string): SplitRule | undefined {
  let depth = 0;
  let at = -1;
  let op = '';
  // strings, brackets, comparison operators, words and numbers, anything else
  for (const m of expr.matchAll(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`[^`]*`|[<>=!]=|[\w:.]+|[^]/g)) {
    const t = m[0];
    if ('([{'.includes(t)) depth++;
    else if (')]}'.includes(t)) depth--;
    else if (depth === 0 && /^(and|or|unless)$/i.test(t)) return undefined;
    else if (depth === 0 && /^([<>]=?|[=!]=)$/.test(t)) {
      if (at >= 0) return undefined;
      at = m.index;
      op = t;
    }
  }
  if (at < 0) return undefined;
  const lhs = expr.slice(0, at).trim();
  const rhs = expr.slice(at + op.length).trim();
  if (/^bool\b/i.test(rhs)) return undefined;
  const l = constant(lhs);
  const r = constant(rhs);
  if ((l === undefined) === (r === undefined)) return undefined;
  return r !== undefined ? { quantity: lhs, op: op as CompareOp, value: r } : { quantity: rhs, op: op.replace(/[<>]/, (c) => (c === '<' ? '>' : '<')) as CompareOp, value: l! };
}

/** A threshold worth drawing: an ordering comparison (never `==`, `!=`). */
export function thresholdOf(expr: string): SplitRule | undefined {
  const s = splitRule(expr);
  return s && s.op[0] !== '=' && s.op[0] !== '!' ? s : undefined;
}

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?`;
const PRODUCT = new RegExp(`^${NUMBER}(?:[*/]${NUMBER})*$`, 'i');

/**
 * The value of a constant side of a comparison: a number, or numbers multiplied and divided,
 * in parentheses or not. Anything else (sums, functions, series) is not a constant here.
 * @example constant('(14.4 * 0.001)') // 0.0144
 */
export function constant(text: string): number | undefined {
  let t = text.replace(/\s+/g, '');
  while (/^\([^()]*\)$/.test(t)) t = t.slice(1, -1);
  if (!PRODUCT.test(t)) return undefined;
  const v = t.split(/(?=[*/])/).reduce((acc, f) => (f[0] === '*' ? acc * +f.slice(1) : f[0] === '/' ? acc / +f.slice(1) : +f), 1);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * A query reduced to what it plots: no whitespace, range windows blank (a 1m-rate chart plots
 * what a 5m-rate rule watches), matchers sorted, outer parentheses and a leading `100 *` (the
 * percent charts) taken off, which `scale` reports.
 */
export function quantityKey(query: string): { key: string; scale: number } {
  let key = query.replace(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|\s+/g, (_, s: string | undefined) => s ?? '')
    .replace(/\[[^\]]*\]/g, '[]')
    .replace(/\{([^{}]*)\}/g, (_, m: string) => `{${m.split(',').filter(Boolean).sort().join(',')}}`);
  let scale = 1;
  for (;;) {
    // 100 * a / b is 100 * (a / b), but 100 * a - b is not
    if (key.startsWith('100*') && !topLevel(key, /[-+]/)) { key = key.slice(4); scale *= 100; continue; }
    if (key[0] !== '(' || !key.endsWith(')') || topLevel(key.slice(1, -1), /$^/)) break;
    key = key.slice(1, -1);
  }
  return { key, scale };
}

/** Whether a character matching `re` occurs outside all brackets (or a bracket closes one it never opened). */
function topLevel(s: string, re: RegExp): boolean {
  let depth = 0;
  for (const c of s) {
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (--depth < 0) return true;
    } else if (depth === 0 && re.test(c)) return true;
  }
  return false;
}

/**
 * How many times a chart's query is a rule's quantity (1, or 100 for a percent chart), or
 * undefined when it plots something else.
 */
export function scaleOf(chartQuery: string, quantity: string): number | undefined {
  const c = quantityKey(chartQuery);
  const q = quantityKey(quantity);
  return c.key === q.key ? c.scale / q.scale : undefined;
}

const UNIT: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** The longest range window in a query (`[5m]`, `[1h:1m]`), in seconds: where its first whole value is. */
export function windowSeconds(query: string): number {
  return Math.max(0, ...[...query.matchAll(/\[(\d+)([smhd])[:\]]/g)].map((m) => Number(m[1]) * UNIT[m[2]!]!));
}

/**
 * Which of a rule's result series is this alert instance: every label of the series (bar
 * `__name__` and those the rule sets itself) must be the instance's.
 */
export function seriesOfInstance<T extends { readonly metric: Readonly<Record<string, string>> }>(
  results: readonly T[], instance: Readonly<Record<string, string>>, ruleLabels: Readonly<Record<string, string>>,
): T | undefined {
  return results.find((r) => Object.entries(r.metric).every(([k, v]) => k === '__name__' || k in ruleLabels || instance[k] === v));
}

/**
 * Go's %.4g: four significant digits, trailing zeros dropped, an exponent outside 1e-4..1e4.
 * (An exact decimal tie such as 1234.5 rounds up here and to even in Go.)
 */
export function g4(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  const [m, e] = v.toExponential(3).split('e') as [string, string];
  const exp = Number(e);
  const trim = (s: string) => s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return v === 0 ? '0' : exp < -4 || exp >= 4 ? `${trim(m)}e${e[0]}${e.slice(1).padStart(2, '0')}` : trim(v.toFixed(3 - exp));
}

/** Prometheus's humanize: four significant digits with an SI prefix (1.235M, 12.3m). */
function humanize(v: number): string {
  let x = v;
  let i = 0;
  const up = Math.abs(v) >= 1;
  if (v !== 0 && Number.isFinite(v)) for (; i < 8 && (up ? Math.abs(x) >= 1000 : Math.abs(x) < 1); i++) x = up ? x / 1000 : x * 1000;
  return g4(x) + (i ? (up ? 'kMGTPEZY' : 'munpfazy')[i - 1] : '');
}

/** Prometheus's humanizeDuration: `1d 2h 3m 4s`, `4.5s`, `250ms`. */
function humanizeDuration(v: number): string {
  const a = Math.abs(v);
  if (!Number.isFinite(v)) return g4(v);
  if (a < 1) return `${humanize(v)}s`;
  const d = Math.trunc(a);
  const parts = [[d / 86400, 'd'], [(d / 3600) % 24, 'h'], [(d / 60) % 60, 'm']].map(([n, u]) => [Math.trunc(n as number), u] as const);
  const first = parts.findIndex(([n]) => n !== 0);
  return (v < 0 ? '-' : '') + (first < 0 ? `${g4(a)}s` : [...parts.slice(first).map(([n, u]) => `${n}${u}`), `${d % 60}s`].join(' '));
}

const FORMATS: Readonly<Record<string, (v: number) => string>> = {
  humanize, humanizeDuration, humanizePercentage: (v) => `${g4(v * 100)}%`,
};

/** `{{ $value | fn }}` (or `.Value`) with a humanize function, `{{ $labels.x }}` (or `.Labels.x`), anything else. */
const ACTION = /\{\{\s*(?:(?:\$value|\.Value)\s*\|\s*(\w+)|(?:\$labels|\.Labels)\.(\w+)|[^}]*?)\s*\}\}/g;

/**
 * An alert annotation with a new value, as Prometheus renders it from the rule's template and
 * the series' labels, for the forms alert templates use: `$value` through `humanize`,
 * `humanizePercentage` or `humanizeDuration`, and `$labels.x`. Undefined for anything else
 * (`printf`, `if`, a bare `$value`), so the caller keeps the server's text rather than show a
 * different one.
 * @example renderAnnotation('Pool {{ $labels.pool }} is {{ $value | humanizePercentage }} used', { pool: 'orders' }, 0.9) // 'Pool orders is 90% used'
 */
export function renderAnnotation(template: string, labels: Readonly<Record<string, string>>, value: number): string | undefined {
  let ok = true;
  const out = template.replace(ACTION, (_, fn?: string, label?: string) => {
    const f = fn && FORMATS[fn];
    if (f) return f(value);
    if (label) return labels[label] ?? '';
    ok = false;
    return '';
  });
  return ok ? out : undefined;
}

/**
 * How the rule's summary (or description) writes its value: `93.33%` for
 * `{{ $value | humanizePercentage }}`, `1.235s` for `{{ $value | humanize }}s`. Undefined when
 * the template writes it some other way.
 * @example valueFormat('{{ $value | humanizePercentage }} used')?.(0.93333) // '93.33%'
 */
export function valueFormat(template: string | undefined): ((v: number) => string) | undefined {
  const m = /\{\{\s*(?:\$value|\.Value)\s*\|\s*(\w+)\s*\}\}([a-zA-Z%/]{1,3}(?!\w))?/.exec(template ?? '');
  const f = m && FORMATS[m[1]!];
  return f ? (v) => f(v) + (m[2] ?? '') : undefined;
}
