/**
 * Action items: owned, prioritised, typed, due, and specific enough that someone could close
 * them. "Be more careful" and "improve monitoring" are refused by rule, with the rule named.
 */
import type { Scenario } from '../scenario/schema.js';
import { containsPhrase } from '../sim/responders.js';
import { personNames, type BlameFlag } from './blame.js';
import { analyse, mentions } from './claims.js';
import { list, type Criterion } from './credit.js';
import { isCopied, type Shingles } from './material.js';
import { herringNames, type RedHerring } from './root-cause.js';
import { escapeRe, normalise, splitCamel, wordCount } from './text.js';

export interface ActionItemLike {
  readonly title: string;
  readonly owner: string;
  readonly priority?: string | undefined;
  readonly type?: string | undefined;
  readonly due: string;
}

/** A title needs at least this many words to say what will be done to what. */
export const MIN_ACTION_WORDS = 4;

/** Phrases that promise effort rather than a change; any match makes an item vague. */
export const VAGUE_PHRASES: readonly string[] = [
  'be more careful', 'be careful', 'more careful', 'pay more attention', 'pay attention', 'try harder', 'be aware', 'be vigilant', 'do better',
  'improve monitoring', 'better monitoring', 'more monitoring', 'improve alerting', 'better alerting', 'more alerts',
  'communicate better', 'better communication', 'improve communication', 'more communication',
  'more testing', 'better testing', 'improve testing', 'test more', 'test better',
  'improve process', 'improve processes', 'improve documentation', 'better documentation',
  'avoid this in the future', 'prevent this from happening again', 'make sure this does not happen again', "make sure this doesn't happen again",
  'look into', 'think about', 'consider', 'fix the issue', 'fix it',
];

/** Concrete objects an item can change or build; any one makes it name a thing. */
const CONCRETE = new Set([
  'alert', 'dashboard', 'runbook', 'playbook', 'test', 'check', 'checklist', 'limit', 'config', 'configuration', 'pool', 'threshold', 'rule',
  'metric', 'query', 'canary', 'review', 'script', 'lint', 'linter', 'validation', 'validator', 'doc', 'documentation', 'pipeline', 'rollback',
  'timeout', 'quota', 'panel', 'slo', 'sli', 'escalation', 'rotation', 'template', 'guardrail', 'approval', 'policy', 'probe', 'healthcheck',
  'capacity', 'benchmark', 'drill', 'schema', 'flag', 'setting', 'retry', 'breaker', 'cache', 'database', 'log', 'trace', 'deploy', 'ci',
].flatMap((w) => normalise(w)));

/** Words in this scenario that name concrete things: services, teams, metrics, alerts, runbooks, actions, changes. */
function scenarioTerms(s: Scenario): Set<string> {
  const raw = [
    ...Object.keys(s.services), ...Object.keys(s.teams), ...s.metrics.map((m) => m.name), ...s.alerts.map((a) => a.alert),
    ...s.runbooks.map((r) => r.id), ...s.actions.map((a) => a.id), ...s.changes.map((c) => c.id),
  ];
  return new Set(raw.flatMap((w) => normalise(splitCamel(w))).filter((w) => w.length > 2));
}

/** Identifier-looking tokens (`db_pool_pending_threads`, `maximumPoolSize`, `CR-2231`, `v2.4.1`) are concrete by nature. */
const IDENTIFIER_RE = /[A-Za-z]+_[A-Za-z0-9]|[a-z][A-Z]|[A-Za-z]-?\d|\d[.:]\d/;

/**
 * Is an action item's title specific? At least MIN_ACTION_WORDS words, no vague phrase, and a
 * concrete object: a thing this scenario names, an identifier, or a known kind of artefact.
 * @example isSpecific('Improve monitoring', s) // { ok: false, reason: 'too short ...' }
 */
export function isSpecific(title: string, s: Scenario): { ok: true } | { ok: false; reason: string } {
  const n = wordCount(title);
  if (n < MIN_ACTION_WORDS) return { ok: false, reason: `too short to say what will change (${n} word${n === 1 ? '' : 's'}; at least ${MIN_ACTION_WORDS})` };
  const words = normalise(title);
  const vague = VAGUE_PHRASES.find((p) => containsPhrase(words, normalise(p)));
  if (vague) return { ok: false, reason: `vague ("${vague}"): name the alert, check, config or document that will change` };
  const terms = scenarioTerms(s);
  const concrete = IDENTIFIER_RE.test(title) || normalise(splitCamel(title)).some((w) => CONCRETE.has(w) || terms.has(w));
  if (!concrete) return { ok: false, reason: 'names no concrete object (a service, metric, alert, runbook, config, test or tool)' };
  return { ok: true };
}

