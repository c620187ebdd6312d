import { describe, expect, it } from 'vitest';
import { instantQuery, compile } from '../../server/promql/index.js';
import { apply } from '../../server/sim/apply.js';
import type { Command } from '../../contract/commands.js';
import { advance, createSimulation, type Simulation } from '../../server/sim/engine.js';
import type { SimEvent } from '../../contract/events.js';
import type { ApplyResult } from '../../server/sim/apply.js';
import { strengthAt } from '../../server/sim/faults.js';
import { runScript, scenarioScript, simulateReport } from '../../server/sim/runner.js';
import { EXAMPLE_TEXT, mustParse } from '../helpers/scenario.js';

const scenario = mustParse(EXAMPLE_TEXT);
/** the config change is at 4m, the fault one minute later */
const FAULT_AT = 300;

function drillAt(t: number, seed = 'test'): Simulation {
  const d = createSimulation(scenario, seed);
  advance(d, t);
  return d;
}

function ok(r: ApplyResult): readonly SimEvent[] {
  if (!r.ok) throw new Error(`refused: ${r.code}: ${r.message}`);
  return r.events;
}

function run(d: Simulation, c: Command): ApplyResult {
  return apply(d, c, 'tester');
}

/** Value of a PromQL expression at the drill's current time (single-series result). */
function q(d: Simulation, expr: string): number {
  const v = instantQuery(compile(expr), d.metrics.store, Math.round(d.t * 1000));
  if (v.type === 'scalar') return v.value;
  if (v.type !== 'vector' || v.samples.length !== 1) throw new Error(`expected one series from ${expr}, got ${JSON.stringify(v).slice(0, 200)}`);
  return v.samples[0]!.value;
}

describe('determinism', () => {
  it('same scenario, seed and commands give byte-identical output', () => {
    const script = scenarioScript(scenario, 'golden');
    const a = JSON.stringify(simulateReport(scenario, runScript(scenario, '42', script, 2700), 2700));
    const b = JSON.stringify(simulateReport(scenario, runScript(scenario, '42', script, 2700), 2700));
    expect(a).toBe(b);
  });

  it('a different seed changes the noise but not the story', () => {
    const script = scenarioScript(scenario, 'golden');
    const r1 = runScript(scenario, '1', script, 2700);
    const r2 = runScript(scenario, '2', script, 2700);
    const story = (d: Simulation) => d.events.filter((e) => !e.type.startsWith('alert_')).map((e) => `${e.t} ${e.type}`);
    expect(story(r1.drill)).toEqual(story(r2.drill));
    const names = (d: Simulation) => [...new Set(d.events.filter((e) => e.type === 'alert_firing').map((e) => (e as { alert: string }).alert))].sort();
    expect(names(r1.drill)).toEqual(names(r2.drill));
    const sample = (d: Simulation) => { advance(d, 2700); return q(d, 'db_pool_connections_in_use'); };
    const rate = (d: Simulation) => q(d, 'sum(rate(http_requests_total{service="web"}[5m]))');
    expect(rate(r1.drill)).not.toBe(rate(r2.drill));
    void sample;
  });
});

