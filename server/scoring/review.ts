/**
 * Reviewer comments and overrides on a score report. Pure: a report and the reviews in, a new
 * report out, with every overridden item keeping the scorer's points beside the reviewer's so
 * nobody has to trust a number without seeing where it came from.
 */
import { z } from 'zod';
import { sumPhase } from './credit.js';
import { withTotal } from './score.js';
import { ItemOverride, round2, type PhaseScore, type ScoreItem, type ScoreReport } from './types.js';

export const Review = z.strictObject({
  itemId: z.string().min(1),
  comment: z.string().min(1).max(4000).optional(),
  by: z.string().min(1).max(120).optional().describe('who commented (the override carries its own "by")'),
  at: z.string().min(1).max(40).optional(),
  override: ItemOverride.optional(),
}).refine((r) => r.comment !== undefined || r.override !== undefined, 'a review needs a comment or an override');
export type Review = z.infer<typeof Review>;

export type ReviewProblemCode = 'unknown_item' | 'earned_out_of_range' | 'missing_reason';
export interface ReviewProblem { readonly index: number; readonly itemId: string; readonly code: ReviewProblemCode; readonly message: string }

/** The points an override may give an item: 0..possible, or for a penalty, -phase weight..0. */
export function overrideRange(item: ScoreItem, phase: PhaseScore): [number, number] {
  return item.penalty ? [-phase.weight, 0] : [0, item.possible];
}

function findItem(report: ScoreReport, id: string): { phase: PhaseScore; item: ScoreItem } | undefined {
  for (const phase of report.phases) {
    const item = phase.items.find((i) => i.id === id);
    if (item) return { phase, item };
  }
  return undefined;
}

/**
 * What is wrong with each review, as data (the HTTP layer turns these into a 400): an item
 * that does not exist, points outside the item's range, an override without a reason.
 */
export function checkReviews(report: ScoreReport, reviews: readonly Review[]): ReviewProblem[] {
  const out: ReviewProblem[] = [];
  reviews.forEach((r, index) => {
    const hit = findItem(report, r.itemId);
    if (!hit) { out.push({ index, itemId: r.itemId, code: 'unknown_item', message: `no item "${r.itemId}" in this report` }); return; }
    if (!r.override) return;
    if (r.override.reason.trim().length === 0) out.push({ index, itemId: r.itemId, code: 'missing_reason', message: 'an override needs a reason' });
    const [lo, hi] = overrideRange(hit.item, hit.phase);
    if (r.override.earned < lo || r.override.earned > hi) {
      out.push({ index, itemId: r.itemId, code: 'earned_out_of_range', message: `${r.itemId} can be given ${lo} to ${hi} points, not ${r.override.earned}` });
    }
  });
  return out;
}

/**
 * Apply reviews in order: comments accumulate; the last override of an item wins. The item's
 * `earned` becomes the override (kept inside its range), `original` keeps the scorer's points,
 * and phase points and the total are recomputed. Reviews of unknown items are skipped; call
 * checkReviews first to refuse them. Applying to an already reviewed report keeps the first
 * original.
 * @example applyReview(report, [{ itemId: 'detection.ack_time', override: { earned: 7, reason: 'pager outage', by: 'lee', at: '2025-06-01T10:00:00Z' } }])
 */
export function applyReview(report: ScoreReport, reviews: readonly Review[]): ScoreReport {
  const byItem = new Map<string, Review[]>();
  for (const r of reviews) byItem.set(r.itemId, [...(byItem.get(r.itemId) ?? []), r]);
  const phases = report.phases.map((phase) => {
    if (!phase.items.some((i) => byItem.has(i.id))) return phase;
    const items = phase.items.map((item) => reviewItem(item, phase, byItem.get(item.id) ?? []));
    return sumPhase({ ...phase, items });
  });
  return withTotal({ ...report, phases });
}

function reviewItem(item: ScoreItem, phase: PhaseScore, reviews: readonly Review[]): ScoreItem {
  if (reviews.length === 0) return item;
  const comments = [
    ...(item.comments ?? []),
    ...reviews.filter((r) => r.comment !== undefined).map((r) => ({ text: r.comment!, ...(r.by ? { by: r.by } : {}), ...(r.at ? { at: r.at } : {}) })),
  ];
  const last = reviews.filter((r) => r.override !== undefined).at(-1)?.override;
  const out: ScoreItem = { ...item, ...(comments.length > 0 ? { comments } : {}) };
  if (!last) return out;
  const [lo, hi] = overrideRange(item, phase);
  const original = item.original ?? item.earned;
  return { ...out, original, override: { ...last }, earned: round2(Math.min(hi, Math.max(lo, last.earned))) };
}
