/**
 * Numbers in the story come from the simulation. Inject texts, responder answers and action
 * outcomes may quote a signal with `{{ query "PROMQL" }}`, optionally piped like an alert
 * annotation: `{{ query "histogram_quantile(0.99, ...)" | humanizeDuration }}`. The query
 * runs at the moment the message is sent, over the drill's own series, so an e-mail never
 * says "p99 is 8 s" while the chart shows 80 ms.
 */
import { compile, instantQuery, renderTemplate, type MemoryStore } from '../promql/index.js';

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

/**
 * Replace each query with its value at sim time t (seconds). A query with no result says
 * "no data" rather than inventing a number; a vector gives its first sample, as an
 * annotation's `query | first | value` would.
 */
export function renderStory(text: string, store: MemoryStore, t: number): string {
  if (!text.includes('{{')) return text;
  return text.replace(QUERY_RE, (whole, _expr: string, pipes: string) => {
    const q = storyQueries(whole)[0]!;
    let value: number | undefined;
    try {
      const v = instantQuery(compile(q.expr), store, Math.round(t * 1000));
      value = v.type === 'scalar' ? v.value : v.type === 'vector' ? v.samples[0]?.value : undefined;
    } catch {
      // A query can fail on the data (many-to-many matching); a message never crashes a drill.
      value = undefined;
    }
    if (value === undefined) return 'no data';
    void pipes;
    return renderTemplate(valueTemplate(q), { labels: {}, value });
  });
}
