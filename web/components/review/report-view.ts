/**
 * Small facts about a score report the report page shows: the points an override may give an
 * item, which phases are pending, the headline sentence under the total, which service to chart.
 * Pure.
 */
import type { AlertRow } from '../../../contract/drill-state.js';
import type { PhaseScore, ScoreItem, ScoreReport } from '../../lib/api-types.js';

/**
 * The points an override may give an item: 0..possible, or for a penalty -phase weight..0. The
 * same rule as overrideRange in server/scoring/review.ts (not imported: it would bring zod into
 * the bundle); test/web/report-helpers.test.ts checks they agree.
 */
export function overrideRange(item: Pick<ScoreItem, 'penalty' | 'possible'>, phase: Pick<PhaseScore, 'weight'>): [number, number] {
  return item.penalty ? [-phase.weight, 0] : [0, item.possible];
}

export { totalSentence } from '../../../contract/total-sentence.js';

/** Items a reviewer changed (override or comment), for the "reviewed" count in the header. */
export function reviewedCount(r: Pick<ScoreReport, 'phases'>): number {
  return r.phases.reduce((n, p) => n + p.items.filter((i) => i.override || (i.comments?.length ?? 0) > 0).length, 0);
}

/**
 * The service to chart first: the one the first alert that fired was about (the service the
 * team was looking at), else the first of `services`.
 */
export function mainService(alerts: readonly Pick<AlertRow, 'labels' | 'firedAt'>[], services: readonly string[]): string | undefined {
  const fired = alerts.filter((a) => a.firedAt !== undefined && a.labels.service && services.includes(a.labels.service))
    .sort((a, b) => (a.firedAt ?? 0) - (b.firedAt ?? 0));
  return fired[0]?.labels.service ?? services[0];
}

export interface FiringBar {
  /** percent of the drill from the left, and wide */
  readonly left: number;
  readonly width: number;
  readonly from: number;
  readonly to: number;
  /** still firing when the drill ended */
  readonly open: boolean;
}

/**
 * A backtest's firings as bars over the drill (0..end): at least a sliver wide so a short
 * firing is still visible, cut at the drill's end.
 * @example firingBars([{ firedAt: 300, resolvedAt: 600 }], 1200) // [{ left: 25, width: 25, from: 300, to: 600, open: false }]
 */
export function firingBars(firings: readonly { firedAt: number; resolvedAt: number | null }[], end: number): FiringBar[] {
  const span = Math.max(1, end);
  return firings.filter((f) => f.firedAt <= span).map((f) => {
    const to = Math.min(span, f.resolvedAt ?? span);
    const left = (Math.max(0, f.firedAt) / span) * 100;
    const width = Math.max(0.6, ((to - Math.max(0, f.firedAt)) / span) * 100);
    return { left: round1(left), width: round1(Math.min(width, 100 - left)), from: f.firedAt, to, open: f.resolvedAt === null || f.resolvedAt > span };
  });
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Where a PromQL error points, for a caret under the expression: the text before the problem
 * and the problem itself (at least one character).
 * @example errorSpan('rate(x[5m]', 10, 0) // { before: 'rate(x[5m]', at: ' ' }
 */
export function errorSpan(expr: string, offset: number, length: number): { before: string; at: string } {
  const o = Math.max(0, Math.min(expr.length, Math.floor(offset)));
  const at = expr.slice(o, o + Math.max(1, Math.floor(length)));
  return { before: expr.slice(0, o), at: at || ' ' };
}
