/**
 * Claims in a postmortem's text: which sentences are statements at all (rather than lists of
 * terms), whether a mention is asserted or denied ("not the certificate", "the cert alert was
 * noise"), which side of a causal claim it stands on ("X caused Y", "Y because of X"), and
 * whether a sentence blames a person. Built on an NLP backend (./nlp) for sentences, words,
 * negation and subjects; the lexicons here are the grader's, the same whichever backend.
 */
import { containsPhrase, normalise } from '../sim/responders.js';
import { nlp } from './nlp/index.js';
import { MIN_SQUASHED } from './text.js';
import type { NlpBackend, Sentence, Span, Word } from './nlp/types.js';

/** A sentence with what the grader needs to know about it. */
export interface Analysed extends Sentence {
  readonly words: readonly Word[];
  readonly negated: readonly Span[];
  /** a list of terms rather than a sentence (isTermList) */
  readonly list: boolean;
}

/** A sentence that is not a list of terms says something from this many words on. */
export const STATEMENT_WORDS = 4;

/** Sentences of a text, analysed; a text of bullet lines is split at the line breaks first. */
export function analyse(text: string, backend: NlpBackend = nlp()): Analysed[] {
  const out: Analysed[] = [];
  let base = 0;
  for (const line of text.split('\n')) {
    if (line.trim().length > 0) {
      for (const s of backend.sentences(line)) {
        const words = backend.words(s.text);
        out.push({ ...s, start: base + s.start, end: base + s.end, words, negated: backend.negated(s.text), list: isTermList(s.text, words) });
      }
    }
    base += line.length + 1;
  }
  return out;
}

/** Words that glue prose together; a run of words with almost none of them is a list of terms. */
const FUNCTION_WORDS = new Set([
  'a', 'an', 'the', 'of', 'to', 'in', 'on', 'for', 'with', 'by', 'at', 'from', 'into', 'onto', 'over', 'under', 'after', 'before', 'during', 'until',
  'and', 'or', 'but', 'so', 'because', 'since', 'while', 'when', 'which', 'that', 'this', 'these', 'those', 'who', 'whose', 'what', 'where', 'than',
  'is', 'was', 'were', 'are', 'be', 'been', 'being', 'has', 'had', 'have', 'do', 'did', 'does', 'it', 'its', 'we', 'our', 'us', 'they', 'their', 'them',
  'he', 'she', 'his', 'her', 'i', 'you', 'not', 'no', 'as', 'if', 'then', 'there', 'would', 'could', 'should', 'will', 'can', 'all', 'every', 'each',
  'up', 'out', 'off', 'about', 'only', 'also', 'too', 'very', 'just', 'still', 'any', 'some', 'one', 'both', 'via', 'per', 'instead', 'without',
]);

/** Below this share of function words, a run of RUN_ON_WORDS words or more is a list of terms. */
const MIN_FUNCTION_SHARE = 0.15;
/** Shorter runs may be terse without being lists: "Cost review changes to pool size need payments sign-off". */
const RUN_ON_WORDS = 12;

/**
 * A list of terms rather than a sentence: split at commas, semicolons and slashes, most parts
 * are short (four words or fewer) and most have no verb; or twelve words or more run on with
 * almost no function words ("SEV2 DNS NXDOMAIN CoreDNS forward config change Terraform PR 4821
 * geo-router routing-db no such host").
 * "certificate, expired, x509, gw-a" is a list; "gw-a's certificate expired, so handshakes
 * failed" is not.
 */
