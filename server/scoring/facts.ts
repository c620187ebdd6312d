/**
 * What happened in a drill, read back from its event log. The scorer works from the log rather
 * than from the Simulation's mutable maps because the log keeps every time (a second firing of an
 * alert, a severity change, the moment a fault turned from mitigated to resolved) while the maps
 * only keep the latest state.
 */
import { mainFaults } from '../../contract/scoring.js';
import type { Scenario, Severity } from '../scenario/schema.js';
import type { Simulation } from '../sim/engine.js';
import type { FaultStatus, SimEvent } from '../../contract/events.js';

/** One firing of one alert instance: from `alert_firing` to its `alert_resolved` (if any). */
export interface AlertEpisode {
  readonly alert: string;
  readonly fingerprint: string;
  readonly firedAt: number;
  resolvedAt?: number;
  ackedAt?: number;
}

export interface ActionRecord {
  readonly t: number;
  readonly action: string;
  readonly label: string;
  readonly doneAt: number;
  readonly by?: string;
  completedAt?: number;
}

/** A change of a fault's status, with the action that caused it when there was one. */
export interface FaultChange {
  readonly t: number;
  readonly fault: string;
  readonly status: FaultStatus;
  /** the strength the fault heads to (0 resolved, 1 full, more when worsened) */
  readonly level: number;
  readonly action?: string;
  /** position in the event log, so "status at the moment of resolution" is exact at equal times */
  readonly index: number;
}

type Ev<T extends SimEvent['type']> = Extract<SimEvent, { type: T }>;

export interface Facts {
  readonly scenario: Scenario;
  readonly seed: string;
  /** sim time the drill had reached when scored */
  readonly now: number;
  readonly events: readonly SimEvent[];
  readonly episodes: readonly AlertEpisode[];
  readonly acks: readonly Ev<'alert_acknowledged'>[];
  readonly declared?: Ev<'incident_declared'>;
  readonly severityChanges: readonly Ev<'severity_changed'>[];
  readonly pages: readonly Ev<'team_paged'>[];
  readonly roles: readonly Ev<'role_assigned'>[];
  readonly actions: readonly ActionRecord[];
  readonly statuses: readonly Ev<'status_posted'>[];
  readonly pins: readonly Ev<'evidence_pinned'>[];
  readonly hypotheses: readonly Ev<'hypothesis_stated'>[];
  readonly answers: readonly Ev<'answer'>[];
  readonly resolved?: Ev<'incident_resolved'> & { readonly index: number };
  readonly docs: readonly Ev<'doc_flagged'>[];
  readonly faultStarts: Readonly<Record<string, number>>;
  readonly faultChanges: readonly FaultChange[];
  /** the faults the key's fix actions resolve: the incident's real cause */
  readonly mainFaults: readonly string[];
}

