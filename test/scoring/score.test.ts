import { describe, expect, it } from 'vitest';
import { Postmortem } from '../../server/scoring/postmortem.js';
import { scoreDrill, scoreSummary } from '../../server/scoring/score.js';
import { ScoreReport, type PhaseScore, type ScoreItem } from '../../server/scoring/types.js';
import { PHASES } from '../../contract/scoring.js';
import { parseScript, scenarioScript, type ScriptEntry } from '../../server/sim/runner.js';
import { edit, EXAMPLE_TEXT, mustParse } from '../helpers/scenario.js';
import { builtInScenarios, checkout, invalidScenarios, checkoutGolden, CHECKOUT_POSTMORTEM, goldenPostmortem, run, runNamed } from './fixtures.js';

const phase = (r: ScoreReport, id: string): PhaseScore => r.phases.find((p) => p.phase === id)!;
const item = (r: ScoreReport, id: string): ScoreItem => r.phases.flatMap((p) => p.items).find((i) => i.id === id)!;

/** The golden script with one step added (parsed like a script file step). */
function withStep(s: Parameters<typeof scenarioScript>[0], base: readonly ScriptEntry[], at: string, command: Record<string, unknown>): ScriptEntry[] {
  return [...base, ...parseScript([{ at, command }])];
}

it('has only valid built-in scenarios to score', () => {
  expect(invalidScenarios()).toEqual([]);
});

describe.each(builtInScenarios())('built-in scenario $file', ({ scenario: s }) => {
  const golden = runNamed(s, 'golden');
  const goldenScore = scoreDrill(s, golden.drill);

  it('scores its golden script at least 90 without a postmortem', () => {
    expect(goldenScore.total).toBeGreaterThanOrEqual(90);
  });

  it('still scores the golden path at least 90 with a good postmortem', () => {
    const r = scoreDrill(s, golden.drill, goldenPostmortem(s, golden.drill));
    expect(r.phases.every((p) => !p.pending)).toBe(true);
    expect(r.total).toBeGreaterThanOrEqual(90);
  });

  it('scores the do-nothing script at most 15', () => {
    expect(scoreDrill(s, runNamed(s, 'idle').drill).total).toBeLessThanOrEqual(15);
  });

  it.each(s.expected.harmful)('scores golden plus the harmful action %s below golden', (action) => {
    const fix = scenarioScript(s, 'golden').find((st) => st.command.type === 'run_action');
    const at = fix ? `${fix.at}s` : '10m';
    const r = run(s, withStep(s, scenarioScript(s, 'golden'), at, { type: 'run_action', action }));
    expect(r.refused.filter((x) => x.command.type === 'run_action' && x.command.action === action)).toEqual([]);
    const worse = scoreDrill(s, r.drill);
    expect(worse.total).toBeLessThan(goldenScore.total);
    expect(worse.phases.flatMap((p) => p.items).some((i) => i.penalty && i.id.includes(action))).toBe(true);
  });

  it('scores its own harmful script (if any) below golden', () => {
    if (!s.scripts.harmful) return;
    expect(scoreDrill(s, runNamed(s, 'harmful').drill).total).toBeLessThan(goldenScore.total);
  });

  it('reports every phase with points that add up, and validates against its schema', () => {
    expect(goldenScore.phases.map((p) => p.phase)).toEqual([...PHASES]);
    for (const p of goldenScore.phases) {
      expect(p.possible).toBeCloseTo(p.weight, 5);
      if (!p.pending) expect(p.earned).toBeCloseTo(Math.min(p.possible, p.items.reduce((a, i) => a + i.earned, 0)), 5);
      for (const i of p.items) expect(i.explanation).toMatch(/\S.*[.]$/);
    }
    expect(ScoreReport.parse(goldenScore)).toEqual(goldenScore);
  });
});

