/**
 * Action items: owned, prioritised, typed, due, and specific enough that someone could close
 * them. "Be more careful" and "improve monitoring" are refused by rule, with the rule named.
 */
import type { Scenario } from '../scenario/schema.js';
import { containsPhrase } from '../sim/responders.js';
import { list, type Criterion } from './credit.js';
import { normalise, splitCamel, wordCount } from './text.js';

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

/**
 * The follow-up phase's criteria: owners, priority and type, due dates, specificity, and the
 * key's categories each covered by a specific item.
 */
export function actionItemCriteria(items: readonly ActionItemLike[], s: Scenario): Criterion[] {
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
  const fractionOf = (ok: (a: ActionItemLike) => boolean, what: string, id: string, label: string, share: number): Criterion => {
    const bad = items.map((a, i) => (ok(a) ? -1 : i)).filter((i) => i >= 0);
    return {
      id, label, share, fraction: (items.length - bad.length) / items.length,
      explanation: bad.length === 0 ? `All ${items.length} action items have ${what}.` : `${bad.length} of ${items.length} action items lack ${what}: ${list(bad.slice(0, 3).map(name))}.`,
    };
  };
  const verdicts = items.map((a) => isSpecific(a.title, s));
  const refused = verdicts.map((v, i) => (v.ok ? undefined : `Refused ${name(i)}: ${v.reason}.`)).filter((x): x is string => x !== undefined);
  const covered = cats.filter((c) => items.some((a, i) => a.type === c && verdicts[i]!.ok));
  const missing = cats.filter((c) => !covered.includes(c));
  return [
    fractionOf((a) => a.owner.trim().length > 0, 'an owner', 'owned', 'Items have owners', 0.2),
    fractionOf((a) => a.priority !== undefined && a.type !== undefined, 'a priority (P0-P3) and a type', 'triaged', 'Items have priority and type', 0.15),
    fractionOf((a) => isDue(a.due), 'a due date (ISO date or relative like "2w")', 'due', 'Items have due dates', 0.15),
    {
      id: 'specific', label: 'Items are specific', share: 0.25, fraction: (items.length - refused.length) / items.length, notes: refused,
      explanation: refused.length === 0 ? `All ${items.length} action items are specific and name what will change.` : `${refused.length} of ${items.length} action items are too vague to close: ${refused[0]!}`,
    },
    {
      id: 'categories', label: 'Expected categories covered', share: cats.length > 0 ? 0.25 : 0, fraction: cats.length > 0 ? covered.length / cats.length : 0,
      explanation: missing.length === 0 ? `Specific action items cover every expected category (${list(cats)}).` : `No specific action item of type ${list(missing)}; the key expects ${list(cats)}.`,
    },
  ];
}
