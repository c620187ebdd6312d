/**
 * Paged responders answer questions by keyword: the knowledge entry whose keywords appear
 * most often in the question wins (earlier entries win ties), else the team's fallback.
 * Deterministic by construction: no randomness, only the question text.
 */
import type { Team } from '../scenario/schema.js';

/** Lowercase words without punctuation, with a light stemming so "connections" finds "connection". */
export function normalise(text: string): string[] {
  return text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9.]+/).map((w) => w.replace(/^\.+|\.+$/g, '')).filter(Boolean).map(stem);
}

/**
 * Strips common English suffixes, then a final "e", so change, changes and changed all
 * become "chang". Enough for keyword matching, not a linguist.
 */
export function stem(w: string): string {
  if (w.length <= 3 || /\d/.test(w)) return w;
  let out = w;
  for (const suf of ['ies', 'ied', 'ings', 'ing', 'ed', 'es', 's']) {
    if (out.endsWith(suf) && out.length - suf.length >= 3 && !out.endsWith('ss')) {
      out = suf === 'ies' || suf === 'ied' ? `${out.slice(0, -suf.length)}y` : out.slice(0, -suf.length);
      break;
    }
  }
  return out.length > 3 && out.endsWith('e') ? out.slice(0, -1) : out;
}

/** True when the phrase's words appear consecutively in the text's words. */
export function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

export interface Answer { readonly responder: string; readonly text: string; readonly answer: string }

/**
 * Pick the answer for a question. `answer` is a stable id (`<team>/<index>` or
 * `<team>/fallback`) so pinned answers can be matched by the scorer.
 */
export function answerQuestion(teamId: string, team: Team, question: string): Answer {
  const words = normalise(question);
  let best = -1;
  let bestScore = 0;
  team.knowledge.forEach((k, i) => {
    const score = k.keywords.filter((kw) => containsPhrase(words, normalise(kw))).length;
    if (score > bestScore) { best = i; bestScore = score; }
  });
  const responder = team.responders[0]!.name;
  if (best < 0) return { responder, text: team.fallback, answer: `${teamId}/fallback` };
  return { responder, text: team.knowledge[best]!.answer, answer: `${teamId}/${best}` };
}
