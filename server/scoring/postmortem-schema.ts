/**
 * The postmortem document trainees write after a drill, as the zod schema the server checks it
 * with (grading it is postmortem.ts's). Strict about shape but lenient about content (empty
 * strings, missing owners are allowed), so a draft can be saved and graded, and the grade can
 * say what is missing rather than the edge refusing it.
 */
import { z } from 'zod';
import { ACTION_ITEM_TYPES, POSTMORTEM_LIMITS as L, PRIORITIES, type PostmortemInput } from '../../contract/postmortem.js';

const Text = z.string().max(L.text).default('');
/** A list written either as bullet lines in one string or as an array; stored as an array. */
const TextList = z.union([z.string().max(L.text), z.array(z.string().max(L.line)).max(L.lines)])
  .transform((v) => (typeof v === 'string' ? v.split('\n').map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim()).filter(Boolean) : v))
  .default([]);

export const ActionItem = z.strictObject({
  title: z.string().max(L.title),
  owner: z.string().max(L.owner).default(''),
  priority: z.enum(PRIORITIES).optional(),
  type: z.enum(ACTION_ITEM_TYPES).optional(),
  due: z.string().max(L.due).default('').describe('an ISO date (2025-07-01) or relative ("2w", "10d", "next sprint")'),
});
export type ActionItem = z.infer<typeof ActionItem>;

export const Impact = z.strictObject({
  description: Text,
  duration: Text.describe('in words, e.g. "about 20 minutes"'),
  minutes: z.number().finite().nonnegative().optional(),
  users_affected: Text,
  requests_failed: z.number().finite().nonnegative().optional(),
});

const TimelineLine = z.strictObject({ t: z.number().finite().describe('sim seconds'), text: z.string().max(L.timelineText) });

export const Postmortem = z.strictObject({
  summary: Text,
  impact: Impact.default({ description: '', duration: '', users_affected: '' }),
  timeline: z.array(TimelineLine).max(L.timeline).default([]),
  root_cause: Text,
  trigger: Text,
  contributing_factors: TextList,
  detection: Text,
  resolution: Text,
  what_went_well: TextList,
  what_went_wrong: TextList,
  where_we_got_lucky: TextList,
  action_items: z.array(ActionItem).max(L.items).default([]),
});
/** A postmortem as stored and graded (lists normalised to arrays, defaults filled). */
export type Postmortem = z.output<typeof Postmortem>;
/** A postmortem as an editor may send it (contract/postmortem.ts). */
export type { PostmortemInput };
// The schema accepts exactly the contract's shape: a section added on one side only fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
true satisfies Same<z.input<typeof Postmortem>, PostmortemInput>;
