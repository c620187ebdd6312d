/**
 * Facts the answer key implies, shared by the loader's checks, the scorer and the web's live
 * answer key. Type-only imports: the web bundle takes this file without zod.
 */
import type { Scenario } from './schema.js';

/**
 * The faults the expected fix actions resolve: the incident's real cause. Mitigation and fix
 * times are measured from their start, so a red-herring fault that starts earlier cannot move
 * the reference. Without any, the scenario's first fault.
 * @example mainFaults(checkout) // ['pool-exhaustion']
 */
export function mainFaults(s: Scenario): string[] {
  const fixes = new Set(s.expected.fix.any_of);
  const out = new Set(s.actions.filter((a) => fixes.has(a.id)).flatMap((a) => a.effects.filter((e) => e.effect === 'resolve').map((e) => e.fault)));
  if (out.size === 0 && s.faults[0]) out.add(s.faults[0].id);
  return s.faults.map((f) => f.id).filter((id) => out.has(id));
}