/** Read a drill's log into facts. Pure: the drill is only read. */
export function collectFacts(drill: Simulation, s: Scenario = drill.scenario): Facts {
  const episodes: AlertEpisode[] = [];
  const open = new Map<string, AlertEpisode>();
  const acc = {
    acks: [] as Ev<'alert_acknowledged'>[], severityChanges: [] as Ev<'severity_changed'>[], pages: [] as Ev<'team_paged'>[],
    roles: [] as Ev<'role_assigned'>[], actions: [] as ActionRecord[], statuses: [] as Ev<'status_posted'>[], pins: [] as Ev<'evidence_pinned'>[],
    hypotheses: [] as Ev<'hypothesis_stated'>[], answers: [] as Ev<'answer'>[], docs: [] as Ev<'doc_flagged'>[],
    faultStarts: {} as Record<string, number>, faultChanges: [] as FaultChange[],
  };
  let declared: Ev<'incident_declared'> | undefined;
  let resolved: (Ev<'incident_resolved'> & { index: number }) | undefined;
  drill.events.forEach((e, index) => {
    switch (e.type) {
      case 'alert_firing': { const ep: AlertEpisode = { alert: e.alert, fingerprint: e.fingerprint, firedAt: e.t }; episodes.push(ep); open.set(e.fingerprint, ep); break; }
      case 'alert_resolved': { const ep = open.get(e.fingerprint); if (ep) { ep.resolvedAt = e.t; open.delete(e.fingerprint); } break; }
      case 'alert_acknowledged': {
        acc.acks.push(e);
        for (const fp of e.fingerprints) { const ep = open.get(fp); if (ep && ep.ackedAt === undefined) ep.ackedAt = e.t; }
        break;
      }
      case 'incident_declared': declared ??= e; break;
      case 'severity_changed': acc.severityChanges.push(e); break;
      case 'team_paged': acc.pages.push(e); break;
      case 'role_assigned': acc.roles.push(e); break;
      case 'action_started': acc.actions.push({ t: e.t, action: e.action, label: e.label, doneAt: e.doneAt, ...(e.by !== undefined ? { by: e.by } : {}) }); break;
      case 'action_completed': { const run = acc.actions.find((a) => a.action === e.action && a.completedAt === undefined); if (run) run.completedAt = e.t; break; }
      case 'status_posted': acc.statuses.push(e); break;
      case 'evidence_pinned': acc.pins.push(e); break;
      case 'hypothesis_stated': acc.hypotheses.push(e); break;
      case 'answer': acc.answers.push(e); break;
      case 'doc_flagged': acc.docs.push(e); break;
      case 'incident_resolved': resolved ??= { ...e, index }; break;
      case 'fault_started': acc.faultStarts[e.fault] ??= e.t; break;
      // A fault "resolved" before it ever began was prevented, not mitigated or fixed: the
      // impact the team faces comes from faults that did start.
      case 'fault_changed': if (acc.faultStarts[e.fault] !== undefined) acc.faultChanges.push({ t: e.t, fault: e.fault, status: e.status, level: e.level, index, ...causeAction(s, e.cause) }); break;
      default: break;
    }
  });
  return {
    scenario: s, seed: drill.seed, now: drill.t, events: drill.events, episodes, ...acc,
    ...(declared ? { declared } : {}), ...(resolved ? { resolved } : {}), mainFaults: mainFaults(s),
  };
}

/** The engine words a fault change caused by an action as "<label> completed"; map it back to the id. */
function causeAction(s: Scenario, cause: string): { action?: string } {
  const a = s.actions.find((x) => cause === `${x.label} completed` || cause.startsWith(`${x.label} completed `));
  return a ? { action: a.id } : {};
}


/** Alerts the key expects the team to handle; every rule when the key names none. */
export function expectedAlerts(s: Scenario): ReadonlySet<string> {
  return new Set(s.expected.alerts.length > 0 ? s.expected.alerts : s.alerts.map((a) => a.alert));
}

/** The first firing of any alert: the moment the team could have known. */
export function firstFiring(f: Facts): AlertEpisode | undefined {
  return f.episodes[0];
}

/** When the main fault(s) began: the earliest start among them, if any started. */
export function mainFaultStart(f: Facts): number | undefined {
  const starts = f.mainFaults.map((id) => f.faultStarts[id]).filter((t): t is number => t !== undefined);
  return starts.length > 0 ? Math.min(...starts) : undefined;
}

/** A fault's status just before event `index` (or at the end of the log). */
export function faultStatusBefore(f: Facts, fault: string, index = Infinity): 'pending' | FaultStatus {
  let st: 'pending' | FaultStatus = 'pending';
  const startIdx = f.events.findIndex((e) => e.type === 'fault_started' && e.fault === fault);
  if (startIdx >= 0 && startIdx < index) st = 'active';
  for (const c of f.faultChanges) if (c.fault === fault && c.index < index) st = c.status;
  return st;
}

/** The severity in effect now (after any changes), if declared. */
export function currentSeverity(f: Facts): Severity | undefined {
  const last = f.severityChanges.at(-1);
  return last ? last.to : f.declared?.severity;
}

/** The most severe level the incident ever had: it sets the status-update cadence. */
export function highestSeverity(f: Facts): Severity | undefined {
  const all = [f.declared?.severity, ...f.severityChanges.map((c) => c.to)].filter((x): x is Severity => x !== undefined);
  return all.length > 0 ? [...all].sort()[0] : undefined;
}
