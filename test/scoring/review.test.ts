import { describe, expect, it } from 'vitest';
import { applyReview, checkReviews, Review } from '../../server/scoring/review.js';
import { scoreDrill } from '../../server/scoring/score.js';
import { ScoreReport } from '../../server/scoring/types.js';
import { checkout, checkoutGolden, run } from './fixtures.js';
import { scenarioScript } from '../../server/sim/runner.js';

const report = scoreDrill(checkout, checkoutGolden().drill);
const at = '2025-06-01T10:00:00Z';
const itemOf = (r: ScoreReport, id: string) => r.phases.flatMap((p) => p.items).find((i) => i.id === id)!;

describe('applyReview', () => {
  it('keeps the original beside the override and recomputes the phase and the total', () => {
    const id = 'root_cause.evidence.owner-answer';
    const before = itemOf(report, id);
    const r = applyReview(report, [{ itemId: id, override: { earned: before.possible, reason: 'They read the answer aloud on the bridge', by: 'lee', at } }]);
    const after = itemOf(r, id);
    expect(after).toMatchObject({ earned: before.possible, original: before.earned, override: { earned: before.possible, reason: 'They read the answer aloud on the bridge', by: 'lee', at } });
    expect(after.explanation).toBe(before.explanation);
    const phase = r.phases.find((p) => p.phase === 'root_cause')!;
    expect(phase.earned).toBe(phase.possible);
    expect(r.total).toBeGreaterThan(report.total);
    expect(ScoreReport.parse(r)).toEqual(r);
  });

  it('does not change the report it is given', () => {
    const copy = structuredClone(report);
    applyReview(report, [{ itemId: 'detection.ack_time', override: { earned: 0, reason: 'x', by: 'lee', at } }]);
    expect(report).toEqual(copy);
  });

  it('accumulates comments, lets the last override win, and keeps the first original', () => {
    const id = 'detection.ack_time';
    const once = applyReview(report, [
      { itemId: id, comment: 'Fast ack.', by: 'lee', at },
      { itemId: id, override: { earned: 5, reason: 'first look', by: 'lee', at } },
      { itemId: id, override: { earned: 6, reason: 'second look', by: 'kim', at } },
    ]);
    const twice = applyReview(once, [{ itemId: id, comment: 'Agreed.', by: 'kim' }, { itemId: id, override: { earned: 4, reason: 'third', by: 'kim', at } }]);
    const i = itemOf(twice, id);
    expect(i.comments).toEqual([{ text: 'Fast ack.', by: 'lee', at }, { text: 'Agreed.', by: 'kim' }]);
    expect(i.override!.reason).toBe('third');
    expect(i.earned).toBe(4);
    expect(i.original).toBe(itemOf(report, id).earned);
  });

  it('can lift a penalty, and keeps overrides inside the item\'s range', () => {
    const harmful = scoreDrill(checkout, run(checkout, scenarioScript(checkout, 'harmful')).drill);
    const pen = harmful.phases.flatMap((p) => p.items).find((i) => i.penalty)!;
    const lifted = applyReview(harmful, [{ itemId: pen.id, override: { earned: 0, reason: 'Facilitator asked them to', by: 'lee', at } }]);
    expect(lifted.total).toBeGreaterThan(harmful.total);
    const clamped = applyReview(report, [{ itemId: 'detection.ack_time', override: { earned: 99, reason: 'x', by: 'lee', at } }]);
    expect(itemOf(clamped, 'detection.ack_time').earned).toBe(itemOf(report, 'detection.ack_time').possible);
  });
});

describe('checkReviews', () => {
  it('reports unknown items, out-of-range points and missing reasons as data', () => {
    expect(checkReviews(report, [
      { itemId: 'nope', comment: 'x' },
      { itemId: 'detection.ack_time', override: { earned: 8, reason: ' ', by: 'lee', at } },
    ]).map((p) => p.code)).toEqual(['unknown_item', 'missing_reason', 'earned_out_of_range']);
    expect(checkReviews(report, [{ itemId: 'detection.ack_time', override: { earned: 3, reason: 'ok', by: 'lee', at } }])).toEqual([]);
  });

  it('validates review input at the edge', () => {
    expect(Review.safeParse({ itemId: 'detection.ack_time' }).success).toBe(false);
    expect(Review.safeParse({ itemId: 'detection.ack_time', override: { earned: 1, reason: 'r', by: 'b' } }).success).toBe(false);
    expect(Review.safeParse({ itemId: 'detection.ack_time', comment: 'Nice' }).success).toBe(true);
  });
});
