/**
 * Blameless language: find phrases in a postmortem that blame a person rather than describe the
 * system, and suggest a rewording for each. Pattern lists, not a language model: every flag can
 * be explained by pointing at the words.
 */
import type { Scenario } from '../scenario/schema.js';
import { analyse, blamedPerson } from './claims.js';
import { escapeRe } from './text.js';

export interface BlameFlag {
  /** the postmortem field the phrase is in, e.g. "root_cause" or "action_items[2].title" */
  readonly where: string;
  readonly phrase: string;
  readonly suggestion: string;
}

interface Pattern { readonly re: RegExp; readonly suggestion: string }

const PATTERNS: readonly Pattern[] = [
  { re: /\bhuman error\b/gi, suggestion: 'Replace "human error" with the condition that made the mistake possible, e.g. "the change had no validation or review step".' },
  { re: /\b[\p{L}']+ forgot\b|\bforgot to\b/giu, suggestion: 'Instead of who forgot, say what did not prompt for it: "the procedure had no step (or reminder) for ...".' },
  { re: /\b[\p{L}]+'s fault\b|\b(?:the )?fault of\b|\bat fault\b/giu, suggestion: 'Say what in the system allowed it rather than whose fault it was, e.g. "nothing stopped a pool size below peak load".' },
  { re: /\b(?:careless(?:ly|ness)?|sloppy|lazy|negligen(?:t|ce)|incompeten(?:t|ce)|stupid|dumb|reckless(?:ly)?)\b/gi, suggestion: 'Drop the judgement; describe the action taken and the safeguard that was missing.' },
  { re: /\bshould(?: have|'ve) known\b/gi, suggestion: 'Hindsight: say what information was not visible at the time and what would have surfaced it.' },
  { re: /\bdid(?:n't| not) bother\b/gi, suggestion: 'Say the step was not part of the procedure (or was hard to do), not that someone could not be bothered.' },
  { re: /\b(?:to blame|blame[sd]?|blaming)\b/gi, suggestion: 'Describe contributing factors instead of assigning blame.' },
];

const FAILURE_VERBS = "(?:forgot|failed to|failed|missed|ignored|neglected|broke|messed up|screwed up|didn't|did not|should have|caused|overlooked)";

/** Capitalised words that begin sentences or name things, never a person at fault. */
const NOT_NAMES = new Set([
  'the', 'this', 'that', 'it', 'we', 'our', 'they', 'their', 'he', 'she', 'someone', 'nobody', 'everyone', 'team', 'i', 'you', 'a', 'an',
  'alert', 'alerts', 'deploy', 'config', 'change', 'monitoring', 'process', 'system', 'database', 'service', 'pipeline', 'test', 'tests',
]);

/** People a scenario knows by name: responders (full and first names) and human change authors. */
export function personNames(s: Scenario): string[] {
  const names = new Set<string>();
  for (const t of Object.values(s.teams)) for (const r of t.responders) { names.add(r.name); const first = r.name.split(/\s+/)[0]; if (first) names.add(first); }
  for (const c of s.changes) if (!/bot\b|-bot|automation/i.test(c.author)) names.add(c.author);
  return [...names].filter((n) => n.length > 1);
}

/** Words that name things in this scenario (services, teams, alerts, metrics), never people. */
function thingWords(s: Scenario): Set<string> {
  const words = [...Object.keys(s.services), ...Object.keys(s.teams), ...Object.values(s.teams).map((t) => t.name), ...s.alerts.map((a) => a.alert), ...s.metrics.map((m) => m.name)];
  return new Set(words.flatMap((w) => w.toLowerCase().split(/[^a-z0-9]+/)).filter(Boolean));
}

/**
 * An unknown capitalised word is taken for a name only mid-sentence (a sentence's first word is
 * capitalised anyway), without inner capitals (`HikariPool`), and when it names nothing in the
 * scenario: "Checkout failed to" is about a service, "Rollback failed" starts a sentence.
 */
function looksLikeName(text: string, index: number, word: string, things: ReadonlySet<string>): boolean {
  const lower = word.toLowerCase();
  if (NOT_NAMES.has(lower) || things.has(lower) || /.\p{Lu}/u.test(word)) return false;
  const before = text.slice(0, index).trimEnd();
  return before.length > 0 && !/[.!?:;\n]$/.test(before);
}


/**
 * People a postmortem names: full names ("Priya Raman"), and their first names, when the words
 * name nothing in the scenario. "Marek Nowak's refactor" makes "Marek" a person later on too.
 */
export function namesIn(s: Scenario, texts: readonly string[]): string[] {
  const things = thingWords(s);
  const out = new Set<string>();
  for (const t of texts) {
    for (const m of t.matchAll(/\b(\p{Lu}\p{Ll}+)\s+(\p{Lu}\p{Ll}+)\b/gu)) {
      const [first, last] = [m[1]!, m[2]!];
      if ([first, last].some((w) => NOT_NAMES.has(w.toLowerCase()) || things.has(w.toLowerCase()) || COMMON_CAPITALS.has(w.toLowerCase()))) continue;
      out.add(`${first} ${last}`);
      out.add(first);
    }
  }
  return [...out];
}

/** Capitalised words that are not names even in pairs ("Route Resolver", "Vault PKI"). */
const COMMON_CAPITALS = new Set(['route', 'resolver', 'vault', 'pki', 'kafka', 'envoy', 'java', 'spring', 'boot', 'redis', 'postgres', 'postgresql', 'aws', 'google',
  'cloud', 'terraform', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july',
  'august', 'september', 'october', 'november', 'december', 'root', 'cause', 'action', 'items', 'customer', 'care', 'head', 'vp', 'product', 'sales', 'support',
  'sev1', 'sev2', 'sev3', 'sev4', 'incident', 'commander', 'on', 'call', 'express', 'dhl', 'apple', 'pay', 'gold', 'tier', 'http', 'tls']);

/**
 * Blame flags in one piece of text: the listed phrases ("human error", "careless"), a person
 * as the subject of a failure verb ("Priya failed to", "Ana broke"), and, read by the NLP
 * backend, a person as the subject of an omission or a negative judgement ("Tomasz approved the
 * PR without reading it properly", "Farida didn't check the dashboard"). `named` are the people
 * the rest of the postmortem names (namesIn), found once for all its texts.
 */
export function blameIn(s: Scenario, where: string, text: string, named: readonly string[] = []): BlameFlag[] {
  const out: BlameFlag[] = [];
  const spans: [number, number][] = [];
  const add = (index: number, phrase: string, suggestion: string) => {
    if (spans.some(([a, b]) => index < b && index + phrase.length > a)) return;
    spans.push([index, index + phrase.length]);
    out.push({ where, phrase, suggestion });
  };
  const names = personNames(s);
  const things = thingWords(s);
  const personRe = new RegExp(`\\b(${[...names.map(escapeRe), "\\p{Lu}[\\p{L}'-]+"].join('|')})\\s+${FAILURE_VERBS}\\b`, 'gu');
  for (const m of text.matchAll(personRe)) {
    const who = m[1]!;
    const known = names.some((n) => n.toLowerCase() === who.toLowerCase());
    if (!known && !looksLikeName(text, m.index, who, things)) continue;
    add(m.index, m[0], `Describe the action and its context, not the person: instead of "${m[0]}", e.g. "the change was applied without a capacity check".`);
  }
  for (const p of PATTERNS) for (const m of text.matchAll(p.re)) add(m.index, m[0], p.suggestion);
  const people = [...names, ...named];
  const notNames = new Set([...things, ...NOT_NAMES, ...COMMON_CAPITALS]);
  for (const sentence of analyse(text)) {
    const who = blamedPerson(sentence, people, notNames);
    if (!who) continue;
    const phrase = sentence.text.trim().replace(/[.!?]+$/, '').slice(0, 120);
    add(sentence.start, phrase, `Describe what happened and the condition that allowed it, not what ${who} did or failed to do: e.g. "the change went out without a check that would have caught it, because the process has none".`);
  }
  return out;
}

/** Every text field of a postmortem, with where it lives, for checks that read them all. */
export function postmortemTexts(pm: {
  summary: string; root_cause: string; trigger: string; detection: string; resolution: string;
  contributing_factors: readonly string[]; what_went_well: readonly string[]; what_went_wrong: readonly string[]; where_we_got_lucky: readonly string[];
  impact: { description: string }; timeline: readonly { text: string }[]; action_items: readonly { title: string }[];
}): { where: string; text: string }[] {
  return [
    { where: 'summary', text: pm.summary }, { where: 'impact', text: pm.impact.description }, { where: 'root_cause', text: pm.root_cause },
    { where: 'trigger', text: pm.trigger }, { where: 'detection', text: pm.detection }, { where: 'resolution', text: pm.resolution },
    ...pm.contributing_factors.map((text, i) => ({ where: `contributing_factors[${i}]`, text })),
    ...pm.what_went_well.map((text, i) => ({ where: `what_went_well[${i}]`, text })),
    ...pm.what_went_wrong.map((text, i) => ({ where: `what_went_wrong[${i}]`, text })),
    ...pm.where_we_got_lucky.map((text, i) => ({ where: `where_we_got_lucky[${i}]`, text })),
    ...pm.timeline.map((e, i) => ({ where: `timeline[${i}]`, text: e.text })),
    ...pm.action_items.map((a, i) => ({ where: `action_items[${i}].title`, text: a.title })),
  ];
}
