/**
 * The drill engine: a pure core with no I/O and no clock of its own. Everything it produces is
 * a function of (scenario, seed, commands with the sim time each was accepted at).
 *
 * The state is mutated in place rather than copied: a drill holds every sample it generated
 * (the PromQL store), and copying that on each 15-second step would cost more than the
 * simulation itself. Callers treat a Simulation as owned by the engine and only read it.
 */
import { AlertRule, compile, type Compiled } from '../promql/index.js';
import type { Scenario } from '../scenario/schema.js';
import type { Severity } from '../scenario/schema.js';
import type { SimEvent } from '../../contract/events.js';
import { faultEffects, newFaultRuntime, setStrength, settledLevel, strengthAt, type BoundEffect, type FaultRuntime } from './faults.js';
import { newMetrics, scrape, type ActiveEffect, type MetricsState } from './metrics.js';
import { renderStory } from './story.js';

export type AgendaItem =
  | { readonly t: number; readonly seq: number; readonly kind: 'fault_start'; readonly fault: string; readonly cause: string }
  | { readonly t: number; readonly seq: number; readonly kind: 'fault_clears'; readonly fault: string }
  | { readonly t: number; readonly seq: number; readonly kind: 'change'; readonly change: string }
  | { readonly t: number; readonly seq: number; readonly kind: 'inject'; readonly inject: string }
  | { readonly t: number; readonly seq: number; readonly kind: 'team_join'; readonly team: string }
  | { readonly t: number; readonly seq: number; readonly kind: 'action_done'; readonly run: number }
  | { readonly t: number; readonly seq: number; readonly kind: 'mitigation_expires'; readonly fault: string };
type NewAgendaItem = AgendaItem extends infer A ? (A extends AgendaItem ? Omit<A, 'seq'> : never) : never;

export interface ActionRun {
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  readonly startedAt: number;
  readonly doneAt: number;
  readonly by: string;
  done: boolean;
}

export interface AlertStatus {
  readonly alert: string;
  readonly fingerprint: string;
  state: 'pending' | 'firing' | 'resolved';
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  value: number;
  activeAt: number;
  firedAt?: number;
  resolvedAt?: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
}

export interface Simulation {
  readonly scenario: Scenario;
  readonly seed: string;
  t: number;
  nextScrape: number;
  nextEval: number;
  readonly metrics: MetricsState;
  readonly faults: Record<string, FaultRuntime>;
  readonly faultEffects: Readonly<Record<string, readonly BoundEffect[]>>;
  readonly active: ActiveEffect[];
  readonly rules: readonly AlertRule[];
  /** every alert instance ever seen, by fingerprint, in order of first appearance */
  readonly alerts: Map<string, AlertStatus>;
  readonly agenda: AgendaItem[];
  agendaSeq: number;
  readonly incident: { severity?: Severity; title?: string; declaredAt?: number; resolvedAt?: number };
  readonly teams: Record<string, { pagedAt?: number; joinedAt?: number }>;
  readonly runs: ActionRun[];
  readonly changesDone: Set<string>;
  readonly injectsDone: Set<string>;
  /** last evaluation at which any alert was pending or firing */
  lastUnhealthy?: number;
  /** last passing verification */
  verifiedAt?: number;
  /** counter resets (restarts) to apply at the next scrape, by source series */
  readonly resets: Set<number>;
  readonly events: SimEvent[];
}

/**
 * What every drill of a scenario shares and none changes: the compiled alert expressions and
 * each fault's effects bound to series. Worked out once per loaded scenario, not per drill.
 */
const shared = new WeakMap<Scenario, { readonly exprs: readonly Compiled[]; readonly effects: Readonly<Record<string, readonly BoundEffect[]>> }>();

function sharedOf(scenario: Scenario, sources: MetricsState['sources']): { readonly exprs: readonly Compiled[]; readonly effects: Readonly<Record<string, readonly BoundEffect[]>> } {
  let s = shared.get(scenario);
  if (!s) {
    s = {
      exprs: scenario.alerts.map((a) => compile(a.expr)),
      effects: Object.fromEntries(scenario.faults.map((f) => [f.id, faultEffects(scenario, f, sources)])),
    };
    shared.set(scenario, s);
  }
  return s;
}