export function isTermList(text: string, words: readonly Word[]): boolean {
  const tokens = text.toLowerCase().match(/[\p{L}\p{N}'._-]+/gu) ?? [];
  // "Make log-level overrides expire after 30 minutes unless renewed" is terse, not a list: an
  // action that starts with its verb.
  const imperative = words[0]?.verb === true && words[0].start <= text.search(/\S/);
  if (!imperative && tokens.length >= RUN_ON_WORDS && tokens.filter((t) => FUNCTION_WORDS.has(t)).length / tokens.length < MIN_FUNCTION_SHARE) return true;
  // Slashes join alternatives ("latency/timeout", "/var/notify/logs"), so they do not split.
  const parts = text.split(/[,;|•]|\s[-–]\s/).map((p) => p.trim()).filter(Boolean);
  if (parts.length < 3) return words.length > 0 && words.length <= 3 && !words.some((w) => w.verb) && parts.length > 1;
  const short = parts.filter((p) => p.split(/\s+/).length <= 4);
  const verbAt = (p: string) => {
    const from = text.indexOf(p);
    return words.some((w) => w.verb && w.start >= from && w.end <= from + p.length);
  };
  // "At 14:04, the cert expired, clients failed, and payments stopped" has short parts too, but
  // most of them are clauses with verbs.
  const verbless = parts.filter((p) => !verbAt(p));
  return short.length / parts.length >= 0.6 && verbless.length / parts.length >= 0.5;
}

/** Words that dismiss what their clause is about: "the lag alert was noise", "we ruled out the deploy". */
const DISMISSIVE = [
  'red herring', 'noise', 'noisy', 'unrelated', 'not related', 'coincidence', 'coincidental', 'coincidentally', 'innocent', 'misleading',
  'distraction', 'distracting', 'ruled out', 'rule out', 'ruling out', 'irrelevant', 'false alarm', 'nothing to do with', 'harmless', 'benign',
  'healthy', 'was fine', 'were fine', 'looked fine', 'looks fine', 'by itself', 'on its own', 'not involved', 'not the cause', 'no part',
  'happened to', 'just happened', 'not to blame', 'a decoy',
].map((p) => normalise(p));

/** The clause of a sentence a position is in: cut at clause punctuation and clause-starting conjunctions. */
export function clauseAt(text: string, at: number): Span {
  const breaks = /[;—–]|,\s|\s-\s|\b(?:but|however|whereas|although|though|while|which|because|so that|so)\b/gi;
  let start = 0;
  let end = text.length;
  for (const m of text.matchAll(breaks)) {
    const i = m.index;
    if (i < at) start = i + m[0].length;
    else { end = i; break; }
  }
  return { start, end };
}

export type Polarity = 'affirmed' | 'negated' | 'dismissed';

/**
 * Does the sentence assert what it mentions at `start`, or deny or dismiss it? Negated
 * when a negation's scope covers the mention or denies the causal claim it is the cause of ("X
 * did not cause Y"); dismissed when its clause calls it noise, a red herring, unrelated,
 * healthy, ruled out and the like.
 */
export function polarity(s: Analysed, start: number): Polarity {
  // A negation that begins inside the mention is the mention's own ("no space left", "no
  // backoff"); "no request coalescing" states a missing safeguard, which is a cause.
  const absence = /^(?:no|without|lack of|missing)\s/i;
  const governing = s.negated.filter((n) => n.start < start && n.end > start && !(absence.test(s.text.slice(n.start, start)) && s.text.slice(n.start, start).trim().split(/\s+/).length <= 2));
  if (governing.length > 0) return 'negated';
  // "The v5.14.0 deploy did not cause the errors": the claim about it is denied.
  const role = causalRole(s, start);
  if (role.side === 'cause' && role.denied) return 'negated';
  const c = clauseAt(s.text, start);
  const clause = normalise(s.text.slice(c.start, c.end));
  if (DISMISSIVE.some((d) => containsPhrase(clause, d))) return 'dismissed';
  return 'affirmed';
}

/** Causal markers that put the cause before them ("X caused Y") or after them ("Y because of X"). */
const FORWARD = [
  'caused', 'causes', 'cause', 'causing', 'led to', 'leads to', 'lead to', 'resulted in', 'results in', 'triggered', 'triggers', 'broke', 'breaks',
  'took down', 'takes down', 'brought down', 'set off', 'sets off', 'meant that', 'which meant', 'so that', 'therefore', 'as a result', 'made',
  'was the root cause', 'is the root cause', 'was the cause', 'is the cause', 'was the trigger', 'is the trigger', 'was responsible', 'is responsible',
  'was to blame', 'overloaded', 'exhausted', 'filled', 'starved', 'blocked', 'stalled', 'evicted', 'killed',
].map((p) => normalise(p));
const BACKWARD = [
  'because of', 'because', 'due to', 'caused by', 'triggered by', 'as a result of', 'a result of', 'result of', 'owing to', 'thanks to',
  'symptom of', 'the root cause was', 'root cause was', 'the root cause is', 'root cause is', 'the cause was', 'the trigger was', 'trigger was', 'came from',
  'started with', 'brought on by', 'driven by', 'broken by', 'blocked by', 'overloaded by', 'exhausted by', 'stems from', 'stemmed from', 'from',
].map((p) => normalise(p));

export type Side = 'cause' | 'effect';

/** A mention's place in its sentence's causal claim. */
export interface CausalRole {
  /** cause or effect side of the first causal marker; undefined when the sentence has none */
  readonly side?: Side;
  /** the marker itself is negated: "X did not cause Y", "Y was not due to X" */
  readonly denied: boolean;
}

/**
 * Which side of the sentence's causal claim a mention stands on. The first causal marker splits
 * the sentence: before a forward marker ("X caused Y") is the cause, after a backward one ("Y
 * because of X") is. A sentence with no marker makes no causal claim of its own.
 */
export function causalRole(s: Analysed, at: number): CausalRole {
  const words = normalise(s.text);
  const positions = wordStarts(s.text);
  const mentionWord = positions.findIndex((p, i) => p <= at && (positions[i + 1] ?? Infinity) > at);
  let best: { index: number; forward: boolean; len: number } | undefined;
  for (const [list, forward] of [[FORWARD, true], [BACKWARD, false]] as const) {
    for (const m of list) {
      for (let i = 0; i + m.length <= words.length; i++) {
        let ok = true;
        for (let j = 0; j < m.length; j++) if (words[i + j] !== m[j]) { ok = false; break; }
        if (ok && (!best || i < best.index || (i === best.index && m.length > best.len))) best = { index: i, forward, len: m.length };
      }
    }
  }
  if (!best) return { denied: false };
  const markerAt = positions[best.index] ?? 0;
  const denied = s.negated.some((n) => n.start <= markerAt && n.end > markerAt);
  const before = mentionWord < best.index;
  return { side: best.forward === before ? 'cause' : 'effect', denied };
}

/** The normalised words of a text with where each starts: the same words normalise() gives. */
export function wordsAt(text: string): { word: string; start: number }[] {
  const out: { word: string; start: number }[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}.]+/gu)) {
    for (const w of normalise(m[0])) out.push({ word: w, start: m.index });
  }
  return out;
}

