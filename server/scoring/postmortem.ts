/**
 * How the postmortem trainees write after a drill is graded. Its schema (postmortem-schema.ts,
 * re-exported here) is lenient about content, so the grade can say what is missing rather than
 * the edge refusing it.
 */
import type { Scenario } from '../scenario/schema.js';
import type { Simulation } from '../sim/engine.js';
import { actionItemCriteria, punitiveItems } from './action-items.js';
import { blameIn, namesIn, postmortemTexts, type BlameFlag } from './blame.js';
import { list, type Criterion, type Penalty, type PhaseDraft } from './credit.js';
import { collectFacts, type Facts } from './facts.js';
import { impactCriterion, parseHumanDuration, quantitiesIn } from './impact.js';
import { readingMaterial } from './material.js';
import type { Postmortem } from './postmortem-schema.js';
import { rootCauseCriterion, type CauseVerdict } from './root-cause.js';
import { MIN_TIMELINE, prefillTimeline, timelineAccuracy, timelineCoverage } from './timeline.js';
import { judgeWriting, sectionProblem, trivialReason, type Writing } from './writing.js';

export { ActionItem, Impact, Postmortem, type PostmortemInput } from './postmortem-schema.js';

export { trivialReason };

/** Words of the team's own for full blameless credit: an empty postmortem blames nobody, and earns nothing for it. */
export const BLAMELESS_WORDS = 150;

/**
 * The sections every postmortem needs. Text sections need a statement of the team's own (not a
 * list of terms, not copied from what trainees could read, not a repeat of an earlier section);
 * the impact also counts when its fields give quantities; the timeline and action items need
 * entries.
 */
function sections(pm: Postmortem, w: Writing): { name: string; problem?: string }[] {
  const text = (field: string) => {
    const sec = w.sections.find((x) => x.field === field)!;
    const problem = sectionProblem(sec);
    return problem ? { name: sec.name, problem } : { name: sec.name };
  };
  const impact = text('impact');
  const quantified = [pm.impact.duration, pm.impact.users_affected].some((t) => quantitiesIn(t).length > 0 || parseHumanDuration(t) !== undefined)
    || pm.impact.minutes !== undefined || pm.impact.requests_failed !== undefined;
  return [
    text('summary'),
    impact.problem && !quantified ? impact : { name: 'impact' },
    pm.timeline.length >= MIN_TIMELINE ? { name: 'timeline' } : { name: 'timeline', problem: `${pm.timeline.length} entries (at least ${MIN_TIMELINE})` },
    text('root_cause'), text('trigger'), text('contributing_factors'), text('detection'), text('resolution'),
    text('what_went_well'), text('what_went_wrong'), text('where_we_got_lucky'),
    pm.action_items.length > 0 ? { name: 'action items' } : { name: 'action items', problem: 'none' },
  ];
}

function sectionsCriterion(pm: Postmortem, w: Writing): Criterion {
  const all = sections(pm, w);
  const bad = all.filter((x) => x.problem !== undefined);
  return {
    id: 'sections', label: 'Required sections written', share: 0.2, fraction: (all.length - bad.length) / all.length,
    explanation: bad.length === 0 ? `All ${all.length} required sections are written in the team's own words.` : `${bad.length} of ${all.length} sections earn nothing: ${list(bad.map((b) => `${b.name} (${b.problem})`))}.`,
  };
}

/** Flags beyond this many empty the blameless criterion. */
export const BLAME_LIMIT = 3;

function blamelessCriterion(flags: readonly BlameFlag[], ownWords: number): Criterion {
  const base = { id: 'blameless', label: 'Blameless language', share: 0.2 };
  const written = Math.min(1, ownWords / BLAMELESS_WORDS);
  const scale = written < 1 ? ` Blameless credit grows with what was written: ${ownWords} words of the team's own, in full from ${BLAMELESS_WORDS}.` : '';
  if (flags.length === 0) return { ...base, fraction: written, explanation: `No phrase blames a person.${scale}` };
  const notes = flags.map((f) => `${f.where}: "${f.phrase}". ${f.suggestion}`);
  return {
    ...base, fraction: Math.max(0, 1 - flags.length / BLAME_LIMIT) * written, notes,
    explanation: `${flags.length} phrase${flags.length === 1 ? ' blames' : 's blame'} a person, e.g. "${flags[0]!.phrase}" in ${flags[0]!.where}; each costs a third of this criterion.${scale}`,
  };
}

