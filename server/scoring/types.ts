/**
 * The score report's shape, as zod schemas so an exported report can be validated when it is
 * read back (`parseReportJson`), with the TypeScript types inferred from them. Every number is
 * finite and rounded, every optional key is absent rather than undefined, so a report survives
 * `JSON.parse(JSON.stringify(report))` unchanged.
 */
import { z } from 'zod';
import { PHASES } from '../../contract/scoring.js';

export const PhaseId = z.enum(PHASES);
export type PhaseId = z.infer<typeof PhaseId>;

/** A reviewer's replacement for an item's points; the original stays beside it. */
export const ItemOverride = z.strictObject({
  earned: z.number().finite(),
  reason: z.string().min(1),
  by: z.string().min(1),
  at: z.string().min(1).describe('when the reviewer decided, as the caller stamps it (ISO time); the scorer has no clock'),
});
export type ItemOverride = z.infer<typeof ItemOverride>;

export const ReviewComment = z.strictObject({
  text: z.string().min(1),
  by: z.string().optional(),
  at: z.string().optional(),
});
export type ReviewComment = z.infer<typeof ReviewComment>;

export const ScoreItem = z.strictObject({
  id: z.string().min(1).describe('stable within a report: "<phase>.<criterion>[.<what>]"'),
  label: z.string(),
  earned: z.number().finite().describe('negative for a penalty'),
  possible: z.number().finite().min(0).describe('0 for a penalty: it can only take points away'),
  explanation: z.string().describe('one plain sentence saying why these points were won or lost'),
  penalty: z.literal(true).optional(),
  notes: z.array(z.string()).optional().describe('details behind the explanation, e.g. each flagged phrase with a suggested rewording'),
  original: z.number().finite().optional().describe('the scorer\'s points, present once a reviewer overrode them'),
  override: ItemOverride.optional(),
  comments: z.array(ReviewComment).optional(),
});
export type ScoreItem = z.infer<typeof ScoreItem>;

export const PhaseScore = z.strictObject({
  phase: PhaseId,
  title: z.string(),
  weight: z.number().finite().min(0),
  earned: z.number().finite(),
  possible: z.number().finite().min(0),
  pending: z.boolean().describe('true while the phase cannot be scored yet (no postmortem); left out of the total'),
  target: z.string(),
  did: z.string().describe('what the team did, with sim times'),
  items: z.array(ScoreItem),
});
export type PhaseScore = z.infer<typeof PhaseScore>;

/** How restoring service weighs in the total (score.ts `withTotal`). */
export const RestorationWeight = z.strictObject({
  restored: z.number().finite().min(0).max(1).describe('the share of the impact the team removed: the "Service restored" item, reviews applied'),
  share: z.number().finite().min(0).max(1).describe('the part of the total that restoring service earns on its own'),
  floor: z.number().finite().min(0).max(1).describe('the phases count at least this much of their share, the rest in proportion to `restored`'),
});
export type RestorationWeight = z.infer<typeof RestorationWeight>;

export const ScoreReport = z.strictObject({
  scenario: z.string(),
  seed: z.string(),
  at: z.number().finite().describe('sim seconds at which the drill was scored'),
  total: z.number().finite().min(0).max(100),
  restoration: RestorationWeight.optional().describe('absent when there was nothing to restore; then the total is earned / possible'),
  earned: z.number().finite(),
  possible: z.number().finite().min(0).describe('sum of the scored (non-pending) phases\' possible points'),
  phases: z.array(PhaseScore),
});
export type ScoreReport = z.infer<typeof ScoreReport>;

/** Round for display and stable JSON: two decimals, and never -0 (JSON cannot keep it). */
export function round2(x: number): number {
  return Math.round(x * 100) / 100 + 0;
}