/** Create a drill at sim time 0, before the first scrape. */
export function createSimulation(scenario: Scenario, seed: string): Simulation {
  const metrics = newMetrics(scenario, seed);
  const { exprs, effects } = sharedOf(scenario, metrics.sources);
  const d: Simulation = {
    scenario, seed, t: 0, nextScrape: 0, nextEval: 0, metrics,
    faults: Object.fromEntries(scenario.faults.map((f) => [f.id, newFaultRuntime()])),
    faultEffects: effects,
    active: [],
    rules: scenario.alerts.map((a, i) => new AlertRule({
      alert: a.alert, expr: exprs[i]!, for: a.for * 1000, keepFiringFor: a.keep_firing_for * 1000, labels: a.labels, annotations: a.annotations,
    })),
    alerts: new Map(), agenda: [], agendaSeq: 0, incident: {},
    teams: Object.fromEntries(Object.keys(scenario.teams).map((k) => [k, {}])),
    runs: [], changesDone: new Set(), injectsDone: new Set(), resets: new Set(), events: [],
  };
  for (const f of scenario.faults) if (f.starts_at !== undefined) schedule(d, { t: f.starts_at, kind: 'fault_start', fault: f.id, cause: 'scheduled' });
  for (const c of scenario.changes) if (c.at >= 0) schedule(d, { t: c.at, kind: 'change', change: c.id });
  for (const i of scenario.injects) if (i.at !== undefined) schedule(d, { t: i.at, kind: 'inject', inject: i.id });
  return d;
}

export function schedule(d: Simulation, item: NewAgendaItem): void {
  const full = { ...item, seq: d.agendaSeq++ } as AgendaItem;
  let i = d.agenda.length;
  while (i > 0 && (d.agenda[i - 1]!.t > full.t)) i--;
  d.agenda.splice(i, 0, full);
}

/** Record an event at the drill's current time and return it. */
export function emit(d: Simulation, e: SimEvent, into: SimEvent[]): void {
  d.events.push(e);
  into.push(e);
}

/**
 * Advance sim time to `to`, processing, in time order, the agenda (faults, changes, injects,
 * team joins, action completions), scrapes and alert evaluations. At equal times the agenda
 * goes first, then the scrape, then the evaluation, as a scrape would see a change that
 * happened at the same instant.
 */
export function advance(d: Simulation, to: number): SimEvent[] {
  const out: SimEvent[] = [];
  const { scrape_interval: si, evaluation_interval: ei } = d.scenario.settings;
  for (;;) {
    const nextAgenda = d.agenda[0]?.t ?? Infinity;
    const next = Math.min(nextAgenda, d.nextScrape, d.nextEval);
    if (next > to) break;
    d.t = next;
    if (nextAgenda === next) { runAgendaItem(d, d.agenda.shift()!, out); continue; }
    if (d.nextScrape === next) {
      scrape(d.metrics, d.scenario, next, d.active, d.resets);
      if (d.resets.size > 0) d.resets.clear();
      d.nextScrape = roundTime(next + si);
      continue;
    }
    evaluateAlerts(d, next, out);
    d.nextEval = roundTime(next + ei);
  }
  d.t = Math.max(d.t, to);
  return out;
}

/** Sim times are kept to the millisecond, so float sums of intervals never drift. */
export function roundTime(t: number): number {
  return Math.round(t * 1000) / 1000;
}

function evaluateAlerts(d: Simulation, t: number, out: SimEvent[]): void {
  let unhealthy = false;
  for (const rule of d.rules) {
    for (const tr of rule.eval(d.metrics.store, Math.round(t * 1000))) {
      const a = tr.alert;
      let st = d.alerts.get(a.fingerprint);
      if (!st || st.state === 'resolved') {
        if (tr.type === 'resolved') continue;
        st = { alert: rule.name, fingerprint: a.fingerprint, state: 'pending', labels: a.labels, annotations: a.annotations, value: a.value, activeAt: t };
        d.alerts.delete(a.fingerprint);
        d.alerts.set(a.fingerprint, st);
      }
      st.labels = a.labels; st.annotations = a.annotations; st.value = a.value;
      if (tr.type === 'pending') st.state = 'pending';
      if (tr.type === 'firing') { st.state = 'firing'; st.firedAt = t; }
      if (tr.type === 'resolved' || tr.type === 'cancelled') {
        if (tr.type === 'cancelled') { d.alerts.delete(a.fingerprint); }
        else { st.state = 'resolved'; st.resolvedAt = t; }
      }
      if (tr.type === 'cancelled') continue;
      const type = tr.type === 'pending' ? 'alert_pending' : tr.type === 'firing' ? 'alert_firing' : 'alert_resolved';
      emit(d, { t, type, alert: rule.name, fingerprint: a.fingerprint, labels: a.labels, annotations: a.annotations, value: a.value }, out);
    }
    if (rule.activeCount > 0) unhealthy = true;
  }
  if (unhealthy) d.lastUnhealthy = t;
}