function wordStarts(text: string): number[] {
  return wordsAt(text).map((w) => w.start);
}

/** Linking verbs that may stand between a phrase's words: "disk was full" for "disk full". */
const LINKS = new Set(['was', 'were', 'is', 'are', 'been', 'being', 'got', 'get', 'became', 'becam', 'ran', 'run', 'went'].flatMap((w) => normalise(w)));

/**
 * Where a phrase is mentioned in a text: its normalised words in a row ("pools were exhausted"
 * finds "pool exhausted"), or the same letters with the spaces gone ("maximumPoolSize" finds
 * "maximum pool size"). Returns the character offset of each mention.
 */
export function mentions(text: string, phrase: string): number[] {
  const words = wordsAt(text);
  const p = normalise(phrase);
  if (p.length === 0) return [];
  const out: number[] = [];
  for (let i = 0; i + p.length <= words.length; i++) {
    // The phrase's words in a row, or with a linking verb between two of them: "the disk was
    // full" states "disk full", "the pool got exhausted" states "pool exhausted".
    let k = i;
    let ok = true;
    for (let j = 0; j < p.length; j++) {
      if (words[k]?.word !== p[j]) {
        if (j > 0 && LINKS.has(words[k]?.word ?? '') && words[k + 1]?.word === p[j]) k++;
        else { ok = false; break; }
      }
      k++;
    }
    if (ok) out.push(words[i]!.start);
  }
  const squashed = p.join('');
  if (out.length === 0 && squashed.length >= MIN_SQUASHED) {
    let joined = '';
    const owner: number[] = [];
    words.forEach((w, i) => { joined += w.word; for (let k = 0; k < w.word.length; k++) owner.push(i); });
    for (let at = joined.indexOf(squashed); at >= 0; at = joined.indexOf(squashed, at + 1)) out.push(words[owner[at]!]!.start);
  }
  return out;
}

/** Duties whose omission is blame when a person is the subject: "didn't check", "never tested". */
const DUTIES = ['check', 'test', 'read', 'review', 'look', 'set', 'notice', 'follow', 'ask', 'verify', 'renew', 'update', 'tell', 'acknowledge', 'watch', 'try',
  'run', 'validate', 'think', 'consider', 'catch', 'see', 'pick', 'respond', 'answer', 'escalate', 'monitor', 'bother', 'care', 'document', 'hand', 'warn', 'wait']
  .map((w) => normalise(w)[0]!);

