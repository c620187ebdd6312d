/**
 * Restoring service dominates. Over generated action scripts (any mix of acknowledging,
 * declaring, paging, updating, pinning, hypothesising, verifying, resolving and running actions,
 * never a harmful one), every run that relieved the customers' pain within the mitigation
 * window and kept it relieved scores above every run in which nothing the team did relieved it;
 * and a run that never restores service stays at or under 60, however well it communicated.
 *
 * Runs are classified by what the simulation did (the impact faults' strength in the event
 * log), not by the scorer, so the test can catch a scorer that credits the wrong thing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../server/scenario/schema.js';
import { impactFaults } from '../../server/scoring/restoration.js';
import { scoreDrill } from '../../server/scoring/score.js';
import type { Command } from '../../contract/commands.js';
import type { Simulation } from '../../server/sim/engine.js';
import { scenarioScript, type ScriptEntry } from '../../server/sim/runner.js';
import { builtInScenarios, run } from './fixtures.js';

/** 16 seeded scripts per scenario by default; PROP_RUNS=200 for a longer, randomly seeded search. */
const RUNS = Number(process.env.PROP_RUNS ?? 16);
/** "Relieved": the impact faults run at no more than this strength. */
const RELIEVED = 0.3;

type Action = Scenario['actions'][number];

/** Actions that lower an impact fault, and the rest; harmful ones are never generated. */
function actionPools(s: Scenario): { relieving: Action[]; other: Action[] } {
  const impact = new Set(impactFaults(s));
  const harmful = new Set(s.expected.harmful);
  const ok = s.actions.filter((a) => !harmful.has(a.id));
  const relieves = (a: Action) => a.effects.some((e) => impact.has(e.fault) && (e.effect === 'mitigate' || e.effect === 'resolve'));
  return { relieving: ok.filter(relieves), other: ok.filter((a) => !relieves(a)) };
}

/** Strength of each impact fault over time, from the engine's own events. */
function levels(s: Scenario, drill: Simulation): Map<string, { t: number; level: number }[]> {
  const impact = new Set(impactFaults(s));
  const out = new Map<string, { t: number; level: number }[]>();
  for (const e of drill.events) {
    if (e.type === 'fault_started' && impact.has(e.fault)) out.set(e.fault, [{ t: e.t, level: 1 }]);
    if (e.type === 'fault_changed' && out.has(e.fault)) out.get(e.fault)!.push({ t: e.t, level: e.level });
  }
  return out;
}

/**
 * 'restored': by the window's end every impact fault that had started was at or under RELIEVED
 * and stayed there; 'never': no action of the team ever lowered one; 'neither' otherwise.
 */
function classify(s: Scenario, drill: Simulation): 'restored' | 'never' | 'neither' {
  const ls = levels(s, drill);
  if (ls.size === 0) return 'neither';
  const start = Math.min(...[...ls.values()].map((l) => l[0]!.t));
  const end = start + (s.expected.mitigate ?? s.expected.fix).within;
  const lowered = drill.events.some((e) => e.type === 'fault_changed' && ls.has(e.fault) && !/by itself|wore off|before the fault began/.test(e.cause) && e.level < 1);
  if (!lowered) return 'never';
  const lasts = (id: string) => s.faults.find((f) => f.id === id)?.lasts;
  const ok = [...ls].every(([id, l]) => {
    const natural = lasts(id) !== undefined ? l[0]!.t + lasts(id)! : Infinity;
    const after = l.filter((x) => x.t > end && x.t < natural);
    const atEnd = [...l].reverse().find((x) => x.t <= end)?.level ?? 1;
    return atEnd <= RELIEVED && after.every((x) => x.level <= RELIEVED);
  });
  return ok ? 'restored' : 'neither';
}

