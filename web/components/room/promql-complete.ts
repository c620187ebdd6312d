/**
 * Completion for the PromQL box: the word being typed at the caret, and the metric names (and
 * common functions) that continue it. Not inside a label matcher's braces or a string, where a
 * metric name would be wrong.
 */

export interface Suggestion { readonly text: string; readonly kind: 'metric' | 'function' }

export interface Completion {
  /** the span of text the chosen suggestion replaces */
  readonly from: number;
  readonly to: number;
  readonly options: readonly Suggestion[];
}

/** Functions and aggregations trainees reach for first; the server knows all of Prometheus's. */
export const PROMQL_FUNCTIONS = [
  'rate', 'irate', 'increase', 'delta', 'deriv', 'sum', 'avg', 'min', 'max', 'count', 'topk', 'bottomk', 'quantile',
  'histogram_quantile', 'avg_over_time', 'max_over_time', 'min_over_time', 'sum_over_time', 'quantile_over_time',
  'abs', 'clamp_min', 'clamp_max', 'round', 'absent', 'changes', 'resets', 'time', 'vector', 'scalar', 'label_replace',
] as const;

const WORD = /[A-Za-z0-9_:]/;

/** Whether the caret sits inside `{...}` or a quoted string, ignoring what is closed before it. */
function inMatcherOrString(text: string, caret: number): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < caret; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
  }
  return depth > 0 || quote !== undefined;
}

/**
 * @example complete('rate(http_re', 12, ['http_requests_total']) // { from: 5, to: 12, options: [{ text: 'http_requests_total', kind: 'metric' }] }
 */
export function complete(text: string, caret: number, metricNames: readonly string[], max = 12): Completion | undefined {
  let from = caret;
  while (from > 0 && WORD.test(text[from - 1]!)) from--;
  let to = caret;
  while (to < text.length && WORD.test(text[to]!)) to++;
  const word = text.slice(from, caret);
  if (word.length === 0 || /^[0-9]/.test(word) || inMatcherOrString(text, caret)) return undefined;
  // A range like [5m] or a duration after offset is not a name.
  if (/\[[^\]]*$/.test(text.slice(0, caret))) return undefined;
  const lower = word.toLowerCase();
  const rank = (name: string) => (name.toLowerCase().startsWith(lower) ? 0 : 1);
  const metrics = metricNames.filter((n) => n.toLowerCase().includes(lower) && n !== word).map((n) => ({ text: n, kind: 'metric' as const }));
  const functions = PROMQL_FUNCTIONS.filter((f) => f.startsWith(lower) && f !== word).map((f) => ({ text: f, kind: 'function' as const }));
  const options = [...metrics, ...functions].sort((a, b) => rank(a.text) - rank(b.text) || a.text.localeCompare(b.text)).slice(0, max);
  return options.length ? { from, to, options } : undefined;
}

/** The text after choosing a suggestion, and where the caret goes (after `(` for a function). */
export function applySuggestion(text: string, c: Completion, s: Suggestion): { text: string; caret: number } {
  const insert = s.kind === 'function' && text[c.to] !== '(' ? `${s.text}(` : s.text;
  const next = text.slice(0, c.from) + insert + text.slice(c.to);
  return { text: next, caret: c.from + insert.length };
}