/**
 * Is a due date bounded? An ISO date (2025-07-01) or a relative one: "2w", "10d", "3 weeks",
 * "1 sprint", "next sprint", "end of quarter".
 */
export function isDue(due: string): boolean {
  const d = due.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(d)) return !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
  return /^\d+\s*(?:d|w|mo|q|days?|weeks?|months?|quarters?|sprints?)$/i.test(d) || /^(?:next|this|end of(?: the)?) (?:sprint|week|month|quarter)$/i.test(d);
}

/** What an action item's verdict can hold against it beyond being vague. */
export interface ItemChecks {
  /** items that assign training or extra approvals to a person (punitiveItems) */
  readonly punitive?: readonly Punitive[];
  /** the red herring the postmortem names as its cause: items aimed at it fix nothing */
  readonly herring?: RedHerring;
  /** what trainees could read: an item copied from a runbook is a step, not a decision */
  readonly material?: Shingles;
}

/** Why an item cannot be closed as written, or undefined when it can. */
function itemProblem(a: ActionItemLike, i: number, s: Scenario, checks: ItemChecks): string | undefined {
  const p = checks.punitive?.find((x) => x.index === i);
  if (p) return `punitive: ${p.reason}`;
  if (checks.material) {
    const c = isCopied(a.title, checks.material);
    if (c.copied) return `copied from ${c.source ?? 'what trainees could read'}: a step someone could already read, not a change the team decided`;
  }
  const words = analyseTitle(a.title);
  if (words.list) return 'a list of terms, not an action someone could take';
  if (checks.herring && herringNames(s, checks.herring).some((n) => mentions(a.title, n).length > 0)) {
    return `aimed at the red herring (${checks.herring.description}), not at the cause`;
  }
  const harmful = s.actions.find((x) => s.expected.harmful.includes(x.id) && mentions(a.title, x.label).length > 0);
  if (harmful) return `it takes the action "${harmful.label}", which the key lists as harmful`;
  const v = isSpecific(a.title, s);
  return v.ok ? undefined : v.reason;
}

/** Words that make a title read as an action rather than a string of keywords. */
const GLUE = new Set(['a', 'an', 'the', 'of', 'to', 'in', 'on', 'for', 'with', 'by', 'at', 'from', 'into', 'and', 'or', 'before', 'after', 'when', 'so', 'that', 'than', 'per', 'every', 'each', 'all', 'as', 'if', 'until', 'unless', 'without', 'above', 'below', 'under', 'over']);

/**
 * A title that is a list of terms: one the sentence reader calls a list, or five words or more
 * with no word that joins them and at most one verb ("load test backlog session.timeout.ms
 * heartbeat testing"). "Page on db_pool_pending_threads above 5 for 2m" reads as an action.
 */