/** What the other criteria keep when the postmortem is built on a red herring. */
export const RED_HERRING_KEEPS = 0.2;

/**
 * A postmortem that names a red herring as its root cause misleads every reader and every
 * action item: beyond losing the root-cause item, its other criteria count a fifth, in the
 * postmortem phase and in the follow-up alike.
 */
function redHerringPenalty(verdict: CauseVerdict, criteria: readonly Criterion[]): Penalty[] {
  if (!verdict.herring) return [];
  const others = criteria.filter((c) => c.id !== 'root_cause' && c.share > 0);
  const shares = others.reduce((a, c) => a + c.share, 0);
  const all = criteria.filter((c) => c.share > 0).reduce((a, c) => a + c.share, 0);
  const earned = others.reduce((a, c) => a + c.share * Math.min(1, Math.max(0, c.fraction)), 0);
  if (shares <= 0 || all <= 0) return [];
  const h = verdict.herring.herring;
  return [{
    id: 'red_herring', label: 'Built on a red herring', fraction: (1 - RED_HERRING_KEEPS) * (earned / all),
    explanation: `The postmortem names ${h.description} as the cause, a red herring: a postmortem built on the wrong cause misleads everyone who reads it, so ${criteria.some((c) => c.id === 'root_cause') ? 'its other sections count' : 'its action items count'} ${Math.round(RED_HERRING_KEEPS * 100)}%.`,
  }];
}

export interface PostmortemGrade {
  readonly postmortem: PhaseDraft;
  readonly follow_up: PhaseDraft;
  readonly blame: readonly BlameFlag[];
}

/**
 * Grade a postmortem against the scenario's key and the drill it describes: sections in the
 * team's own words, root-cause claims (no red herring), timeline against the event log, impact
 * against the drill's own numbers, blameless language (the postmortem phase); action items (the
 * follow-up phase).
 */
export function gradePostmortem(s: Scenario, drill: Simulation, pm: Postmortem, facts: Facts = collectFacts(drill, s)): PostmortemGrade {
  const material = readingMaterial(s, drill);
  const writing = judgeWriting(pm, material);
  const verdict = rootCauseCriterion(s, writing);
  const punitive = punitiveItems(pm.action_items, s);
  const fields = postmortemTexts(pm);
  const named = namesIn(s, fields.map((x) => x.text));
  const blame = [...fields.flatMap((x) => blameIn(s, x.where, x.text, named)), ...punitive.map((p) => p.flag)];
  const criteria = [
    sectionsCriterion(pm, writing), verdict.criterion,
    timelineAccuracy(s, drill.events, pm.timeline, prefillTimeline(drill)), timelineCoverage(s, drill.events, pm.timeline),
    impactCriterion(drill, facts, pm.impact), blamelessCriterion(blame, writing.ownWords),
  ];
  const postmortem: PhaseDraft = {
    target: 'Every section in the team\'s own words; root cause and trigger stating the key concepts; a timeline true to the drill; impact in numbers; no blame',
    did: [`postmortem with ${pm.timeline.length} timeline entries and ${pm.action_items.length} action items, ${writing.ownWords} words of the team's own`],
    criteria,
    penalties: redHerringPenalty(verdict, criteria),
  };
  const cats = s.expected.action_item_categories;
  const followCriteria = actionItemCriteria(pm.action_items, s, { punitive, material, ...(verdict.herring ? { herring: verdict.herring.herring } : {}) });
  const follow_up: PhaseDraft = {
    target: `Action items with owner, priority, type and due date, each specific${cats.length > 0 ? `, covering ${list(cats)}` : ''}`,
    did: pm.action_items.map((a) => `${a.priority ?? 'no priority'} ${a.type ?? 'untyped'}: "${a.title}"${a.owner ? ` (${a.owner}` : ' (no owner'}${a.due ? `, due ${a.due})` : ', no due date)'}`),
    criteria: followCriteria,
    penalties: redHerringPenalty(verdict, followCriteria),
  };
  return { postmortem, follow_up, blame };
}
