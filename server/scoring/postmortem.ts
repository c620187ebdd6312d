/**
 * The postmortem document trainees write after a drill, and how it is graded. The schema is
 * strict about shape but lenient about content (empty strings, missing owners are allowed), so
 * a draft can be saved and graded, and the grade can say what is missing rather than the edge
 * refusing it.
 */
import { z } from 'zod';
import type { Scenario } from '../scenario/schema.js';
import type { Drill } from '../sim/engine.js';
import { actionItemCriteria } from './action-items.js';
import { blameIn, postmortemTexts, type BlameFlag } from './blame.js';
import { list, type Criterion, type PhaseDraft } from './credit.js';
import { collectFacts, type Facts } from './facts.js';
import { impactCriterion } from './impact.js';
import { matchConcepts, wordCount } from './text.js';
import { MIN_TIMELINE, timelineAccuracy, timelineCoverage } from './timeline.js';

const Text = z.string().max(20_000).default('');
/** A list written either as bullet lines in one string or as an array; stored as an array. */
const TextList = z.union([z.string().max(20_000), z.array(z.string().max(4000)).max(100)])
  .transform((v) => (typeof v === 'string' ? v.split('\n').map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim()).filter(Boolean) : v))
  .default([]);

export const ACTION_ITEM_TYPES = ['detection', 'prevention', 'mitigation', 'process', 'documentation', 'testing'] as const;

export const ActionItem = z.strictObject({
  title: z.string().max(500),
  owner: z.string().max(120).default(''),
  priority: z.enum(['P0', 'P1', 'P2', 'P3']).optional(),
  type: z.enum(ACTION_ITEM_TYPES).optional(),
  due: z.string().max(40).default('').describe('an ISO date (2025-07-01) or relative ("2w", "10d", "next sprint")'),
});
export type ActionItem = z.infer<typeof ActionItem>;

export const Impact = z.strictObject({
  description: Text,
  duration: Text.describe('in words, e.g. "about 20 minutes"'),
  minutes: z.number().finite().nonnegative().optional(),
  users_affected: Text,
  requests_failed: z.number().finite().nonnegative().optional(),
});

export const TimelineEntry = z.strictObject({ t: z.number().finite().describe('sim seconds'), text: z.string().max(2000) });

export const Postmortem = z.strictObject({
  summary: Text,
  impact: Impact.default({ description: '', duration: '', users_affected: '' }),
  timeline: z.array(TimelineEntry).max(500).default([]),
  root_cause: Text,
  trigger: Text,
  contributing_factors: TextList,
  detection: Text,
  resolution: Text,
  what_went_well: TextList,
  what_went_wrong: TextList,
  where_we_got_lucky: TextList,
  action_items: z.array(ActionItem).max(100).default([]),
});
/** A postmortem as stored and graded (lists normalised to arrays, defaults filled). */
export type Postmortem = z.output<typeof Postmortem>;
/** A postmortem as an editor may send it. */
export type PostmortemInput = z.input<typeof Postmortem>;

/** Answers that fill a section without saying anything. */
const TRIVIAL = new Set(['n/a', 'na', 'none', 'nothing', 'tbd', 'todo', 'to do', '-', '--', '...', '?', 'see above', 'same as above', 'unknown', 'nil', 'null', 'xxx', 'lorem ipsum', 'no']);
/** A section needs at least this many words to count as written. */
export const MIN_SECTION_WORDS = 3;

/** Why a section's text does not count as written, or undefined when it does. */
export function trivialReason(text: string): string | undefined {
  const t = text.trim();
  if (t.length === 0) return 'empty';
  if (TRIVIAL.has(t.toLowerCase().replace(/[.!]+$/, ''))) return `"${t}"`;
  if (wordCount(t) < MIN_SECTION_WORDS) return `only ${wordCount(t)} word${wordCount(t) === 1 ? '' : 's'}`;
  return undefined;
}

/** The sections every postmortem needs, each with the text that must be non-trivial. */
function sections(pm: Postmortem): { name: string; problem?: string }[] {
  const text = (name: string, t: string) => {
    const r = trivialReason(t);
    return r ? { name, problem: r } : { name };
  };
  const joined = (xs: readonly string[]) => xs.join('\n');
  return [
    text('summary', pm.summary),
    text('impact', [pm.impact.description, pm.impact.duration, pm.impact.users_affected].join(' ')),
    pm.timeline.length >= MIN_TIMELINE ? { name: 'timeline' } : { name: 'timeline', problem: `${pm.timeline.length} entries (at least ${MIN_TIMELINE})` },
    text('root cause', pm.root_cause),
    text('trigger', pm.trigger),
    text('contributing factors', joined(pm.contributing_factors)),
    text('detection', pm.detection),
    text('resolution', pm.resolution),
    text('what went well', joined(pm.what_went_well)),
    text('what went wrong', joined(pm.what_went_wrong)),
    text('where we got lucky', joined(pm.where_we_got_lucky)),
    pm.action_items.length > 0 ? { name: 'action items' } : { name: 'action items', problem: 'none' },
  ];
}

