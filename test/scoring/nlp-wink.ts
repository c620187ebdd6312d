/**
 * The wink-nlp backend (with its English lite web model), kept for the comparison that chose
 * compromise (nlp-compare.ts): tokens with universal part-of-speech
 * tags and wink's own negation flags, which mark the words a negation governs. Its model has no
 * person names, so a proper noun before the first verb stands for one.
 */
import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { NlpBackend, Sentence, Span, Word } from '../../server/scoring/nlp/types.js';

let engine: WinkMethods | undefined;
/** The model takes about 100 ms to load: only when the wink backend is used. */
function wink(): WinkMethods {
  engine ??= winkNLP(model);
  return engine;
}

interface Tok { readonly text: string; readonly pos: string; readonly neg: boolean; readonly start: number; readonly end: number }

function tokens(text: string): Tok[] {
  const w = wink();
  const doc = w.readDoc(text);
  const its = w.its;
  const texts = doc.tokens().out() as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const neg = doc.tokens().out(its.negationFlag) as unknown as boolean[];
  const out: Tok[] = [];
  let at = 0;
  texts.forEach((t, i) => {
    const start = text.indexOf(t, at);
    const s = start >= 0 ? start : at;
    at = s + t.length;
    out.push({ text: t, pos: pos[i] ?? 'X', neg: neg[i] === true, start: s, end: s + t.length });
  });
  return out;
}

export const winkBackend: NlpBackend = {
  name: 'wink-nlp',
  sentences(text: string): Sentence[] {
    const w = wink();
    const out: Sentence[] = [];
    let at = 0;
    w.readDoc(text).sentences().each((s: { out: () => unknown }) => {
      const t = s.out() as string;
      const start = text.indexOf(t, at);
      const st = start >= 0 ? start : at;
      at = st + t.length;
      if (t.trim().length > 0) out.push({ text: t, start: st, end: st + t.length });
    });
    return out;
  },
  words(sentence: string): Word[] {
    const toks = tokens(sentence).filter((t) => t.pos !== 'PUNCT' && t.pos !== 'SPACE');
    const firstVerb = toks.findIndex((t) => t.pos === 'VERB' || t.pos === 'AUX');
    return toks.map((t, i) => ({
      text: t.text, start: t.start, end: t.end, verb: t.pos === 'VERB' || t.pos === 'AUX', proper: t.pos === 'PROPN',
      person: t.pos === 'PROPN' && /^\p{Lu}\p{Ll}+$/u.test(t.text) && (firstVerb < 0 || i < firstVerb),
    }));
  },
  negated(sentence: string): Span[] {
    // wink flags the words a negation governs; the negating word itself is not flagged.
    const toks = tokens(sentence);
    const out: Span[] = [];
    for (let i = 0; i < toks.length; i++) {
      if (!toks[i]!.neg) continue;
      let j = i;
      while (j + 1 < toks.length && toks[j + 1]!.neg) j++;
      const before = i > 0 ? toks[i - 1]! : undefined;
      out.push({ start: before && /^(not|n't|never|no|without|nobody|neither|nor|none)$/i.test(before.text) ? before.start : toks[i]!.start, end: toks[j]!.end });
      i = j;
    }
    return out;
  },
  subject(sentence: string): string | undefined {
    const toks = tokens(sentence).filter((t) => t.pos !== 'SPACE');
    const v = toks.findIndex((t) => t.pos === 'VERB' || t.pos === 'AUX');
    if (v <= 0) return undefined;
    const head = toks.slice(0, v).filter((t) => ['NOUN', 'PROPN', 'PRON', 'DET', 'ADJ', 'NUM'].includes(t.pos));
    return head.length > 0 ? head.map((t) => t.text).join(' ') : undefined;
  },
};