/** A random response: any subset of the ordinary moves, at random times, plus perhaps a relieving action in time. */
function scripts(s: Scenario, golden: readonly ScriptEntry[], faultStart: number) {
  const { relieving, other } = actionPools(s);
  const step = s.settings.scrape_interval;
  const within = (s.expected.mitigate ?? s.expected.fix).within;
  const at = (lo: number, hi: number) => fc.integer({ min: Math.ceil(lo / step), max: Math.max(Math.ceil(lo / step), Math.floor(hi / step)) }).map((n) => n * step);
  const chatter = golden.filter((g) => ['ack_alert', 'declare_incident', 'assign_role', 'page_team', 'post_status', 'pin_evidence', 'ask', 'state_hypothesis', 'flag_doc', 'set_severity'].includes(g.command.type));
  const paramsOf = (a: Action) => fc.tuple(...a.params.map((p) => fc.constantFrom(...(p.choices ?? [p.default ?? String(p.min ?? 1)])))).map((vals) => Object.fromEntries(a.params.map((p, i) => [p.name, String(vals[i])])));
  const actionStep = (pool: Action[], lo: number, hi: number) => fc.constantFrom(...pool).chain((a) => fc.record({
    at: at(lo, hi), params: a.params.length > 0 ? paramsOf(a) : fc.constant({}),
  }).map((x) => ({ at: x.at, command: { type: 'run_action', action: a.id, params: x.params } as Command })));
  return fc.record({
    // The team's talk and investigation: each golden step kept or dropped, and moved in time. How
    // much is kept varies from run to run, from nothing to everything at its golden time, so the
    // extremes (relief and nothing else; everything but relief) come up.
    keep: fc.constantFrom(0, 0.5, 1),
    chatter: fc.tuple(...chatter.map((g) => fc.record({ roll: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), t: fc.option(at(Math.max(0, g.at - 300), g.at + 900), { nil: undefined }) })
      .map((x) => ({ roll: x.roll, step: { at: x.t ?? g.at, command: g.command } })))),
    others: other.length > 0 ? fc.array(actionStep(other, faultStart, s.duration - 60), { maxLength: 3 }) : fc.constant([]),
    // Page every team a relieving action needs, early, so the action is not refused for that.
    // Some scenarios have two faults to relieve (a zone's load balancer and its session store).
    relief: relieving.length > 0
      ? fc.option(fc.array(actionStep(relieving, faultStart, faultStart + within - Math.max(...relieving.map((a) => a.takes)) - step), { minLength: 1, maxLength: 2 }), { nil: undefined })
      : fc.constant(undefined),
    close: fc.option(at(faultStart + within, s.duration - 60), { nil: undefined }),
  }).map((p) => {
    const needs = [...new Set(relieving.flatMap((a) => a.requires?.teams ?? []))];
    const steps: ScriptEntry[] = [
      ...p.chatter.filter((x) => x.roll < p.keep).map((x) => x.step),
      ...p.others,
      ...(p.relief ? [...needs.map((team) => ({ at: Math.max(0, faultStart - 600), command: { type: 'page_team', team } as Command })), ...p.relief] : []),
      ...(p.close !== undefined ? [{ at: p.close, command: { type: 'verify' } as Command }, { at: p.close + step, command: { type: 'resolve_incident' } as Command }] : []),
    ];
    return steps.sort((a, b) => a.at - b.at);
  });
}

describe.each(builtInScenarios())('restoring service dominates ($file)', ({ scenario: s }) => {
  const golden = scenarioScript(s, 'golden');
  const goldenRun = run(s, golden);
  const starts = impactFaults(s).map((id) => goldenRun.drill.faults[id]?.startedAt).filter((t): t is number => t !== undefined);
  const faultStart = Math.min(...starts);

  it('every run that restores service in time outscores every run that never does; never-restored runs stay at or under 60', () => {
    const seen = { restored: [] as number[], never: [] as number[] };
    const examples = new Map<number, string>();
    fc.assert(fc.property(scripts(s, golden, faultStart), (script) => {
      const r = run(s, script);
      const kind = classify(s, r.drill);
      if (kind === 'neither') return;
      const total = scoreDrill(s, r.drill).total;
      seen[kind].push(total);
      examples.set(total, `${kind}: ${JSON.stringify(script.map((x) => [x.at, x.command.type, (x.command as { action?: string }).action ?? '']))}`);
      if (kind === 'never') expect(total, examples.get(total)).toBeLessThanOrEqual(60);
    }), { numRuns: RUNS, ...(process.env.PROP_RUNS ? {} : { seed: 20261203 }) });
    // The golden path and the idle script anchor both classes, so each always has members.
    const anchors: [string, number][] = [['golden', scoreDrill(s, goldenRun.drill).total], ['idle', scoreDrill(s, run(s, []).drill).total]];
    seen.restored.push(anchors[0]![1]);
    seen.never.push(anchors[1]![1]);
    expect(classify(s, goldenRun.drill)).toBe('restored');
    const worstRestored = Math.min(...seen.restored);
    const bestNever = Math.max(...seen.never);
    expect(worstRestored, `worst restored ${worstRestored} (${examples.get(worstRestored) ?? 'golden'}) vs best never ${bestNever} (${examples.get(bestNever) ?? 'idle'})`).toBeGreaterThan(bestNever);
  }, RUNS * 4000);
});