function sectionsCriterion(pm: Postmortem): Criterion {
  const all = sections(pm);
  const bad = all.filter((x) => x.problem !== undefined);
  return {
    id: 'sections', label: 'Required sections written', share: 0.2, fraction: (all.length - bad.length) / all.length,
    explanation: bad.length === 0 ? `All ${all.length} required sections are written.` : `${bad.length} of ${all.length} sections are missing or too thin: ${list(bad.map((b) => `${b.name} (${b.problem})`))}.`,
  };
}

function rootCauseCriterion(pm: Postmortem, s: Scenario): Criterion {
  const groups = s.expected.root_cause;
  const m = matchConcepts(`${pm.root_cause}\n${pm.trigger}`, groups);
  const hit = m.filter((x) => x.matched !== undefined);
  const miss = m.filter((x) => x.matched === undefined);
  const found = hit.map((x) => `"${x.concept}"${x.matched !== x.concept ? ` (as "${x.matched}")` : ''}`);
  const explanation = miss.length === 0
    ? `Root cause and trigger name every key concept: ${list(found)}.`
    : `Root cause and trigger do not name ${list(miss.map((x) => `"${x.concept}"`))} or a synonym${hit.length > 0 ? `; they do name ${list(found)}` : ''}.`;
  return { id: 'root_cause', label: 'Root cause matches the key', share: 0.25, fraction: hit.length / groups.length, explanation };
}

/** Flags beyond this many empty the blameless criterion. */
export const BLAME_LIMIT = 3;

function blamelessCriterion(flags: readonly BlameFlag[]): Criterion {
  const base = { id: 'blameless', label: 'Blameless language', share: 0.2 };
  if (flags.length === 0) return { ...base, fraction: 1, explanation: 'No phrase blames a person.' };
  const notes = flags.map((f) => `${f.where}: "${f.phrase}". ${f.suggestion}`);
  return { ...base, fraction: Math.max(0, 1 - flags.length / BLAME_LIMIT), notes, explanation: `${flags.length} phrase${flags.length === 1 ? '' : 's'} blame a person, e.g. "${flags[0]!.phrase}" in ${flags[0]!.where}; each costs a third of this criterion.` };
}

export interface PostmortemGrade {
  readonly postmortem: PhaseDraft;
  readonly follow_up: PhaseDraft;
  readonly blame: readonly BlameFlag[];
}

/**
 * Grade a postmortem against the scenario's key and the drill it describes: sections, root
 * cause concepts, timeline against the event log, impact against the drill's own numbers,
 * blameless language (the postmortem phase); action items (the follow-up phase).
 */
export function gradePostmortem(s: Scenario, drill: Drill, pm: Postmortem, facts: Facts = collectFacts(drill, s)): PostmortemGrade {
  const blame = postmortemTexts(pm).flatMap((x) => blameIn(s, x.where, x.text));
  const postmortem: PhaseDraft = {
    target: 'Every section written; root cause and trigger naming the key concepts; a timeline true to the drill; impact in numbers; no blame',
    did: [`postmortem with ${pm.timeline.length} timeline entries and ${pm.action_items.length} action items`],
    criteria: [
      sectionsCriterion(pm), rootCauseCriterion(pm, s), timelineAccuracy(s, drill.events, pm.timeline), timelineCoverage(s, drill.events, pm.timeline),
      impactCriterion(drill, facts, pm.impact), blamelessCriterion(blame),
    ],
  };
  const cats = s.expected.action_item_categories;
  const follow_up: PhaseDraft = {
    target: `Action items with owner, priority, type and due date, each specific${cats.length > 0 ? `, covering ${list(cats)}` : ''}`,
    did: pm.action_items.map((a) => `${a.priority ?? 'no priority'} ${a.type ?? 'untyped'}: "${a.title}"${a.owner ? ` (${a.owner}` : ' (no owner'}${a.due ? `, due ${a.due})` : ', no due date)'}`),
    criteria: actionItemCriteria(pm.action_items, s),
  };
  return { postmortem, follow_up, blame };
}