function runAgendaItem(d: Simulation, item: AgendaItem, out: SimEvent[]): void {
  switch (item.kind) {
    case 'fault_start': startFault(d, item.fault, item.cause, out); break;
    case 'fault_clears': {
      const rt = d.faults[item.fault]!;
      if (rt.status === 'resolved') break;
      rt.status = 'resolved';
      setStrength(rt, d.t, 0, d.scenario.faults.find((f) => f.id === item.fault)!.recovery);
      emit(d, { t: d.t, type: 'fault_changed', fault: item.fault, status: 'resolved', level: 0, cause: 'it cleared by itself' }, out);
      break;
    }
    case 'change': happenChange(d, item.change, out); break;
    case 'inject': sendInject(d, item.inject, out); break;
    case 'team_join': {
      const team = d.scenario.teams[item.team]!;
      d.teams[item.team]!.joinedAt = d.t;
      const names = team.responders.map((r) => `${r.name} (${r.role})`);
      emit(d, { t: d.t, type: 'team_joined', team: item.team, responders: team.responders.map((r) => r.name), text: `${names.join(', ')} joined the incident for ${team.name}.` }, out);
      break;
    }
    case 'action_done': completeAction(d, item.run, out); break;
    case 'mitigation_expires': {
      const rt = d.faults[item.fault]!;
      if (rt.status !== 'mitigated') break;
      rt.mitigations = rt.mitigations.filter((m) => m.until === undefined || m.until > d.t);
      const level = settledLevel(rt, d.t);
      if (rt.mitigations.length === 0) rt.status = 'active';
      setStrength(rt, d.t, level, 60);
      emit(d, { t: d.t, type: 'fault_changed', fault: item.fault, status: rt.status, level, cause: 'a temporary mitigation wore off' }, out);
      break;
    }
  }
}

/** Start a fault now: its effects begin, dependents feel it after the cascade delay. */
export function startFault(d: Simulation, id: string, cause: string, out: SimEvent[]): void {
  const rt = d.faults[id]!;
  if (rt.status !== 'pending') return;
  const f = d.scenario.faults.find((x) => x.id === id)!;
  rt.status = 'active';
  rt.startedAt = d.t;
  setStrength(rt, d.t, rt.worsen, 0);
  const startedAt = d.t;
  // one strength function for all of this start's effects: a scrape asks it once, not once per effect
  const strength = (t: number) => strengthAt(rt, t);
  for (const effect of d.faultEffects[id]!) d.active.push({ effect, startedAt, strength });
  emit(d, { t: d.t, type: 'fault_started', fault: id, title: `${f.title} (${cause})` }, out);
  if (f.lasts !== undefined) schedule(d, { t: roundTime(d.t + f.lasts), kind: 'fault_clears', fault: id });
  fireTriggers(d, { fault: id });
}

function happenChange(d: Simulation, id: string, out: SimEvent[]): void {
  if (d.changesDone.has(id)) return;
  d.changesDone.add(id);
  emit(d, changeEvent(d.scenario.changes.find((x) => x.id === id)!, d.t), out);
  fireTriggers(d, { change: id });
}

/** The `change` event of a scenario change happening at `t` (a history entry's own time, or now). */
export function changeEvent(c: Scenario['changes'][number], t: number): SimEvent {
  return { t, type: 'change', change: c.id, kind: c.type, service: c.service, summary: c.summary, author: c.author, ...(c.version !== undefined ? { version: c.version } : {}) };
}

