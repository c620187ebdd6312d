/**
 * Giveaways: trainee-visible text that names the answer before the drill has asked the question.
 * Trainees read the scenario card (title, summary, tags, skills) and the briefing before the first
 * alert; a training score means little when that text already says what broke and how to fix it.
 *
 * The check reads the answer key: a root-cause concept, a fix action (its label, its id, and
 * for a rollback or failover the verbs people use for one) and the main fault's id. Concepts
 * that name a place trainees must be able to see (a service, a team, a zone or gateway that is
 * a label value of the drill's series) describe the system rather than the cause, and are left
 * out: a briefing has to say what the system is.
 */
import type { Scenario } from '../scenario/schema.js';
import { containsPhrase, normalise } from '../sim/responders.js';
import { mainFaults } from '../../contract/scoring.js';
import { escapeRe, matchConcepts, splitCamel } from './text.js';

/** One thing a trainee could read too early. */
export interface Giveaway {
  /** where trainees read it: "title", "summary", "tags[2]", "skills[0]", "briefing" */
  readonly where: string;
  /** what it gives away, in words: 'root-cause concept "connection pool"' */
  readonly what: string;
  /** the words that gave it away */
  readonly matched: string;
}

/** The scenario text trainees read before the first alert, with where each piece lives. */
export function traineeTexts(s: Scenario): { where: string; text: string }[] {
  return [
    { where: 'title', text: s.title },
    { where: 'summary', text: s.summary },
    ...s.tags.map((text, i) => ({ where: `tags[${i}]`, text: text.replace(/-/g, ' ') })),
    ...s.skills.map((text, i) => ({ where: `skills[${i}]`, text })),
    { where: 'briefing', text: s.briefing },
  ];
}

/** Names of things trainees see on the service map and in series labels. */
function placeNames(s: Scenario): string[] {
  const labelValues = s.metrics.flatMap((m) => m.series.flatMap((x) => Object.entries(x.labels).filter(([k]) => k !== 'code' && k !== 'le').map(([, v]) => v)));
  const names = [...Object.keys(s.services), ...Object.keys(s.teams), ...Object.values(s.teams).map((t) => t.name), ...labelValues];
  return [...new Set(names.filter((n) => n.length >= 3 && !/^\d+(\.\d+)?$/.test(n)))];
}

function placeWords(s: Scenario): Set<string> {
  return new Set(placeNames(s).map((n) => normalise(n).join(' ')));
}


/** The text with the names of visible things blanked out: `push-notifier` is a service, not a push. */
function withoutPlaces(text: string, places: readonly string[]): string {
  if (places.length === 0) return text;
  const re = new RegExp(`(?<![\\w-])(?:${[...places].sort((a, b) => b.length - a.length).map(escapeRe).join('|')})(?![\\w-])`, 'giu');
  return text.replace(re, ' ');
}

/**
 * The key's concept groups that name a cause rather than a place trainees can see anyway, each
 * cut to the synonyms that name the concept on their own: its headline (the first synonym) and
 * any phrase. A single other word ("redis", "threads", "config") can be part of describing the
 * system, and the briefing has to do that.
 */
export function causeConcepts(s: Scenario): string[][] {
  const places = placeWords(s);
  return s.expected.root_cause
    .filter((g) => !g.some((syn) => places.has(normalise(syn).join(' '))))
    .map((g) => g.filter((syn, i) => i === 0 || normalise(syn).length > 1));
}

/** What people call doing a rollback or a failover, beside the action's own label. */
const KIND_WORDS: Readonly<Partial<Record<Scenario['actions'][number]['kind'], readonly string[]>>> = {
  rollback: ['roll back', 'rolling back', 'rollback', 'revert', 'reverting'],
  failover: ['fail over', 'failing over', 'failover'],
};

/** The verbs for an action's kind, or for the kind its label says it is ("Roll back ... config"). */
function kindWords(a: Scenario['actions'][number]): string[] {
  const label = normalise(a.label);
  return Object.entries(KIND_WORDS)
    .filter(([kind, ws]) => kind === a.kind || ws.some((w) => containsPhrase(label, normalise(w))))
    .flatMap(([, ws]) => [...ws]);
}

/**
 * Everything trainee-visible before the first alert that names a root-cause concept, a fix
 * action or the main fault. Empty for a scenario that gives nothing away.
 * @example giveaways(s) // [{ where: 'skills[0]', what: 'root-cause concept "connection pool"', matched: 'connection pool' }]
 */
export function giveaways(s: Scenario): Giveaway[] {
  const causes = causeConcepts(s);
  const fixes = s.actions.filter((a) => s.expected.fix.any_of.includes(a.id));
  const faults = mainFaults(s);
  const places = placeNames(s);
  const out: Giveaway[] = [];
  for (const { where, text: raw } of traineeTexts(s)) {
    const text = withoutPlaces(raw, places);
    const words = normalise(splitCamel(text));
    for (const m of matchConcepts(text, causes)) {
      if (m.matched !== undefined) out.push({ where, what: `root-cause concept "${m.concept}"`, matched: m.matched });
    }
    for (const a of fixes) {
      const phrases = [a.label, a.id.replace(/-/g, ' '), ...kindWords(a)];
      const hit = phrases.find((p) => containsPhrase(words, normalise(p)));
      if (hit !== undefined) out.push({ where, what: `fix action "${a.label}"`, matched: hit });
    }
    for (const id of faults) {
      if (containsPhrase(words, normalise(id.replace(/-/g, ' ')))) out.push({ where, what: `main fault "${id}"`, matched: id });
    }
  }
  return out;
}
