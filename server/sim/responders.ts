/**
 * Paged responders answer questions by keyword: the knowledge entry whose keywords appear
 * most often in the question wins (earlier entries win ties), else the team's fallback.
 * A responder who gives an answer they already gave says so, as a person would, rather than
 * pasting the same paragraph under a different question as if it were news.
 * Deterministic by construction: no randomness, only the question and what was asked before.
 */
import type { Team } from '../scenario/schema.js';
import type { SimEvent } from '../../contract/events.js';

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

export interface Answer {
  readonly responder: string;
  /** the scenario's answer: may hold `{{ query }}` templates, rendered when it is sent */
  readonly text: string;
  readonly answer: string;
  /**
   * Plain words said before `text` when it repeats an earlier answer ("As I said: "). Never
   * rendered as a template: it may quote the trainee's own question.
   */
  readonly aside?: string;
}

/** One earlier exchange with the team: the question and the answer id it got. */
export interface Asked { readonly question: string; readonly answer: string }

/**
 * Pick the answer for a question. `answer` is a stable id (`<team>/<index>` or
 * `<team>/fallback`) so pinned answers can be matched by the scorer. `earlier` is what the team
 * was asked before (`askedBefore`): an answer given already comes with an `aside` that says so.
 * @example
 * answerQuestion('dba', team, 'any locks?', [{ question: 'is the database ok?', answer: 'dba/0' }])
 * // { ..., answer: 'dba/0', aside: 'I don\'t have more on that than what I told you when you asked "is the database ok?": ' }
 */
export function answerQuestion(teamId: string, team: Team, question: string, earlier: readonly Asked[] = []): Answer {
  const words = normalise(question);
  let best = -1;
  let bestScore = 0;
  team.knowledge.forEach((k, i) => {
    const score = k.keywords.filter((kw) => containsPhrase(words, normalise(kw))).length;
    if (score > bestScore) { best = i; bestScore = score; }
  });
  const responder = team.responders[0]!.name;
  const answer = best < 0 ? `${teamId}/fallback` : `${teamId}/${best}`;
  const text = best < 0 ? team.fallback : team.knowledge[best]!.answer;
  const aside = repeatAside(words, answer, best < 0, earlier);
  return { responder, text, answer, ...(aside ? { aside } : {}) };
}

/**
 * What a responder says before repeating themselves: the same question again gets "As I
 * said"; a different question that finds the same answer gets an honest "nothing more than
 * what I told you when you asked ...", quoting that question so the trainee can tell which.
 */
function repeatAside(words: readonly string[], answer: string, fallback: boolean, earlier: readonly Asked[]): string | undefined {
  const same = earlier.filter((e) => e.answer === answer);
  if (same.length === 0) return undefined;
  const key = words.join(' ');
  if (same.some((e) => normalise(e.question).join(' ') === key)) return 'As I said: ';
  if (fallback) return 'I can\'t help with that one either. ';
  return `I don't have more on that than what I told you when you asked "${clip(same.at(-1)!.question)}": `;
}

/** A question short enough to quote in a sentence. */
function clip(q: string): string {
  const one = q.trim().replace(/\s+/g, ' ');
  return one.length <= 80 ? one : `${one.slice(0, 79).trimEnd()}…`;
}

/**
 * The questions `team` was asked so far and the answer each got, oldest first, read from the
 * drill's events (a question is always followed at once by its answer).
 */
export function askedBefore(events: readonly SimEvent[], team: string): Asked[] {
  const out: Asked[] = [];
  events.forEach((e, i) => {
    const next = events[i + 1];
    if (e.type === 'question_asked' && e.team === team && next?.type === 'answer' && next.team === team) out.push({ question: e.question, answer: next.answer });
  });
  return out;
}
