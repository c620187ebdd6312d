/**
 * Which stored drills belong to a team, in order, and the action items a team carries into its
 * next drill. Shared by the postmortem view (carried items) and the team history.
 */
import type { DrillRecord } from '../store/schema.js';
import { afterOf, type ActionItemRecord } from '../store/after-action.js';
import type { ReviewService } from './review.js';

/** The team's drills, oldest first (drills created in the same millisecond keep their stored order). */
export function teamRecords(service: ReviewService, team: string): Readonly<DrillRecord>[] {
  return service.records()
    .filter((r) => r.team === team)
    .map((r, i) => ({ r, i, at: Date.parse(r.createdAt) }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((x) => x.r);
}

/** Open action items from the team's drills before this one: what the team still owes itself. */
export function carriedItems(service: ReviewService, record: Readonly<DrillRecord>): ActionItemRecord[] {
  if (record.team === undefined) return [];
  const drills = teamRecords(service, record.team);
  const here = drills.findIndex((r) => r.id === record.id);
  return drills.slice(0, Math.max(0, here)).flatMap((r) => afterOf(r).actionItems.filter((a) => a.status === 'open'));
}
