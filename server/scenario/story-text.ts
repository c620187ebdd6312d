/**
 * The text side of story queries: inject texts, responder answers and action outcomes may quote
 * a signal with `{{ query "PROMQL" }}`, optionally piped like an alert annotation:
 * `{{ query "histogram_quantile(0.99, ...)" | humanizeDuration }}`. Finding the queries and their
 * value templates is pure text work, so the scenario checks (checks.ts) and the engine
 * (sim/story.ts, which runs them) share it.
 */

/** `{{ query "expr" | pipes }}`; the expression is a double-quoted string with \" escapes. */
export const QUERY_RE = /\{\{\s*query\s+"((?:[^"\\]|\\.)*)"\s*((?:\|[^}]*)?)\}\}/g;

export interface StoryQuery { readonly expr: string; readonly pipes: string; readonly offset: number; readonly exprOffset: number }

/** Every query in a text, with where its expression starts (for file:line:col errors). */
export function storyQueries(text: string): StoryQuery[] {
  return [...text.matchAll(QUERY_RE)].map((m) => ({
    expr: m[1]!.replace(/\\(.)/g, '$1'),
    pipes: m[2]!.trim(),
    offset: m.index,
    exprOffset: m.index + m[0].indexOf('"') + 1,
  }));
}

/** The template that formats one query's value, e.g. `{{ $value | humanize }}`. */
export function valueTemplate(q: StoryQuery): string {
  return `{{ $value ${q.pipes} }}`;
}
