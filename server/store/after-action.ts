/**
 * The after-action record a stored drill carries, as the zod schemas the store checks it with:
 * the team a drill belongs to, the postmortem draft trainees save as they write, the submission
 * the scorer grades, the reviewer's notes, and the action items a team carries from drill to
 * drill. The after-action review (drills/reports.ts, drills/teams.ts) writes it.
 *
 * Everything here is stored inside the drill's record (`DrillRecord.after`), so one drill's
 * after-action work lives and dies with the drill, and a data file written before these fields
 * existed still loads: every field is optional or has a default.
 */
import { z } from 'zod';
import { ACTION_ITEM_STATUSES, ACTION_ITEM_TYPES, POSTMORTEM_LIMITS as L, PRIORITIES } from '../../contract/postmortem.js';
import { Postmortem, Review } from '../scoring/index.js';
import type { JournalEntry } from '../../contract/journal.js';

/**
 * The team running a drill ("payments-oncall"): letters, digits, spaces, ".", "_" and "-", so
 * it reads well in a URL path (/api/teams/payments-oncall/history) without any escaping games.
 */
export const TeamName = z.string().trim()
  .min(1, 'must not be empty')
  .max(60, 'is longer than 60 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'may hold letters, digits, spaces, ".", "_" and "-", starting with a letter or digit');

/** Every free text of a draft: generous, but bounded so one draft cannot fill the data file. */
const DraftText = z.string().max(L.text);
/** A list section, as bullet lines in one string or as an array (the graded schema accepts both). */
const DraftList = z.union([DraftText, z.array(DraftText).max(L.lines)]);

/**
 * A postmortem being written: the shape of `Postmortem` (server/scoring/postmortem.ts) with
 * every section optional and allowed empty, so the editor can save whatever is on screen.
 * Unknown fields are refused (a typo would otherwise be saved and silently lost on submit).
 * Priority and type may be "" for "not chosen yet".
 */
export const PostmortemDraft = z.strictObject({
  summary: DraftText.optional(),
  impact: z.strictObject({
    description: DraftText.optional(),
    duration: DraftText.optional(),
    minutes: z.number().finite().nonnegative().optional(),
    users_affected: DraftText.optional(),
    requests_failed: z.number().finite().nonnegative().optional(),
  }).optional(),
  // as many rows as a submitted postmortem may have: the editor pre-fills them from the drill
  timeline: z.array(z.strictObject({ t: z.number().finite(), text: DraftText })).max(L.timeline).optional(),
  root_cause: DraftText.optional(),
  trigger: DraftText.optional(),
  contributing_factors: DraftList.optional(),
  detection: DraftText.optional(),
  resolution: DraftText.optional(),
  what_went_well: DraftList.optional(),
  what_went_wrong: DraftList.optional(),
  where_we_got_lucky: DraftList.optional(),
  action_items: z.array(z.strictObject({
    title: DraftText.optional(),
    owner: DraftText.optional(),
    priority: z.union([z.enum(PRIORITIES), z.literal('')]).optional(),
    type: z.union([z.enum(ACTION_ITEM_TYPES), z.literal('')]).optional(),
    due: DraftText.optional(),
  })).max(L.items).optional(),
});
export type PostmortemDraft = z.infer<typeof PostmortemDraft>;

/** Wall-clock milliseconds (Date.now()), as every after-action time is. */
const WallMs = z.number().int().nonnegative();

/**
 * One action item as the team tracks it across drills: made from a submitted postmortem's
 * action items, then marked done (or open again) from the team's history.
 */
export const ActionItemRecord = z.strictObject({
  id: z.string().min(1),
  drillId: z.string().min(1),
  title: z.string(),
  owner: z.string(),
  priority: z.enum(PRIORITIES).nullable(),
  type: z.enum(ACTION_ITEM_TYPES).nullable(),
  due: z.string(),
  status: z.enum(ACTION_ITEM_STATUSES),
  createdAt: WallMs,
  doneAt: WallMs.optional(),
});
export type ActionItemRecord = z.infer<typeof ActionItemRecord>;

/** The postmortem the scorer grades: the latest one submitted, by whom and when. */
export const Submission = z.strictObject({
  at: WallMs,
  by: z.string().min(1),
  postmortem: Postmortem,
});
export type Submission = z.infer<typeof Submission>;

/**
 * A drill's after-action record, stored with the drill. The publish flag is not here: it is
 * the last `publish` line of the drill's journal, which also puts `report_published` into the
 * event stream at the same place on every replay.
 */
export const AfterAction = z.strictObject({
  draft: PostmortemDraft.optional(),
  savedAt: WallMs.optional(),
  savedBy: z.string().optional(),
  submitted: Submission.optional(),
  /** in the order given; `applyReview` applies them in this order (the last override wins) */
  reviews: z.array(Review).default([]),
  actionItems: z.array(ActionItemRecord).default([]),
});
export type AfterAction = z.infer<typeof AfterAction>;

/** The record of a drill nobody has written anything about yet; shared, so never change it. */
const EMPTY: AfterAction = Object.freeze({ reviews: Object.freeze([]) as unknown as Review[], actionItems: Object.freeze([]) as unknown as ActionItemRecord[] });

/**
 * A drill's after-action record, or the empty one. The same object until the record changes
 * (the store replaces it whole), so it can key a cache. Treat it as read-only.
 */
export function afterOf(record: { readonly after?: AfterAction | undefined } | undefined): AfterAction {
  return record?.after ?? EMPTY;
}

/** Is the report published? The last `publish` line of the journal says. */
export function isPublished(record: { readonly log: readonly JournalEntry[] }): boolean {
  return record.log.findLast((e) => e.kind === 'publish')?.published ?? false;
}
