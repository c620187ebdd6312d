/**
 * The one replay loop. A drill is a pure function of its steps: for each step in order, run the
 * engine to the step's sim time, then apply the step there (a step applied at `t` sees exactly
 * what is due at `t`). Headless runs play an action script with it (runner.ts: the CLI's
 * simulate, query, logs and export, the scenario tests, the benchmarks), and the server rebuilds
 * a live drill from its stored journal with it (drills/live.ts), so both read a drill the same way.
 */
import type { RuleRefusal } from '../../contract/refusal.js';

export interface Replay<S> {
  /** run the engine to sim time `t` */
  advanceTo(t: number): unknown;
  /** apply one step at its time; a refusal changes nothing */
  apply(step: S): RuleRefusal | undefined;
  /** a step the rules refused: a headless run reports it; a stored journal never has one */
  refused(step: S, index: number, refusal: RuleRefusal): void;
}

/** Play `steps` (in time order) and run on to `until`. */
export function replay<S extends { readonly t: number }>(r: Replay<S>, steps: readonly S[], until: number): void {
  for (const [i, step] of steps.entries()) {
    r.advanceTo(step.t);
    const refused = r.apply(step);
    if (refused) r.refused(step, i, refused);
  }
  r.advanceTo(until);
}
