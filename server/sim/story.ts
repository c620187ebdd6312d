/**
 * Numbers in the story come from the simulation. Inject texts, responder answers and action
 * outcomes may quote a signal with `{{ query "PROMQL" }}` (the syntax: scenario/story-text.ts).
 * The query runs at the moment the message is sent, over the drill's own series, so an e-mail
 * never says "p99 is 8 s" while the chart shows 80 ms.
 */
import { compile, instantQuery, renderTemplate, type Compiled, type MemoryStore } from '../promql/index.js';
import { QUERY_RE, storyQueries, valueTemplate } from '../scenario/story-text.js';

/**
 * Story queries compiled once, not at every message: parsing is most of a message's cost.
 * The queries come from loaded scenarios; the bound only keeps drafts from growing it forever.
 */
const compiled = new Map<string, Compiled>();
const COMPILED_QUERIES = 512;

function compiledQuery(expr: string): Compiled {
  let c = compiled.get(expr);
  if (c === undefined) {
    if (compiled.size >= COMPILED_QUERIES) compiled.clear();
    c = compile(expr);
    compiled.set(expr, c);
  }
  return c;
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
      const v = instantQuery(compiledQuery(q.expr), store, Math.round(t * 1000));
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
