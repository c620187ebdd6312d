import { describe, expect, it } from 'vitest';
import { mainFaults } from '../../contract/scoring.js';
import { answerKeyProgress, type KeySection, type Mark } from '../../web/lib/answer-key.js';
import { addEvent, modelFrom, type DrillModel } from '../../web/lib/drill-model.js';
import { runScript, scenarioScript } from '../../server/sim/runner.js';
import { EXAMPLE_TEXT, mustParse } from '../helpers/scenario.js';

const scenario = mustParse(EXAMPLE_TEXT, 'checkout-db-pool.yaml');

function play(script: string, until: number): DrillModel {
  const r = runScript(scenario, '7', scenarioScript(scenario, script), until);
  return modelFrom(r.drill.events, { t: until, speed: 60, phase: 'running', paused: false });
}

function item(sections: KeySection[], section: string, label: string) {
  const s = sections.find((x) => x.id === section);
  const i = s?.items.find((x) => x.label === label);
  if (!i) throw new Error(`no item ${section}/${label}; have ${s?.items.map((x) => x.label).join(', ')}`);
  return i;
}

const marks = (sections: KeySection[]): Mark[] => sections.flatMap((s) => s.items.map((i) => i.mark));

describe('answer key progress', () => {
  it('marks the golden path done, in time', () => {
    const k = answerKeyProgress(scenario, play('golden', 40 * 60), 40 * 60);
    expect(item(k, 'detection', 'CheckoutHighLatency')).toMatchObject({ mark: 'done' });
    expect(item(k, 'detection', 'CheckoutHighLatency').detail).toMatch(/acknowledged .* later by script/);
    expect(item(k, 'triage', 'Severity')).toMatchObject({ mark: 'done' });
    expect(item(k, 'escalation', 'Page Payments').mark).toBe('done');
    expect(item(k, 'mitigation', 'Mitigated').mark).toBe('done');
    expect(item(k, 'mitigation', 'Harmful actions').mark).toBe('done');
    expect(item(k, 'root_cause', 'Hypothesis stated').mark).toBe('done');
    expect(k.find((s) => s.id === 'root_cause')!.items.filter((i) => i.label.startsWith('Mentions')).every((i) => i.mark === 'done')).toBe(true);
    expect(item(k, 'resolution', 'Fixed').mark).toBe('done');
    expect(item(k, 'resolution', 'Verified').mark).toBe('done');
    expect(item(k, 'resolution', 'Resolved').mark).toBe('done');
    expect(marks(k)).not.toContain('bad');
    expect(marks(k)).not.toContain('overdue');
  });

  it('shows what is overdue when nobody responds, and missed once the drill has ended', () => {
    const idle = play('idle', 30 * 60);
    const k = answerKeyProgress(scenario, idle, 30 * 60);
    expect(item(k, 'detection', 'CheckoutHighLatency').mark).toBe('overdue');
    expect(item(k, 'detection', 'CheckoutHighLatency').detail).toMatch(/not acknowledged/);
    expect(item(k, 'triage', 'Incident declared').mark).toBe('overdue');
    expect(item(k, 'mitigation', 'Mitigated').mark).toBe('overdue');
    const ended = addEvent({ ...idle, clock: { t: 1800, speed: 60, phase: 'ended', paused: true } }, { t: 1800, type: 'drill_ended' });
    const k2 = answerKeyProgress(scenario, ended, 1800);
    expect(marks(k2)).not.toContain('overdue');
    expect(marks(k2)).not.toContain('waiting');
    expect(item(k2, 'mitigation', 'Mitigated').mark).toBe('missed');
  });

  it('waits rather than nags before anything has happened', () => {
    const k = answerKeyProgress(scenario, play('idle', 60), 60);
    expect(item(k, 'detection', 'CheckoutHighLatency')).toMatchObject({ mark: 'waiting', detail: 'has not fired yet' });
    expect(item(k, 'mitigation', 'Mitigated').detail).toBe('the fault has not started');
  });

  it('flags harmful actions in red', () => {
    const k = answerKeyProgress(scenario, play('harmful', 20 * 60), 20 * 60);
    const harmful = k.find((s) => s.id === 'mitigation')!.items.filter((i) => i.mark === 'bad');
    expect(harmful).toHaveLength(1);
    expect(harmful[0]!.detail).toMatch(/orders-db/i);
  });

  it('gives half marks for a severity one level off and counts extra pages', () => {
    const m = modelFrom([
      { t: 100, type: 'incident_declared', severity: 'SEV3', title: 'x', by: 'Ada' },
      { t: 110, type: 'team_paged', team: 'payments', joinsAt: 300, by: 'Ada' },
      { t: 120, type: 'team_paged', team: 'dba', joinsAt: 300, by: 'Ada' },
    ]);
    const k = answerKeyProgress(scenario, m, 200);
    expect(item(k, 'triage', 'Severity')).toMatchObject({ mark: 'partial' });
    expect(item(k, 'triage', 'Severity').detail).toMatch(/SEV3; key SEV2, one level off/);
    expect(item(k, 'escalation', 'Extra pages')).toMatchObject({ mark: 'partial' });
    expect(item(k, 'escalation', 'Extra pages').detail).toMatch(/^Database team/);
  });

  it('finds the main fault from the fix actions', () => {
    expect(mainFaults(scenario)).toEqual(['pool-exhaustion']);
  });
});
