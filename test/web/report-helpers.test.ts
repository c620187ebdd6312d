/**
 * Facts the report page derives (web/components/review/report-view.ts) and the report flag of
 * the drill model (web/lib/drill-model.ts).
 */
import { describe, expect, it } from 'vitest';
import { overrideRange as serverRange } from '../../server/scoring/review.js';
import type { PhaseScore, ScoreItem, ScoreReport } from '../../server/scoring/types.js';
import { errorSpan, firingBars, mainService, overrideRange, reviewedCount, totalSentence } from '../../web/components/review/report-view.js';
import { addEvent, EMPTY_MODEL, modelFrom } from '../../web/lib/drill-model.js';

const item = (x: Partial<ScoreItem>): ScoreItem => ({ id: 'detection.ack_time', label: 'Ack', earned: 3, possible: 7, explanation: 'e', ...x });
const phase = (x: Partial<PhaseScore>): PhaseScore => ({ phase: 'detection', title: 'Detection', weight: 10, earned: 3, possible: 10, pending: false, target: '', did: '', items: [], ...x });

describe('override ranges', () => {
  it('agree with the scorer\'s', () => {
    for (const [i, p] of [[item({}), phase({})], [item({ penalty: true, possible: 0, earned: -4 }), phase({ weight: 15 })]] as const) {
      expect(overrideRange(i, p)).toEqual(serverRange(i, p));
    }
    expect(overrideRange(item({ penalty: true, possible: 0 }), phase({ weight: 15 }))).toEqual([-15, 0]);
  });
});

describe('the headline', () => {
  const report = (phases: PhaseScore[]): Pick<ScoreReport, 'earned' | 'possible' | 'phases'> => ({ earned: 58, possible: 80, phases });
  it('says what the total is out of, and what is pending', () => {
    const scored = [phase({}), phase({ phase: 'triage', title: 'Triage' })];
    expect(totalSentence(report(scored))).toBe('58 of 80 points in 2 scored phases.');
    const pending = [...scored, phase({ phase: 'postmortem', title: 'Postmortem', pending: true }), phase({ phase: 'follow_up', title: 'Follow-up (action items)', pending: true })];
    expect(totalSentence(report(pending))).toBe('58 of 80 points in 2 scored phases. Postmortem and Follow-up (action items) are pending until a postmortem is submitted.');
  });

  it('puts restoring service first when there was something to restore', () => {
    const scored = [phase({}), phase({ phase: 'triage', title: 'Triage' })];
    const partly = { ...report(scored), restoration: { restored: 0.85, share: 0.4, floor: 0.5 } };
    expect(totalSentence(partly)).toBe('Service restored: 85% of the impact removed, 34 of the 40 points it carries. The 2 scored phases earned 58 of 80 points (73%), counted at 93% because service was restored 85%.');
    const fully = { ...report(scored), restoration: { restored: 1, share: 0.4, floor: 0.5 } };
    expect(totalSentence(fully)).toBe('Service restored: 100% of the impact removed, 40 of the 40 points it carries. The 2 scored phases earned 58 of 80 points (73%), counted in full.');
  });

  it('counts reviewed items', () => {
    const p = phase({ items: [item({}), item({ id: 'b', comments: [{ text: 'ok' }] }), item({ id: 'c', original: 1, override: { earned: 2, reason: 'r', by: 'F', at: 'x' } })] });
    expect(reviewedCount({ phases: [p] })).toBe(2);
  });
});

describe('the chart service', () => {
  it('is the service of the first alert that fired', () => {
    const alerts = [
      { labels: { service: 'catalog' }, firedAt: 600 },
      { labels: { service: 'checkout' }, firedAt: 360 },
      { labels: { service: 'web' } },
    ];
    expect(mainService(alerts, ['web', 'checkout', 'catalog'])).toBe('checkout');
    expect(mainService([], ['web', 'checkout'])).toBe('web');
    expect(mainService([{ labels: { service: 'elsewhere' }, firedAt: 1 }], ['web'])).toBe('web');
    expect(mainService([], [])).toBeUndefined();
  });
});

describe('backtest bars', () => {
  it('places firings over the drill, cut at its end', () => {
    expect(firingBars([{ firedAt: 300, resolvedAt: 600 }], 1200)).toEqual([{ left: 25, width: 25, from: 300, to: 600, open: false }]);
    expect(firingBars([{ firedAt: 900, resolvedAt: null }], 1200)).toEqual([{ left: 75, width: 25, from: 900, to: 1200, open: true }]);
    // A 15 s firing is still visible; one after the end is not drawn.
    expect(firingBars([{ firedAt: 600, resolvedAt: 615 }, { firedAt: 1300, resolvedAt: 1400 }], 1200)).toEqual([{ left: 50, width: 1.3, from: 600, to: 615, open: false }]);
  });

  it('points at the part of the expression an error is about', () => {
    expect(errorSpan('rate(x[5m]', 10, 0)).toEqual({ before: 'rate(x[5m]', at: ' ' });
    expect(errorSpan('rate(x{a="b"[5m])', 12, 1)).toEqual({ before: 'rate(x{a="b"', at: '[' });
    expect(errorSpan('up', 99, 3)).toEqual({ before: 'up', at: ' ' });
  });
});

describe('the drill model\'s published flag', () => {
  it('turns on with report_published, from the stream or a snapshot', () => {
    expect(EMPTY_MODEL.published).toBe(false);
    const m = addEvent(EMPTY_MODEL, { t: 1800, type: 'report_published', by: 'Facilitator' });
    expect(m.published).toBe(true);
    expect(m.lastT).toBe(1800);
    expect(modelFrom([{ t: 0, type: 'drill_started', speed: 60 }, { t: 1800, type: 'report_published' }]).published).toBe(true);
    expect(modelFrom([{ t: 0, type: 'drill_started', speed: 60 }]).published).toBe(false);
  });
});