describe('faults change series over time', () => {
  it('nothing is wrong before the fault; the pool shrinks after it', () => {
    const d = drillAt(FAULT_AT - 15);
    expect(q(d, 'db_pool_connections_max')).toBe(50);
    advance(d, FAULT_AT + 120);
    expect(q(d, 'db_pool_connections_max')).toBeCloseTo(10, 6);
    expect(d.events.some((e) => e.type === 'fault_started' && e.fault === 'pool-exhaustion' && e.t === FAULT_AT)).toBe(true);
  });

  it('a ramp reaches full strength only after `over`', () => {
    const d = drillAt(FAULT_AT + 90);
    const half = q(d, 'db_pool_pending_threads');
    advance(d, FAULT_AT + 240);
    const full = q(d, 'db_pool_pending_threads');
    expect(half).toBeGreaterThan(10);
    expect(half).toBeLessThan(25);
    expect(full).toBe(35);
  });

  it('cascades to dependents after the delay, weaker by the factor', () => {
    const d = createSimulation(scenario, 'c');
    const webSum = () => q(d, 'sum(rate(http_request_duration_seconds_sum{service="web"}[1m])) / sum(rate(http_request_duration_seconds_count{service="web"}[1m]))');
    advance(d, FAULT_AT + 45);
    const beforeHop = webSum();
    advance(d, FAULT_AT + 60 + 240);
    const afterHop = webSum();
    expect(afterHop / beforeHop).toBeGreaterThan(4);
    const cascaded = d.faultEffects['pool-exhaustion']!.filter((e) => e.hop === 1);
    expect(cascaded.map((e) => e.service)).toContain('web');
    const lat = cascaded.find((e) => e.target === 'latency')!;
    expect(lat.multiply).toBeCloseTo(1 + 11 * 0.5, 9);
    expect(lat.delay).toBe(60);
  });

  it('a transient fault clears by itself after `lasts`', () => {
    const d = drillAt(7 * 60 + 6 * 60 - 15);
    expect(d.faults['catalog-cache-expiry']!.status).toBe('active');
    advance(d, 7 * 60 + 6 * 60);
    expect(d.faults['catalog-cache-expiry']!.status).toBe('resolved');
    expect(d.events.at(-1)).toMatchObject({ type: 'fault_changed', fault: 'catalog-cache-expiry', cause: 'it cleared by itself' });
  });

  it('a spike is gone after its length', () => {
    const d = drillAt(7 * 60 + 120);
    const during = q(d, 'sum(rate(cache_requests_total{result="miss"}[1m]))');
    advance(d, 7 * 60 + 6 * 60 + 180);
    const after = q(d, 'sum(rate(cache_requests_total{result="miss"}[1m]))');
    expect(during / after).toBeGreaterThan(4);
  });
});

