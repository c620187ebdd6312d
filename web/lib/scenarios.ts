/**
 * The scenario library as the home page uses it: the summary type the server sends (derived
 * from the route's reply, never copied) and the filter.
 */
import type { ScenarioSummary } from './api-types.js';

export type { ScenarioSummary };

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