function analyseTitle(title: string): { list: boolean } {
  const sentences = analyse(title);
  if (sentences.length > 0 && sentences.every((x) => x.list)) return { list: true };
  const tokens = title.toLowerCase().match(/[\p{L}\p{N}'._-]+/gu) ?? [];
  const verbs = sentences.reduce((n, x) => n + x.words.filter((w) => w.verb).length, 0);
  return { list: tokens.length >= 5 && !tokens.some((t) => GLUE.has(t)) && verbs <= 1 };
}

/**
 * The follow-up phase's criteria: owners, priority and type, due dates, specificity, and the
 * key's categories each covered by a specific item. Owners, priorities and dates count only on
 * items someone could act on: metadata on a list of terms is not follow-up.
 */
export function actionItemCriteria(items: readonly ActionItemLike[], s: Scenario, checks: ItemChecks = {}): Criterion[] {
  const cats = s.expected.action_item_categories;
  if (items.length === 0) {
    const none = 'No action items were written.';
    return [
      { id: 'owned', label: 'Items have owners', share: 0.2, fraction: 0, explanation: none },
      { id: 'triaged', label: 'Items have priority and type', share: 0.15, fraction: 0, explanation: none },
      { id: 'due', label: 'Items have due dates', share: 0.15, fraction: 0, explanation: none },
      { id: 'specific', label: 'Items are specific', share: 0.25, fraction: 0, explanation: none },
      { id: 'categories', label: 'Expected categories covered', share: cats.length > 0 ? 0.25 : 0, fraction: 0, explanation: `${none} The key expects ${list(cats)}.` },
    ];
  }
  const name = (i: number) => `item ${i + 1} ("${items[i]!.title.slice(0, 60)}")`;
  const problems = items.map((a, i) => itemProblem(a, i, s, checks));
  const specific = (i: number) => problems[i] === undefined;
  const fractionOf = (ok: (a: ActionItemLike) => boolean, what: string, id: string, label: string, share: number): Criterion => {
    const lacking = items.map((a, i) => (ok(a) ? -1 : i)).filter((i) => i >= 0);
    const unusable = items.map((a, i) => (ok(a) && !specific(i) ? i : -1)).filter((i) => i >= 0);
    const good = items.length - lacking.length - unusable.length;
    const parts = [
      lacking.length > 0 ? `${lacking.length} lack ${what}: ${list(lacking.slice(0, 3).map(name))}` : '',
      unusable.length > 0 ? `${unusable.length} ${unusable.length === 1 ? 'has' : 'have'} ${what} but ${unusable.length === 1 ? 'is' : 'are'} not specific, so ${unusable.length === 1 ? 'it does' : 'they do'} not count` : '',
    ].filter(Boolean);
    return {
      id, label, share, fraction: good / items.length,
      explanation: parts.length === 0 ? `All ${items.length} action items have ${what}.` : `Of ${items.length} action items, ${parts.join('; ')}.`,
    };
  };
  const refused = problems.map((p, i) => (p === undefined ? undefined : `Refused ${name(i)}: ${p}.`)).filter((x): x is string => x !== undefined);
  const covered = cats.filter((c) => items.some((a, i) => a.type === c && specific(i)));
  const missing = cats.filter((c) => !covered.includes(c));
  return [
    fractionOf((a) => a.owner.trim().length > 0, 'an owner', 'owned', 'Items have owners', 0.2),
    fractionOf((a) => a.priority !== undefined && a.type !== undefined, 'a priority (P0-P3) and a type', 'triaged', 'Items have priority and type', 0.15),
    fractionOf((a) => isDue(a.due), 'a due date (ISO date or relative like "2w")', 'due', 'Items have due dates', 0.15),
    {
      id: 'specific', label: 'Items are specific', share: 0.25, fraction: (items.length - refused.length) / items.length, notes: refused,
      explanation: refused.length === 0 ? `All ${items.length} action items are specific and name what will change.` : `${refused.length} of ${items.length} action items cannot be closed as written: ${refused[0]!}`,
    },
    {
      id: 'categories', label: 'Expected categories covered', share: cats.length > 0 ? 0.25 : 0, fraction: cats.length > 0 ? covered.length / cats.length : 0,
      explanation: missing.length === 0 ? `Specific action items cover every expected category (${list(cats)}).` : `No specific action item of type ${list(missing)}; the key expects ${list(cats)}.`,
    },
  ];
}

/** An action item that punishes a person rather than changing the system. */
export interface Punitive {
  readonly index: number;
  readonly reason: string;
  readonly flag: BlameFlag;
}

const TRAINING = /\b(?:training|trainings|course|courses|workshop|re-?train(?:ed|ing)?|coaching|refresher|certification|shadow(?:ing)?|re-?read|reminded|remind|write up why|explain why|sign off that)\b/i;
const APPROVALS = /\b(?:approvals?|approver|sign-?off|supervis\w*|reviewed by a senior|second reviewer|two reviewers|watched by|no further delays|until further notice|remove\w* .* from)\b/i;

/**
 * Items that assign training, extra approvals or supervision to a named person: "X to take the
 * Kafka training", "all of Y's changes need two approvals". They are flagged as blame, with a
 * rewording that changes the system for everyone instead, and they do not count as specific.
 */
export function punitiveItems(items: readonly ActionItemLike[], s: Scenario): Punitive[] {
  const names = personNames(s);
  const out: Punitive[] = [];
  items.forEach((a, index) => {
    const text = `${a.title} ${a.owner}`;
    const person = names.find((n) => new RegExp(`\\b${escapeRe(n)}\\b`, 'i').test(text)) ?? namedPerson(a.title);
    if (!person) return;
    const training = TRAINING.test(a.title);
    const approvals = APPROVALS.test(a.title);
    if (!training && !approvals) return;
    const suggestion = training
      ? 'Put the knowledge into the system for everyone instead: a check in the pipeline, a runbook step or a review checklist item (e.g. "Add a CI check that fails when maximumPoolSize drops below peak concurrency").'
      : 'Add a guardrail for every change of this kind instead of more approvals for one person (e.g. "Require a capacity check on every pool-size change").';
    const reason = training ? `assigns training to ${person}` : `adds approvals or supervision for ${person}`;
    out.push({ index, reason, flag: { where: `action_items[${index}].title`, phrase: a.title.slice(0, 80), suggestion: `Punitive action item (${reason}). ${suggestion}` } });
  });
  return out;
}

/** A person named in an item: "Aiko to ...", "Marek's PRs", "Farida and Marek to attend". */
function namedPerson(title: string): string | undefined {
  const m = /(?:^|[\s(])(\p{Lu}\p{Ll}+)(?:'s\b|\s+(?:and\s+\p{Lu}\p{Ll}+\s+)?(?:to|must|should|needs?|will)\b)/u.exec(title);
  return m?.[1];
}