describe('actions take time, then act on faults', () => {
  it('resolve: the fault ends when the action completes and signals recover', () => {
    const d = drillAt(FAULT_AT + 300);
    const started = ok(run(d, { type: 'run_action', action: 'rollback-pool-config', params: {} }));
    expect(started[0]).toMatchObject({ type: 'action_started', doneAt: FAULT_AT + 360 });
    advance(d, FAULT_AT + 359);
    expect(d.faults['pool-exhaustion']!.status).toBe('active');
    advance(d, FAULT_AT + 360);
    expect(d.faults['pool-exhaustion']!.status).toBe('resolved');
    advance(d, FAULT_AT + 360 + 300);
    expect(q(d, 'db_pool_connections_max')).toBe(50);
  });

  it('mitigate: strength drops to the level, and a temporary one wears off', () => {
    const d = drillAt(FAULT_AT + 300);
    ok(run(d, { type: 'run_action', action: 'restart-checkout', params: {} }));
    advance(d, FAULT_AT + 300 + 120 + 60);
    const rt = d.faults['pool-exhaustion']!;
    expect(rt.status).toBe('mitigated');
    expect(strengthAt(rt, d.t)).toBeCloseTo(0.4, 9);
    advance(d, FAULT_AT + 300 + 120 + 360);
    expect(rt.status).toBe('active');
    expect(d.events.some((e) => e.type === 'fault_changed' && /wore off/.test(e.cause))).toBe(true);
  });

  it('reliefs stack: the strongest in force wins and a temporary one lapses alone', () => {
    const d = drillAt(FAULT_AT + 300);
    ok(run(d, { type: 'run_action', action: 'restart-checkout', params: {} }));
    advance(d, FAULT_AT + 300 + 150);
    ok(run(d, { type: 'run_action', action: 'set-pool-size', params: { size: '25' } }));
    advance(d, FAULT_AT + 300 + 150 + 120);
    const rt = d.faults['pool-exhaustion']!;
    expect(strengthAt(rt, d.t)).toBeCloseTo(0.2, 9);
    advance(d, FAULT_AT + 300 + 120 + 360 + 120);
    expect(rt.status).toBe('mitigated');
    expect(strengthAt(rt, d.t)).toBeCloseTo(0.2, 9);
  });

  it('a restart resets the service\'s counters, as a real process restart does', () => {
    const d = drillAt(FAULT_AT + 300);
    const before = q(d, 'http_requests_total{service="checkout",code="200"}');
    ok(run(d, { type: 'run_action', action: 'restart-checkout', params: {} }));
    advance(d, FAULT_AT + 300 + 135);
    expect(q(d, 'http_requests_total{service="checkout",code="200"}')).toBeLessThan(before / 10);
    expect(q(d, 'rate(http_requests_total{service="checkout",code="200"}[2m])')).toBeGreaterThan(20);
  });

  it('worsen and trigger: restarting the database makes it worse and starts a failover', () => {
    const d = drillAt(FAULT_AT + 300);
    ok(run(d, { type: 'run_action', action: 'restart-orders-db', params: {} }));
    advance(d, FAULT_AT + 300 + 90);
    expect(d.faults['orders-db-failover']!.status).toBe('active');
    expect(d.faults['pool-exhaustion']!.worsen).toBeCloseTo(1.3, 9);
    advance(d, FAULT_AT + 300 + 90 + 30);
    expect(q(d, 'up{service="orders-db"}')).toBe(0);
  });

  it('none: an action that does nothing to the fault leaves it alone', () => {
    const d = drillAt(FAULT_AT + 300);
    ok(run(d, { type: 'run_action', action: 'scale-checkout', params: { replicas: 8 } }));
    advance(d, FAULT_AT + 300 + 200);
    expect(d.faults['pool-exhaustion']!.status).toBe('active');
    expect(d.events.filter((e) => e.type === 'fault_changed' && e.fault === 'pool-exhaustion')).toHaveLength(0);
  });

  it('params choose the effect (`when`)', () => {
    for (const [size, status] of [['10', 'active'], ['25', 'mitigated'], ['50', 'resolved']] as const) {
      const d = drillAt(FAULT_AT + 300);
      ok(run(d, { type: 'run_action', action: 'set-pool-size', params: { size } }));
      advance(d, FAULT_AT + 400);
      expect(d.faults['pool-exhaustion']!.status, `size ${size}`).toBe(status);
    }
  });
});

describe('teams and responders', () => {
  it('a paged team joins after its delay and answers by keyword', () => {
    const d = drillAt(600);
    expect(ok(run(d, { type: 'page_team', team: 'payments' }))[0]).toMatchObject({ type: 'team_paged', joinsAt: 720 });
    expect(run(d, { type: 'ask', team: 'payments', question: 'what changed?' })).toMatchObject({ ok: false, code: 'team_not_joined' });
    advance(d, 720);
    expect(d.events.at(-1)).toMatchObject({ type: 'team_joined', team: 'payments' });
    const ev = ok(run(d, { type: 'ask', team: 'payments', question: 'Was there a CONFIG change to the connection pools?' }));
    const answer = ev.find((e) => e.type === 'answer')!;
    expect(answer).toMatchObject({ responder: 'Priya Natarajan' });
    expect((answer as { text: string }).text).toMatch(/HikariCP|50 to 10/);
    const fallback = ok(run(d, { type: 'ask', team: 'payments', question: 'what is the weather' })).find((e) => e.type === 'answer');
    expect(fallback).toMatchObject({ answer: 'payments/fallback' });
  });
});