/** Judgements and omissions that blame whoever is the subject. */
const JUDGEMENTS = [
  'forgot', 'forgets', 'failed to', 'fails to', 'ignored', 'ignores', 'missed', 'neglected', 'overlooked', 'rubber stamped', 'rubber-stamped',
  'should have', "should've", 'ought to have', 'clearly never', 'only wrote', 'only tested', 'let it go out', 'went to lunch', 'instead of',
  'basic mistake', 'sloppy', 'careless', 'carelessly', 'lazy', 'rushed', 'blindly', 'without reading', 'without checking', 'without testing',
  'without looking', 'without asking', 'without thinking', 'without reviewing', 'without doing', 'without noticing', 'without any', 'did the install manually',
  'messed up', 'screwed up', 'botched', 'broke', 'dropped the ball', 'was asleep', 'never followed up', 'sat on', 'sitting in',
].map((p) => normalise(p));

/** Pronouns that stand for a person already named. */
const PERSON_PRONOUNS = new Set(['he', 'she']);

/**
 * Does this sentence blame a person: a person (a known name, or a word the backend takes for a
 * person's name) as the subject of an omission or a negative judgement? Returns the person.
 * "Tomasz approved the PR without reading it properly" blames Tomasz; "Tomasz paged the
 * networking team" does not; "the change was approved without a capacity check" has no person.
 */
export function blamedPerson(s: Analysed, knownNames: readonly string[], notNames: ReadonlySet<string> = new Set(), backend: NlpBackend = nlp()): string | undefined {
  // Without a judgement or a denied duty anywhere in it, no subject can be blamed: skip finding
  // one (the backend's subject parse is most of the grader's time).
  const all = normalise(s.text);
  if (!JUDGEMENTS.some((j) => containsPhrase(all, j)) && !s.negated.some((n) => normalise(s.text.slice(n.start, n.end)).some((w) => DUTIES.includes(w)))) return undefined;
  const subject = subjectPerson(s, knownNames, notNames, backend);
  if (!subject) return undefined;
  const after = s.text.slice(subject.end);
  const words = normalise(after);
  const judged = JUDGEMENTS.some((j) => containsPhrase(words, j));
  const negatedDuty = s.negated.some((n) => n.start >= subject.end && normalise(s.text.slice(n.start, n.end)).some((w) => DUTIES.includes(w)));
  return judged || negatedDuty ? subject.name : undefined;
}

function subjectPerson(s: Analysed, knownNames: readonly string[], notNames: ReadonlySet<string>, backend: NlpBackend): { name: string; end: number } | undefined {
  const firstVerb = s.words.find((w) => w.verb);
  const head = s.words.filter((w) => !firstVerb || w.start < firstVerb.start);
  const lowerText = s.text.toLowerCase();
  for (const n of [...knownNames].sort((a, b) => b.length - a.length)) {
    const i = lowerText.indexOf(n.toLowerCase());
    if (i >= 0 && (!firstVerb || i < firstVerb.start) && isWordAt(s.text, i, n.length)) return { name: s.text.slice(i, i + n.length), end: i + n.length };
  }
  const person = head.find((w) => w.person && /^\p{Lu}/u.test(w.text) && !notNames.has(w.text.toLowerCase()));
  if (person) return { name: person.text, end: person.end };
  const pronoun = head.find((w) => PERSON_PRONOUNS.has(w.text.toLowerCase()));
  if (pronoun && head.indexOf(pronoun) === 0) return { name: pronoun.text, end: pronoun.end };
  const subject = backend.subject(s.text);
  if (subject && knownNames.some((n) => subject.toLowerCase().includes(n.toLowerCase()))) {
    const i = lowerText.indexOf(subject.toLowerCase());
    return { name: subject, end: i >= 0 ? i + subject.length : (firstVerb?.start ?? 0) };
  }
  return undefined;
}

function isWordAt(text: string, i: number, len: number): boolean {
  const before = i === 0 ? '' : text[i - 1]!;
  const after = text[i + len] ?? '';
  return !/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after);
}
