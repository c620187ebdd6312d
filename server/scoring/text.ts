/**
 * Text matching for the scorer: concepts from the key's synonym groups found in free text, and
 * the small word utilities the postmortem checks share. Built on the responders' normaliser so
 * a trainee's question and a trainee's hypothesis are read the same way.
 */
import { containsPhrase, normalise } from '../sim/responders.js';

export { normalise };

/** Synonyms shorter than this (letters, spaces removed) must match whole words. */
export const MIN_SQUASHED = 6;

/** A string as a literal inside a regular expression. */
export const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The outcome of looking for one synonym group in a text. */
export interface ConceptMatch {
  /** the group's first synonym, used to name the concept in explanations */
  readonly concept: string;
  /** the synonym that matched, if any */
  readonly matched?: string;
}

/**
 * Which of the key's concept groups a text mentions. A synonym matches when its normalised
 * words appear consecutively in the text's normalised words (case, punctuation and simple
 * plural or tense endings do not matter), or when the text holds the same letters with the
 * spaces removed, so `maximumPoolSize` and `maximum pool size`, or `HikariPool` and `hikari`,
 * find each other. Short synonyms only match whole words, to keep `pool` out of `spool`.
 * @example matchConcepts('Pools were exhausted', [['pool exhaustion', 'pool']]) // matched: 'pool'
 */
export function matchConcepts(text: string, groups: readonly (readonly string[])[]): ConceptMatch[] {
  const words = normalise(text);
  const squashed = words.join('');
  return groups.map((g) => {
    const hit = g.find((syn) => {
      const p = normalise(syn);
      return containsPhrase(words, p) || (p.join('').length >= MIN_SQUASHED && squashed.includes(p.join('')));
    });
    return { concept: g[0] ?? '', ...(hit !== undefined ? { matched: hit } : {}) };
  });
}

/** How many groups a text matches. */
export function conceptCount(text: string, groups: readonly (readonly string[])[]): number {
  return matchConcepts(text, groups).filter((m) => m.matched !== undefined).length;
}

/** Words that carry no meaning for matching a timeline entry to an event. */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'at', 'for', 'by', 'with', 'from', 'is', 'was', 'were', 'be', 'been', 'it', 'its',
  'this', 'that', 'we', 'our', 'us', 'they', 'their', 'as', 'after', 'before', 'then', 'so', 'but', 'not', 'no', 'into', 'up', 'out', 'about',
  'all', 'has', 'had', 'have', 'are', 'who', 'which', 'what', 'when', 'now', 'than', 'also', 'there', 'some', 'any', 'one', 'two',
].map((w) => normalise(w)[0] ?? w));

/** Normalised content words of a text, without stopwords. */
export function contentWords(text: string): string[] {
  return normalise(splitCamel(text)).filter((w) => !STOPWORDS.has(w) && !/^\d+(\.\d+)?$/.test(w));
}

/** `CheckoutHighLatency` -> `Checkout High Latency`, so alert names match plain words. */
export function splitCamel(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
}

/** Words in the sense a reader counts them (letters or digits), for "at least a few words" rules. */
export function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{N}][\p{L}\p{N}'._-]*/gu) ?? []).length;
}