describe('refusals change nothing', () => {
  const cases: [string, Command[], Command, string][] = [
    ['unknown alert', [], { type: 'ack_alert', alert: 'Nope' }, 'unknown_alert'],
    ['alert not firing', [], { type: 'ack_alert', alert: 'CheckoutHighLatency' }, 'alert_not_firing'],
    ['severity before declaring', [], { type: 'set_severity', severity: 'SEV1' }, 'incident_not_declared'],
    ['declare twice', [{ type: 'declare_incident', severity: 'SEV2' }], { type: 'declare_incident', severity: 'SEV2' }, 'incident_already_declared'],
    ['same severity', [{ type: 'declare_incident', severity: 'SEV2' }], { type: 'set_severity', severity: 'SEV2' }, 'same_severity'],
    ['unknown team', [], { type: 'page_team', team: 'nobody' }, 'unknown_team'],
    ['paged twice', [{ type: 'page_team', team: 'dba' }], { type: 'page_team', team: 'dba' }, 'already_paged'],
    ['ask before paging', [], { type: 'ask', team: 'dba', question: 'hi' }, 'team_not_paged'],
    ['unknown action', [], { type: 'run_action', action: 'reboot-everything', params: {} }, 'unknown_action'],
    ['action twice', [{ type: 'run_action', action: 'restart-checkout', params: {} }], { type: 'run_action', action: 'restart-checkout', params: {} }, 'action_in_progress'],
    ['bad choice', [], { type: 'run_action', action: 'set-pool-size', params: { size: '99' } }, 'invalid_params'],
    ['number out of range', [], { type: 'run_action', action: 'scale-checkout', params: { replicas: 500 } }, 'invalid_params'],
    ['unknown param', [], { type: 'run_action', action: 'rollback-pool-config', params: { force: 'yes' } }, 'invalid_params'],
    ['resolve before declaring', [], { type: 'resolve_incident' }, 'incident_not_declared'],
    ['resolve twice', [{ type: 'declare_incident', severity: 'SEV3' }, { type: 'resolve_incident' }], { type: 'resolve_incident' }, 'incident_resolved'],
    ['unknown runbook', [], { type: 'flag_doc', runbook: 'nope', text: 'x' }, 'unknown_runbook'],
    ['unknown fault', [], { type: 'inject_fault', fault: 'nope' }, 'unknown_fault'],
    ['fault already active', [{ type: 'inject_fault', fault: 'catalog-cache-expiry' }], { type: 'inject_fault', fault: 'catalog-cache-expiry' }, 'fault_already_active'],
    ['unknown change', [], { type: 'inject_change', change: 'nope' }, 'unknown_change'],
    ['unknown inject', [], { type: 'inject_message', inject: 'nope' }, 'unknown_inject'],
  ];
  for (const [name, setup, cmd, code] of cases) {
    it(name, () => {
      const d = drillAt(60);
      setup.forEach((c) => ok(run(d, c)));
      const before = JSON.stringify({ events: d.events, incident: d.incident, teams: d.teams, runs: d.runs, agenda: d.agenda });
      const r = run(d, cmd);
      expect(r).toMatchObject({ ok: false, code });
      if (!r.ok) expect(r.message.length).toBeGreaterThan(5);
      expect(JSON.stringify({ events: d.events, incident: d.incident, teams: d.teams, runs: d.runs, agenda: d.agenda })).toBe(before);
    });
  }

  it('acknowledging twice is refused once the alert fires', () => {
    const d = drillAt(900);
    ok(run(d, { type: 'ack_alert', alert: 'CheckoutHighLatency' }));
    expect(run(d, { type: 'ack_alert', alert: 'CheckoutHighLatency' })).toMatchObject({ ok: false, code: 'already_acknowledged' });
  });

  it('an action whose team has not joined is refused', () => {
    const s2 = mustParse(EXAMPLE_TEXT.replace('    takes: 90s\n', '    takes: 90s\n    requires: { teams: [dba] }\n'));
    const d = createSimulation(s2, 'x');
    advance(d, 60);
    expect(apply(d, { type: 'run_action', action: 'restart-orders-db', params: {} }, 't')).toMatchObject({ ok: false, code: 'precondition_failed' });
  });
});

describe('verification', () => {
  it('fails while alerts fire and passes once quiet for the window', () => {
    const d = drillAt(900);
    expect(ok(run(d, { type: 'verify' }))[0]).toMatchObject({ type: 'verification', passed: false });
    ok(run(d, { type: 'run_action', action: 'rollback-pool-config', params: {} }));
    advance(d, 900 + 60 + 600 + 600);
    expect(ok(run(d, { type: 'verify' }))[0]).toMatchObject({ type: 'verification', passed: true });
  });
});
