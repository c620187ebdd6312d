/**
 * The scenario library as the home page uses it: the summary type the server sends (derived
 * from the server's own function, never copied) and the filter.
 */
import type { scenarioSummary } from '../../server/drills/visibility.js';

/** One entry of GET /api/scenarios. */
export type ScenarioSummary = ReturnType<typeof scenarioSummary>;

export interface LibraryFilter { readonly text: string; readonly difficulty: string; readonly tag: string }

/**
 * Does the scenario match the filters? Every word of the text must appear in the id, title,
 * summary, tags or skills; empty filters match everything.
 * @example matches(s, { text: 'pool config', difficulty: 'medium', tag: '' })
 */
export function matches(s: ScenarioSummary, f: LibraryFilter): boolean {
  if (f.difficulty && s.difficulty !== f.difficulty) return false;
  if (f.tag && !s.tags.includes(f.tag)) return false;
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [s.id, s.title, s.summary, ...s.tags, ...s.skills].join(' ').toLowerCase();
  return words.every((w) => hay.includes(w));
}
