/**
 * A better response never scores less. Two scripts are built from each scenario's golden path:
 * A with the acknowledgement and the mitigation at some times (and perhaps a harmful action),
 * B the same with the acknowledgement and mitigation no later, and the harmful action removed
 * if A had one. B must score at least as much as A.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../server/scenario/schema.js';
import { collectFacts, expectedAlerts } from '../../server/scoring/facts.js';
import { scoreDrill } from '../../server/scoring/score.js';
import { parseScript, scenarioScript, type ScriptEntry } from '../../server/sim/runner.js';
import { builtInScenarios, run } from './fixtures.js';

/** 40 seeded runs by default; set PROP_RUNS=500 for a longer, randomly seeded search. */
const RUNS = Number(process.env.PROP_RUNS ?? 40);

interface Variant { readonly ack: number; readonly mitigate: number; readonly harmful?: { readonly at: number; readonly action: string } }

/** The golden script with its first ack and first key action moved, and optionally a harmful action added. */
function variant(s: Scenario, golden: readonly ScriptEntry[], v: Variant): ScriptEntry[] {
  const keyActions = new Set([...(s.expected.mitigate?.any_of ?? []), ...s.expected.fix.any_of]);
  const ackIdx = golden.findIndex((st) => st.command.type === 'ack_alert');
  const mitIdx = golden.findIndex((st) => st.command.type === 'run_action' && keyActions.has(st.command.action));
  const out = golden.map((st, i) => (i === ackIdx ? { ...st, at: v.ack } : i === mitIdx ? { ...st, at: v.mitigate } : st));
  if (v.harmful) out.push(...parseScript([{ at: v.harmful.at, command: { type: 'run_action', action: v.harmful.action } }]));
  return out;
}

/** Refusals of a run, as a comparable set: B may not be refused anything A was not. */
const refusals = (r: ReturnType<typeof run>) => new Set(r.refused.map((x) => `${x.command.type}:${JSON.stringify(x.command)}`));

describe.each(builtInScenarios())('a better response never scores less ($file)', ({ scenario: s }) => {
  const golden = scenarioScript(s, 'golden');
  const goldenRun = run(s, golden);
  const exp = expectedAlerts(s);
  const firstExpected = collectFacts(goldenRun.drill).episodes.find((e) => exp.has(e.alert))?.firedAt ?? 0;
  const goldenAck = golden.find((st) => st.command.type === 'ack_alert')?.at ?? firstExpected;
  const keyActions = new Set([...(s.expected.mitigate?.any_of ?? []), ...s.expected.fix.any_of]);
  const goldenMit = golden.find((st) => st.command.type === 'run_action' && keyActions.has(st.command.action))?.at ?? firstExpected;
  const step = s.settings.scrape_interval;
  const time = (lo: number, hi: number) => fc.integer({ min: Math.ceil(lo / step), max: Math.floor(hi / step) }).map((n) => n * step);

  it('holds for sooner acknowledgement, sooner mitigation and removed harmful actions', () => {
    const arb = fc.record({
      ackA: time(firstExpected, goldenAck + 600), ackFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      mitA: time(firstExpected, goldenMit + 900), mitFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      harmful: s.expected.harmful.length > 0
        ? fc.option(fc.record({ at: time(firstExpected, s.duration - 60), action: fc.constantFrom(...s.expected.harmful) }), { nil: undefined })
        : fc.constant(undefined),
      removeHarmful: fc.boolean(),
    });
    fc.assert(fc.property(arb, (p) => {
      const snap = (lo: number, hi: number, frac: number) => lo + Math.round(((hi - lo) * frac) / step) * step;
      const a: Variant = { ack: p.ackA, mitigate: p.mitA, ...(p.harmful ? { harmful: p.harmful } : {}) };
      const b: Variant = {
        ack: snap(firstExpected, p.ackA, p.ackFrac), mitigate: snap(firstExpected, p.mitA, p.mitFrac),
        ...(p.harmful && !p.removeHarmful ? { harmful: p.harmful } : {}),
      };
      const ra = run(s, variant(s, golden, a));
      const rb = run(s, variant(s, golden, b));
      const refusedA = refusals(ra);
      // Only compare responses where B really did everything A did: a refused command is not "sooner".
      fc.pre([...refusals(rb)].every((x) => refusedA.has(x)));
      const sa = scoreDrill(s, ra.drill).total;
      const sb = scoreDrill(s, rb.drill).total;
      expect(sb, `A=${JSON.stringify(a)} scored ${sa}, B=${JSON.stringify(b)} scored ${sb}`).toBeGreaterThanOrEqual(sa);
    }), { numRuns: RUNS, ...(process.env.PROP_RUNS ? {} : { seed: 20250601 }) });
  }, RUNS * 3000);
});