function sendInject(d: Simulation, id: string, out: SimEvent[]): void {
  if (d.injectsDone.has(id)) return;
  d.injectsDone.add(id);
  const i = d.scenario.injects.find((x) => x.id === id)!;
  emit(d, { t: d.t, type: 'inject', inject: i.id, from: i.from, channel: i.channel, text: renderStory(i.text, d.metrics.store, d.t) }, out);
}

/** Schedule whatever waits on this fault start, change or completed action. */
export function fireTriggers(d: Simulation, what: { fault?: string; change?: string; action?: string }): void {
  const hit = (t?: { fault?: string; change?: string; action?: string }) =>
    t !== undefined && ((what.fault !== undefined && t.fault === what.fault) || (what.change !== undefined && t.change === what.change) || (what.action !== undefined && t.action === what.action));
  const cause = what.fault ? `after fault ${what.fault}` : what.change ? `after change ${what.change}` : `after action ${what.action}`;
  for (const f of d.scenario.faults) {
    if (hit(f.starts_after) && d.faults[f.id]!.status === 'pending') schedule(d, { t: roundTime(d.t + f.starts_after!.delay), kind: 'fault_start', fault: f.id, cause });
  }
  for (const i of d.scenario.injects) {
    if (hit(i.after) && !d.injectsDone.has(i.id)) schedule(d, { t: roundTime(d.t + i.after!.delay), kind: 'inject', inject: i.id });
  }
}

function completeAction(d: Simulation, runIndex: number, out: SimEvent[]): void {
  const run = d.runs[runIndex]!;
  run.done = true;
  const action = d.scenario.actions.find((a) => a.id === run.action)!;
  for (const e of action.effects) {
    if (e.when && Object.entries(e.when).some(([k, v]) => run.params[k] !== v)) continue;
    const f = d.scenario.faults.find((x) => x.id === e.fault)!;
    const rt = d.faults[e.fault]!;
    const because = `${action.label} completed`;
    if (e.effect === 'trigger') { startFault(d, e.fault, because, out); continue; }
    if (e.effect === 'none') continue;
    if (e.effect === 'resolve') {
      if (rt.status === 'resolved') continue;
      if (rt.status === 'pending') { rt.status = 'resolved'; emit(d, { t: d.t, type: 'fault_changed', fault: f.id, status: 'resolved', level: 0, cause: `${because} before the fault began` }, out); continue; }
      rt.status = 'resolved';
      setStrength(rt, d.t, 0, f.recovery);
      emit(d, { t: d.t, type: 'fault_changed', fault: f.id, status: 'resolved', level: 0, cause: because }, out);
    } else if (e.effect === 'mitigate') {
      if (rt.status !== 'active' && rt.status !== 'mitigated') continue;
      // Reliefs stack: the strongest in force wins; a temporary one lapses on its own.
      const until = e.for !== undefined ? roundTime(d.t + e.for) : undefined;
      rt.mitigations.push({ level: e.level ?? f.mitigated_level, ...(until !== undefined ? { until } : {}) });
      rt.status = 'mitigated';
      const level = settledLevel(rt, d.t);
      setStrength(rt, d.t, level, Math.min(60, f.recovery));
      emit(d, { t: d.t, type: 'fault_changed', fault: f.id, status: 'mitigated', level, cause: because }, out);
      if (until !== undefined) schedule(d, { t: until, kind: 'mitigation_expires', fault: f.id });
    } else if (e.effect === 'worsen') {
      if (rt.status === 'resolved' || rt.status === 'pending') continue;
      rt.worsen *= e.factor;
      const level = settledLevel(rt, d.t);
      setStrength(rt, d.t, level, 30);
      emit(d, { t: d.t, type: 'fault_changed', fault: f.id, status: rt.status, level, cause: because }, out);
    }
  }
  if (action.kind === 'restart' && action.service) {
    for (const src of d.metrics.sources) if (src.labels.service === action.service && src.metric.type !== 'gauge' && src.metric.reset_on_restart) d.resets.add(src.index);
  }
  emit(d, { t: d.t, type: 'action_completed', action: action.id, label: action.label, outcome: renderStory(action.outcome, d.metrics.store, d.t) }, out);
  fireTriggers(d, { action: action.id });
}
