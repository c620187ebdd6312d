/**
 * A team's history as the history page draws it (web/components/review/history.ts), and the
 * `#/teams/:team` route.
 */
import { describe, expect, it } from 'vitest';
import { PHASE_TITLES as SERVER_TITLES, PHASES as SERVER_PHASES } from '../../contract/scoring.js';
import { drillName, drillTicks, participantRows, PHASE_SHORT, PHASE_TITLES, PHASES, phasePercent, phaseSeries, trend } from '../../web/components/review/history.js';
import type { HistoryDrill, PhasePoints } from '../../web/components/review/review-api.js';
import { href, parseRoute } from '../../web/lib/router.js';

const pts = (phase: PhasePoints['phase'], earned: number, possible: number, pending = false): PhasePoints => ({ phase, earned, possible, pending });
const drill = (id: string, phases: PhasePoints[], createdAt = Date.UTC(2025, 5, 1)): HistoryDrill => ({
  id, scenarioId: 'checkout-db-pool', title: 'Checkout slows down', createdAt, endedAt: 1800, total: 80, phases, participants: [{ name: 'Ada', role: 'commander' }],
});

describe('phases', () => {
  it('are the scorer\'s, in its order, with its titles', () => {
    expect([...PHASES]).toEqual([...SERVER_PHASES]);
    expect(PHASE_TITLES).toEqual(SERVER_TITLES);
    expect(Object.keys(PHASE_SHORT)).toEqual([...SERVER_PHASES]);
  });
});

describe('the per-phase chart', () => {
  const drills = [
    drill('a', [pts('detection', 5, 10), pts('postmortem', 0, 15, true)]),
    drill('b', [pts('detection', 10, 10), pts('postmortem', 12, 15)]),
  ];
  it('has one line per phase, x the drill number and y the share, with gaps for pending phases', () => {
    expect(phaseSeries(drills)).toEqual([
      { label: 'Detection', points: [[1, 50], [2, 100]] },
      { label: 'Postmortem', points: [[2, 80]] },
    ]);
    expect(phasePercent(pts('triage', 1, 3))).toBe(33.3);
    expect(phasePercent(pts('triage', 0, 0))).toBeUndefined();
  });

  it('ticks whole drills', () => {
    expect(drillTicks(0.8, 3.2)).toEqual([1, 2, 3]);
    expect(drillTicks(0.5, 1.5)).toEqual([1]);
    expect(drillTicks(1, 25)).toEqual([1, 4, 7, 10, 13, 16, 19, 22, 25]);
  });

  it('names a drill by number, title and date', () => {
    expect(drillName(drills[0]!, 0)).toMatch(/^#1 Checkout slows down \(2025-06-01 \d\d:\d\d\)$/);
  });
});

describe('participants', () => {
  it('gives each person their drills in order, per phase, with the change since their first', () => {
    const h = {
      drills: [drill('a', []), drill('b', []), drill('c', [])],
      participants: [{ name: 'Ada', drills: [
        { id: 'c', role: 'commander' as const, phases: [pts('detection', 9, 10)] },
        { id: 'a', role: 'scribe' as const, phases: [pts('detection', 4, 10), pts('postmortem', 0, 15, true)] },
      ] }],
    };
    const [ada] = participantRows(h);
    expect(ada!.drills).toBe(2);
    expect(ada!.phases.detection).toEqual([{ drill: 1, pct: 40 }, { drill: 3, pct: 90 }]);
    expect(ada!.phases.postmortem).toEqual([{ drill: 1, pct: undefined }, { drill: 3, pct: undefined }]);
    expect(trend(ada!.phases.detection)).toBe(50);
    expect(trend(ada!.phases.postmortem)).toBeUndefined();
  });
});

describe('the team route', () => {
  it('reads and writes #/teams/:team', () => {
    expect(parseRoute('#/teams/payments-oncall')).toEqual({ page: 'history', team: 'payments-oncall' });
    expect(parseRoute(href({ page: 'history', team: 'sre team.eu' }))).toEqual({ page: 'history', team: 'sre team.eu' });
    expect(href({ page: 'history', team: 'a b' })).toBe('#/teams/a%20b');
  });
});