describe('scoreDrill on checkout-db-pool', () => {
  const golden = checkoutGolden();

  it('is deterministic: the same drill scores the same, byte for byte', () => {
    const again = runNamed(checkout, 'golden');
    expect(JSON.stringify(scoreDrill(checkout, again.drill))).toBe(JSON.stringify(scoreDrill(checkout, golden.drill)));
  });

  it('leaves postmortem phases pending, out of the total, until a postmortem is given', () => {
    const r = scoreDrill(checkout, golden.drill);
    expect(phase(r, 'postmortem')).toMatchObject({ pending: true, earned: 0, possible: 15 });
    expect(phase(r, 'postmortem').items[0]!.explanation).toMatch(/^No postmortem submitted/);
    expect(r.possible).toBe(80);
    const restored = r.restoration!.restored;
    expect(restored).toBe(1);
    expect(r.total).toBeCloseTo(100 * (0.4 * restored + 0.6 * (r.earned / 80) * (0.5 + 0.5 * restored)), 1);
    const withPm = scoreDrill(checkout, golden.drill, Postmortem.parse(CHECKOUT_POSTMORTEM));
    expect(withPm.possible).toBe(100);
    expect(withPm.total).toBeGreaterThanOrEqual(90);
  });

  it('explains times against their reference and target', () => {
    const r = scoreDrill(checkout, golden.drill);
    expect(item(r, 'detection.ack_time').explanation).toBe('Acknowledged CheckoutHighLatency 1m45s after CheckoutHighLatency fired; target 5m.');
    expect(item(r, 'triage.declare_time').explanation).toMatch(/^Declared 4m30s after CheckoutPoolSaturated \(the first alert\) fired; target 10m\.$/);
    expect(item(r, 'mitigation.restored').explanation).toBe('Service restored in time: "Roll back checkout config to the previous version" completed at T+00:15:00, 10m after pool-exhaustion began, and the impact stayed away; target 15m.');
    expect(phase(r, 'detection').did).toMatch(/acknowledged CheckoutHighLatency at T\+00:10:00/);
  });

  it('gives partial credit for a late acknowledgement, decaying with lateness', () => {
    const late = scenarioScript(checkout, 'golden').map((st) => (st.command.type === 'ack_alert' ? { ...st, at: 495 + 430 } : st));
    const r = scoreDrill(checkout, run(checkout, late).drill);
    const ack = item(r, 'detection.ack_time');
    expect(ack.explanation).toMatch(/^Acknowledged CheckoutHighLatency 7m10s after CheckoutHighLatency fired; target 5m, so 2m10s late: 84% credit\.$/);
    expect(ack.earned).toBeGreaterThan(0);
    expect(ack.earned).toBeLessThan(ack.possible);
  });

  it('gives half credit for a severity one level off, and three quarters when corrected', () => {
    const sev3 = scenarioScript(checkout, 'golden').map((st) => (st.command.type === 'declare_incident' ? { ...st, command: { ...st.command, severity: 'SEV3' as const } } : st));
    const r3 = scoreDrill(checkout, run(checkout, sev3).drill);
    expect(item(r3, 'triage.severity').earned).toBe(2.5);
    expect(item(r3, 'triage.severity').explanation).toMatch(/one level off the expected SEV2: half credit/);
    const fixed = scoreDrill(checkout, run(checkout, withStep(checkout, sev3, '12m', { type: 'set_severity', severity: 'SEV2' })).drill);
    expect(item(fixed, 'triage.severity').earned).toBe(3.75);
  });

  it('penalises paging everyone', () => {
    const all = Object.keys(checkout.teams).reduce((sc, team) => (team === 'payments' ? sc : withStep(checkout, sc, '11m', { type: 'page_team', team })), scenarioScript(checkout, 'golden'));
    const r = scoreDrill(checkout, run(checkout, all).drill);
    const pen = item(r, 'escalation.over_paging');
    expect(pen).toMatchObject({ penalty: true, possible: 0 });
    expect(pen.earned).toBeLessThan(0);
    expect(pen.explanation).toMatch(/^Paged every team/);
    const oneExtra = scoreDrill(checkout, run(checkout, withStep(checkout, scenarioScript(checkout, 'golden'), '11m', { type: 'page_team', team: 'dba' })).drill);
    expect(item(oneExtra, 'escalation.over_paging')).toBeUndefined();
  });

  it('penalises resolving before verifying, and resolving while the cause is only mitigated', () => {
    const masked = parseScript([
      { at: '10m', command: { type: 'ack_alert', alert: 'CheckoutHighLatency' } },
      { at: '10m30s', command: { type: 'declare_incident', severity: 'SEV2' } },
      { at: '11m', command: { type: 'run_action', action: 'restart-checkout' } },
      { at: '14m', command: { type: 'resolve_incident' } },
    ]);
    const r = scoreDrill(checkout, run(checkout, masked).drill);
    expect(item(r, 'resolution.unverified')).toMatchObject({ penalty: true });
    expect(item(r, 'resolution.masked').explanation).toMatch(/pool-exhaustion only mitigated \(symptoms masked\)/);
    expect(item(r, 'resolution.fix').explanation).toMatch(/symptoms were masked/);
    // The restart's relief lasts 6 minutes and is gone by the 15m target: nothing restored.
    expect(item(r, 'mitigation.restored')).toMatchObject({ earned: 0, explanation: 'The relief from "Rolling restart of checkout" (completed at T+00:13:00, 8m after pool-exhaustion began) had worn off by the 15m target (T+00:20:00): from then to T+00:50:00 none of the impact was removed.' });
    expect(r.restoration?.restored).toBe(0);
    expect(r.total).toBeLessThanOrEqual(30);
  });

  it('does not count a fault that clears by itself as mitigated or fixed', () => {
    const healing = mustParse(edit(EXAMPLE_TEXT, '    starts_after: { change: cfg-pool-size, delay: 1m }\n', '    starts_after: { change: cfg-pool-size, delay: 1m }\n    lasts: 10m\n'));
    const r = scoreDrill(healing, runNamed(healing, 'idle').drill);
    // It cleared before the mitigation target: nothing left to restore, so no restoration item.
    expect(r.phases.find((p) => p.phase === 'mitigation')!.items.map((i) => i.id)).toEqual([]);
    expect(r.restoration).toBeUndefined();
    expect(item(r, 'resolution.fix').explanation).toBe('pool-exhaustion cleared by itself at T+00:15:00; no fix was applied (the key expects rollback-pool-config and set-pool-size).');
    expect(r.total).toBe(0);
  });

  it('judges status updates by cadence and content', () => {
    const quiet = scenarioScript(checkout, 'golden').filter((st) => st.command.type !== 'post_status');
    const r = scoreDrill(checkout, run(checkout, [...quiet, ...parseScript([{ at: '12m', command: { type: 'post_status', audience: 'internal', text: 'Looking.' } }])]).drill);
    expect(item(r, 'communication.external').earned).toBe(0);
    expect(item(r, 'communication.content').earned).toBeLessThan(item(r, 'communication.content').possible);
    expect(item(r, 'communication.content').notes![0]).toMatch(/does not say the impact, the current status and the severity or what comes next/);
    const slow = scoreDrill(checkout, run(checkout, [...quiet, ...parseScript([
      { at: '11m', command: { type: 'post_status', audience: 'internal', text: 'SEV2: checkout errors; investigating.' } },
    ])].map((st) => (st.command.type === 'resolve_incident' ? { ...st, at: 2700 } : st))).drill);
    expect(item(slow, 'communication.cadence').explanation).toMatch(/^Longest gap without an update was 34m .*target 30m, so 4m late/);
  });

  it('gives half credit for evidence heard from a responder but not pinned, full once pinned', () => {
    const r = scoreDrill(checkout, golden.drill);
    expect(item(r, 'root_cause.evidence.owner-answer').explanation).toMatch(/did not pin it/);
    const pinned = scoreDrill(checkout, run(checkout, withStep(checkout, scenarioScript(checkout, 'golden'), '13m10s', { type: 'pin_evidence', kind: 'answer', ref: 'payments/1' })).drill);
    expect(item(pinned, 'root_cause.evidence.owner-answer').earned).toBe(item(pinned, 'root_cause.evidence.owner-answer').possible);
  });

  it('matches the hypothesis through synonyms and normalisation', () => {
    const base = scenarioScript(checkout, 'golden').filter((st) => st.command.type !== 'state_hypothesis');
    const hyp = (text: string) => scoreDrill(checkout, run(checkout, withStep(checkout, base, '13m30s', { type: 'state_hypothesis', text })).drill);
    const good = hyp('HIKARI maximumPoolSize was lowered by the Cost-Review (CR-2231)!');
    expect(item(good, 'root_cause.hypothesis.1').earned).toBeGreaterThan(0);
    expect(item(good, 'root_cause.hypothesis.2').earned).toBeGreaterThan(0);
    const wrong = hyp('The database is overloaded by the new deploy.');
    expect(item(wrong, 'root_cause.hypothesis.1').earned).toBe(0);
    expect(item(wrong, 'root_cause.hypothesis.1').explanation).toMatch(/does not assert "connection pool"/);
    // A denied concept is not a hypothesis about it.
    const denied = hyp('It is not the connection pool; the config change was unrelated.');
    expect([item(denied, 'root_cause.hypothesis.1').earned, item(denied, 'root_cause.hypothesis.2').earned]).toEqual([0, 0]);
  });

  it('prints a one-line summary', () => {
    expect(scoreSummary(scoreDrill(checkout, golden.drill))).toMatch(/^score 9\d\.\d\/100 \(service restored 100%\): detection 10\/10, .*postmortem pending, follow_up pending$/);
  });
});

describe('preventing a fault that has not begun is not mitigation', () => {
  it('cache-stampede: restoring TTL jitter before the waves start earns no mitigation credit', async () => {
    const { readFileSync } = await import('node:fs');
    const { mustParse, SCENARIO_DIR } = await import('../helpers/scenario.js');
    const { runScript } = await import('../../server/sim/runner.js');
    const { scoreDrill } = await import('../../server/scoring/index.js');
    const s = mustParse(readFileSync(`${SCENARIO_DIR}cache-stampede.yaml`, 'utf8'));
    const r = runScript(s, '1', [{ at: 60, command: { type: 'run_action', action: 'restore-ttl-jitter', params: {} } }], s.duration);
    const mitigation = scoreDrill(s, r.drill).phases.find((p) => p.phase === 'mitigation')!;
    expect(mitigation.earned).toBe(0);
    expect(mitigation.items.map((i) => i.explanation).join(' ')).not.toMatch(/Mitigated/);
  });
});
