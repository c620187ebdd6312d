/**
 * Headless runs: play an action script against a scenario and report what happened. The CLI's
 * `simulate`, the scenario tests and the benchmarks all use this.
 */
import { parseDuration } from '../../contract/duration.js';
import type { Scenario } from '../scenario/schema.js';
import { apply } from './apply.js';
import { parseCommand } from '../scenario/commands.js';
import { type Command } from '../../contract/commands.js';
import { type StampedCommand } from '../../contract/commands.js';
import { advance, createSimulation, type Simulation } from './engine.js';
import { replay } from './replay.js';
import type { SimEvent } from '../../contract/events.js';
import type { RuleCode } from '../../contract/refusal.js';

export interface ScriptEntry { readonly at: number; readonly command: Command; readonly by?: string }

export interface Refused { readonly at: number; readonly command: Command; readonly code: RuleCode; readonly message: string }

export interface RunResult {
  readonly drill: Simulation;
  /** the commands as the engine accepted them, with their sim times: the drill's command log */
  readonly log: readonly StampedCommand[];
  readonly refused: readonly Refused[];
}

/**
 * Parse an action script (a YAML list of `{ at: 5m, command: {...} }`, already read into
 * plain data). Throws with the step number and what is wrong.
 */
export function parseScript(raw: unknown, name = 'script'): ScriptEntry[] {
  if (!Array.isArray(raw)) throw new Error(`${name}: an action script is a list of { at, command } steps`);
  return raw.map((step: unknown, i) => {
    const st = step as { at?: unknown; command?: unknown; by?: unknown };
    const at = typeof st?.at === 'string' || typeof st?.at === 'number' ? parseDuration(st.at) : undefined;
    if (at === undefined || at < 0) throw new Error(`${name}: step ${i + 1}: "at" must be a sim time like 90s or 5m`);
    const parsed = parseCommand(st.command);
    if (!parsed.ok) throw new Error(`${name}: step ${i + 1}: invalid command: ${parsed.message}`);
    return { at, command: parsed.command, ...(typeof st.by === 'string' ? { by: st.by } : {}) };
  });
}

/** A scenario's named script (golden, idle, ...), parsed. */
export function scenarioScript(s: Scenario, name: string): ScriptEntry[] {
  const steps = s.scripts[name];
  if (!steps) throw new Error(`scenario "${s.id}" has no script "${name}"; it has ${Object.keys(s.scripts).join(', ')}`);
  return parseScript(steps, `scripts.${name}`);
}

/** Play `script` from sim time 0 until `until` seconds. Refused commands are reported, not fatal. */
export function runScript(s: Scenario, seed: string, script: readonly ScriptEntry[], until: number): RunResult {
  const drill = createSimulation(s, seed);
  const log: StampedCommand[] = [];
  const refused: Refused[] = [];
  const steps = [...script].sort((a, b) => a.at - b.at).filter((step) => step.at <= until)
    .map((step) => ({ t: step.at, command: step.command, by: step.by ?? 'script' }));
  replay({
    advanceTo: (t) => advance(drill, t),
    apply: (step) => {
      const r = apply(drill, step.command, step.by);
      if (!r.ok) return r;
      log.push({ t: drill.t, by: step.by, command: step.command });
      return undefined;
    },
    refused: (step, _i, r) => { refused.push({ at: step.t, command: step.command, code: r.code, message: r.message }); },
  }, steps, until);
  return { drill, log, refused };
}

export interface AlertSummary { readonly name: string; readonly labels: Readonly<Record<string, string>>; readonly firedAt: number; readonly resolvedAt: number | null }

/** Every alert that fired, in firing order, with when it resolved (null while still firing). */
export function firedAlerts(drill: Simulation): AlertSummary[] {
  const out: AlertSummary[] = [];
  const open = new Map<string, { name: string; labels: Readonly<Record<string, string>>; firedAt: number }>();
  const done: (AlertSummary & { order: number })[] = [];
  let order = 0;
  const order0 = new Map<string, number>();
  for (const e of drill.events) {
    if (e.type === 'alert_firing') { open.set(e.fingerprint, { name: e.alert, labels: e.labels, firedAt: e.t }); order0.set(e.fingerprint, order++); }
    if (e.type === 'alert_resolved') {
      const o = open.get(e.fingerprint);
      if (o) { done.push({ ...o, resolvedAt: e.t, order: order0.get(e.fingerprint)! }); open.delete(e.fingerprint); }
    }
  }
  for (const [fp, o] of open) done.push({ ...o, resolvedAt: null, order: order0.get(fp)! });
  done.sort((a, b) => a.order - b.order);
  for (const { order: _o, ...rest } of done) out.push(rest);
  return out;
}

export interface SimulateReport {
  readonly scenario: string;
  readonly seed: string;
  readonly until: number;
  readonly alerts: readonly AlertSummary[];
  readonly events: readonly SimEvent[];
  readonly refused: readonly Refused[];
  readonly faults: Readonly<Record<string, { status: string; startedAt: number | null }>>;
}

export function simulateReport(s: Scenario, r: RunResult, until: number): SimulateReport {
  return {
    scenario: s.id,
    seed: r.drill.seed,
    until,
    alerts: firedAlerts(r.drill),
    events: r.drill.events,
    refused: r.refused,
    faults: Object.fromEntries(Object.entries(r.drill.faults).map(([id, f]) => [id, { status: f.status, startedAt: f.startedAt ?? null }])),
  };
}
