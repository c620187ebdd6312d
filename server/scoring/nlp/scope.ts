/**
 * Negation scope, shared by the backends: from a negating word to the end of its clause. A
 * clause ends at ; : , — ( ) or a conjunction that starts a new claim (but, however, which,
 * because, while, whereas, so, and then). Good enough for the claims postmortems make; the
 * backends differ in how they find the words, not in this rule.
 */
import type { Span } from './types.js';

/** Words that negate what follows them in their clause. */
export const NEGATORS: ReadonlySet<string> = new Set([
  'not', "n't", 'never', 'no', 'none', 'nobody', 'nothing', 'neither', 'nor', 'without', 'cannot', 'nowhere', 'noone',
]);

/** Words that start a new clause, ending a negation's reach. */
export const CLAUSE_BREAKS: ReadonlySet<string> = new Set([
  'but', 'however', 'which', 'because', 'while', 'whereas', 'although', 'though', 'so', 'since', 'until', 'unless', 'instead', 'yet', 'who',
]);

/** Punctuation that ends a clause. */
export const CLAUSE_PUNCT = /[;:,()—–]|\s-\s/;

export interface ScopeWord extends Span { readonly lower: string; readonly after: string }

/**
 * The spans negation governs, given a sentence's words in order (with the text right after
 * each, to see clause punctuation).
 */
export function negationScopes(words: readonly ScopeWord[]): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!NEGATORS.has(w.lower) && !w.lower.endsWith("n't") && w.lower !== 'no-one') continue;
    let end = w.end;
    if (CLAUSE_PUNCT.test(w.after)) { out.push({ start: w.start, end }); continue; }
    for (let j = i + 1; j < words.length; j++) {
      const x = words[j]!;
      if (CLAUSE_BREAKS.has(x.lower)) break;
      end = x.end;
      if (CLAUSE_PUNCT.test(x.after)) break;
    }
    out.push({ start: w.start, end });
  }
  return out;
}
