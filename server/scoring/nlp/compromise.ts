/**
 * The compromise backend: its sentence splitter keeps "v5.2.0" and "e.g." inside a sentence,
 * its lexicon knows first names ("Tomasz", "Farida" are people), and its sentence parse gives a
 * subject. Negation scope is the shared clause rule (scope.ts) over compromise's words, which
 * expand contractions ("didn't" is did + not).
 */
import nlp from 'compromise';
import { negationScopes, type ScopeWord } from './scope.js';
import type { NlpBackend, Sentence, Span, Word } from './types.js';

interface Term {
  readonly text: string;
  readonly pre: string;
  readonly post: string;
  readonly tags: readonly string[];
  readonly implicit?: string | null;
  readonly offset: { readonly start: number; readonly length: number };
}

interface SentenceJson {
  readonly text: string;
  readonly offset: { readonly start: number; readonly length: number };
  readonly terms: readonly Term[];
  readonly sentence?: { readonly subject?: string };
}

/** Parses are cached: the grader asks about the same sentence several times (words, negation, subject). */
const cache = new Map<string, SentenceJson[]>();
const CACHE_SIZE = 5000;

function parse(text: string): SentenceJson[] {
  const hit = cache.get(text);
  if (hit) return hit;
  const out = nlp(text).json({ offset: true, terms: { offset: true } }) as SentenceJson[];
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(text, out);
  return out;
}

/** compromise's lexicon: a capitalised word it does not know, before a verb, may be a name it has not met ("Marek wrote"). */
const lexicon = (nlp as unknown as { world(): { model: { one: { lexicon: Record<string, string> } } } }).world().model.one.lexicon;

function unknownName(t: Term, next: readonly (Term | undefined)[], first: boolean): boolean {
  const verbNext = next[0]?.tags.includes('Verb') || (next[0]?.tags.includes('Adverb') && next[1]?.tags.includes('Verb'));
  // "Mitigation: turned on ..." is a label, not a person.
  const label = /[:\-–—]/.test(t.post);
  return first && !label && /^\p{Lu}\p{Ll}+$/u.test(t.text) && lexicon[t.text.toLowerCase()] === undefined && verbNext === true;
}

const subjects = new Map<string, string>();

function terms(sentence: string): Term[] {
  return parse(sentence).flatMap((s) => s.terms);
}

export const compromiseBackend: NlpBackend = {
  name: 'compromise',
  sentences(text: string): Sentence[] {
    return parse(text).map((s) => ({ text: text.slice(s.offset.start, s.offset.start + s.offset.length), start: s.offset.start, end: s.offset.start + s.offset.length }))
      .filter((s) => s.text.trim().length > 0);
  },
  words(sentence: string): Word[] {
    const ts = terms(sentence).filter((t) => t.text.length > 0);
    return ts.map((t, i) => ({
      text: t.text, start: t.offset.start, end: t.offset.start + t.offset.length,
      verb: t.tags.includes('Verb'), person: t.tags.includes('Person') || unknownName(t, [ts[i + 1], ts[i + 2]], i === 0),
      proper: t.tags.includes('ProperNoun') || t.tags.includes('Person'),
    }));
  },
  negated(sentence: string): Span[] {
    const words: ScopeWord[] = terms(sentence).map((t) => ({
      start: t.offset.start, end: t.offset.start + t.offset.length, lower: (t.implicit ?? t.text).toLowerCase(), after: t.post,
    }));
    return negationScopes(words);
  },
  subject(sentence: string): string | undefined {
    let s = subjects.get(sentence);
    if (s === undefined) {
      s = (nlp(sentence).sentences().json() as SentenceJson[])[0]?.sentence?.subject?.trim() ?? '';
      if (subjects.size >= CACHE_SIZE) subjects.delete(subjects.keys().next().value!);
      subjects.set(sentence, s);
    }
    return s.length > 0 ? s : undefined;
  },
};
