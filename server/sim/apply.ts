/**
 * Commands against a drill at its current sim time: `(drill, command) -> events` or a typed
 * refusal. A refused command changes nothing.
 */
import type { Command } from '../../contract/commands.js';
import { bindEffect } from './faults.js';
import { advance, emit, roundTime, schedule, startFault, type Simulation } from './engine.js';
import type { SimEvent } from '../../contract/events.js';
import type { RuleCode, RuleRefusal } from '../../contract/refusal.js';
import { answerQuestion, askedBefore } from './responders.js';
import { renderStory } from './story.js';
import { didYouMean } from '../scenario/suggest.js';

/** Apply one command at `d.t` on behalf of `by`. Anything scheduled for right now runs too. */
export type ApplyResult = { readonly ok: true; readonly events: readonly SimEvent[] } | RuleRefusal;

/** The rules say no: the drill is not in a state for this command. */
export function refuse(code: RuleCode, message: string): RuleRefusal {
  return { ok: false, status: 409, code, message };
}

/** An action's own effects are at full strength for as long as they last. */
const FULL_STRENGTH = (): number => 1;

export function apply(d: Simulation, command: Command, by: string): ApplyResult {
  const out: SimEvent[] = [];
  const t = d.t;
  const s = d.scenario;
  // Each event is written with `by` last in its literal (where a spread of the event added it,
  // every event got a hidden class of its own: about 265 bytes more per event a drill keeps).
  const ev = (e: SimEvent & { readonly by: string }) => emit(d, e, out);
  switch (command.type) {
    case 'ack_alert': {
      const matching = [...d.alerts.values()].filter((a) => a.alert === command.alert || a.fingerprint === command.alert);
      if (!s.alerts.some((a) => a.alert === command.alert) && matching.length === 0) {
        return refuse('unknown_alert', `there is no alert "${command.alert}"${didYouMean(command.alert, s.alerts.map((a) => a.alert))}`);
      }
      const firing = matching.filter((a) => a.state === 'firing');
      if (firing.length === 0) return refuse('alert_not_firing', `${command.alert} is not firing, so there is nothing to acknowledge`);
      const open = firing.filter((a) => a.acknowledgedAt === undefined);
      if (open.length === 0) return refuse('already_acknowledged', `${command.alert} was already acknowledged by ${firing[0]!.acknowledgedBy}`);
      for (const a of open) { a.acknowledgedAt = t; a.acknowledgedBy = by; }
      ev({ t, type: 'alert_acknowledged', alert: open[0]!.alert, fingerprints: open.map((a) => a.fingerprint), by });
      break;
    }
    case 'declare_incident': {
      if (d.incident.declaredAt !== undefined) return refuse('incident_already_declared', `an incident is already declared at ${d.incident.severity}; change its severity instead`);
      const title = command.title ?? s.title;
      Object.assign(d.incident, { severity: command.severity, title, declaredAt: t });
      ev({ t, type: 'incident_declared', severity: command.severity, title, by });
      break;
    }
    case 'set_severity': {
      const r = openIncident(d);
      if (r) return r;
      if (d.incident.severity === command.severity) return refuse('same_severity', `the incident is already ${command.severity}`);
      const from = d.incident.severity!;
      d.incident.severity = command.severity;
      ev({ t, type: 'severity_changed', from, to: command.severity, by });
      break;
    }
    case 'page_team': {
      const team = own(s.teams, command.team);
      if (!team) return unknownTeam(d, command.team);
      const st = d.teams[command.team]!;
      if (st.pagedAt !== undefined) return refuse('already_paged', `${team.name} was already paged`);
      st.pagedAt = t;
      const joinsAt = roundTime(t + team.join_delay);
      schedule(d, { t: joinsAt, kind: 'team_join', team: command.team });
      ev({ t, type: 'team_paged', team: command.team, joinsAt, by });
      break;
    }
    case 'ask': {
      const team = own(s.teams, command.team);
      if (!team) return unknownTeam(d, command.team);
      const st = d.teams[command.team]!;
      if (st.pagedAt === undefined) return refuse('team_not_paged', `${team.name} has not been paged; page them first`);
      if (st.joinedAt === undefined) return refuse('team_not_joined', `${team.name} was paged but has not joined yet`);
      ev({ t, type: 'question_asked', team: command.team, question: command.question, by });
      const a = answerQuestion(command.team, team, command.question, askedBefore(d.events, command.team));
      emit(d, { t, type: 'answer', team: command.team, responder: a.responder, text: (a.aside ?? '') + renderStory(a.text, d.metrics.store, t), answer: a.answer }, out);
      break;
    }
    case 'run_action': {
      const r = startAction(d, command.action, command.params, by, ev);
      if (r) return r;
      break;
    }
    case 'post_status': ev({ t, type: 'status_posted', audience: command.audience, text: command.text, by }); break;
    case 'add_note': ev({ t, type: 'note_added', text: command.text, by }); break;
    case 'pin_evidence': {
      const { kind, ref, note } = command;
      ev(note ? { t, type: 'evidence_pinned', kind, ref, note, by } : { t, type: 'evidence_pinned', kind, ref, by });
      break;
    }
    case 'state_hypothesis': ev({ t, type: 'hypothesis_stated', text: command.text, by }); break;
    case 'flag_doc': {
      if (!s.runbooks.some((r) => r.id === command.runbook)) return refuse('unknown_runbook', `there is no runbook "${command.runbook}"${didYouMean(command.runbook, s.runbooks.map((r) => r.id))}`);
      ev({ t, type: 'doc_flagged', runbook: command.runbook, text: command.text, by });
      break;
    }
    case 'assign_role': ev({ t, type: 'role_assigned', role: command.role, name: command.name, by }); break;
    case 'verify': {
      const v = verification(d);
      if (v.passed) d.verifiedAt = t;
      ev({ t, type: 'verification', passed: v.passed, reason: v.reason, by });
      break;
    }
    case 'resolve_incident': {
      const r = openIncident(d);
      if (r) return r;
      d.incident.resolvedAt = t;
      const verified = d.verifiedAt !== undefined && (d.lastUnhealthy === undefined || d.verifiedAt > d.lastUnhealthy);
      ev(command.summary ? { t, type: 'incident_resolved', verified, summary: command.summary, by } : { t, type: 'incident_resolved', verified, by });
      break;
    }
    case 'inject_fault': {
      const rt = own(d.faults, command.fault);
      if (!rt) return refuse('unknown_fault', `there is no fault "${command.fault}"${didYouMean(command.fault, Object.keys(d.faults))}`);
      if (rt.status !== 'pending') return refuse('fault_already_active', `fault "${command.fault}" has already started`);
      startFault(d, command.fault, `injected by ${by}`, out);
      break;
    }
    case 'inject_change': {
      if (!s.changes.some((c) => c.id === command.change)) return refuse('unknown_change', `there is no change "${command.change}"`);
      schedule(d, { t, kind: 'change', change: command.change });
      break;
    }
    case 'inject_message': {
      if (command.inject !== undefined) {
        if (!s.injects.some((i) => i.id === command.inject)) return refuse('unknown_inject', `there is no inject "${command.inject}"`);
        schedule(d, { t, kind: 'inject', inject: command.inject });
      } else {
        if (!command.text) return refuse('invalid_params', 'a message needs text (or the id of a scenario inject)');
        ev({ t, type: 'inject', from: command.from ?? 'Facilitator', channel: 'chat', text: command.text, by });
      }
      break;
    }
    default: {
      // A command added to the contract (contract/commands.ts) fails the type check here until the engine applies it.
      const unhandled: never = command;
      throw new Error(`no rule for command ${JSON.stringify(unhandled)}`);
    }
  }
  out.push(...advance(d, t));
  return { ok: true, events: out };
}

/**
 * A record's own entry, never an inherited one: ids come from users, and "__proto__" or
 * "constructor" must read as unknown, not as Object.prototype.
 */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function unknownTeam(d: Simulation, team: string): ApplyResult {
  return refuse('unknown_team', `there is no team "${team}"${didYouMean(team, Object.keys(d.scenario.teams))}`);
}

function openIncident(d: Simulation): ApplyResult | undefined {
  if (d.incident.declaredAt === undefined) return refuse('incident_not_declared', 'declare an incident first');
  if (d.incident.resolvedAt !== undefined) return refuse('incident_resolved', 'the incident is already resolved');
  return undefined;
}

/** Recovery is verified when no alert has been pending or firing for the verification window. */
export function verification(d: Simulation): { passed: boolean; reason: string } {
  const w = d.scenario.settings.verification_window;
  const active = [...d.alerts.values()].filter((a) => a.state !== 'resolved');
  if (active.length > 0) return { passed: false, reason: `${active.map((a) => a.alert).join(', ')} still ${active[0]!.state}` };
  if (d.lastUnhealthy !== undefined && d.t - d.lastUnhealthy < w) {
    return { passed: false, reason: `signals have been healthy for ${Math.round(d.t - d.lastUnhealthy)}s; the verification window is ${w}s` };
  }
  return { passed: true, reason: `no alert pending or firing for at least ${w}s` };
}

function startAction(d: Simulation, id: string, given: Readonly<Record<string, string | number>>, by: string, ev: (e: SimEvent & { readonly by: string }) => void): ApplyResult | undefined {
  const s = d.scenario;
  const action = s.actions.find((a) => a.id === id);
  if (!action) return refuse('unknown_action', `there is no action "${id}"${didYouMean(id, s.actions.map((a) => a.id))}`);
  if (d.runs.some((r) => r.action === id && !r.done)) return refuse('action_in_progress', `${action.label} is already in progress`);
  for (const team of action.requires?.teams ?? []) {
    if (d.teams[team]?.joinedAt === undefined) {
      const how = d.teams[team]?.pagedAt === undefined ? 'page them first' : 'they were paged and have not joined yet';
      return refuse('precondition_failed', `${action.label} needs ${s.teams[team]!.name} on the incident; ${how}`);
    }
  }
  for (const a of action.requires?.actions ?? []) {
    if (!d.runs.some((r) => r.action === a && r.done)) return refuse('precondition_failed', `${action.label} needs "${s.actions.find((x) => x.id === a)!.label}" done first`);
  }
  const params: Record<string, string> = {};
  for (const p of action.params) {
    const v = given[p.name] ?? p.default;
    if (v === undefined) return refuse('invalid_params', `${action.label} needs a value for "${p.name}"`);
    const sv = String(v);
    if (p.type === 'choice' && !p.choices!.includes(sv)) return refuse('invalid_params', `"${sv}" is not a choice for ${p.name}: ${p.choices!.join(', ')}`);
    if (p.type === 'number') {
      const n = Number(sv);
      if (!Number.isFinite(n) || (p.min !== undefined && n < p.min) || (p.max !== undefined && n > p.max)) {
        return refuse('invalid_params', `${p.name} must be a number${p.min !== undefined ? ` from ${p.min}` : ''}${p.max !== undefined ? ` to ${p.max}` : ''}`);
      }
    }
    params[p.name] = sv;
  }
  const unknown = Object.keys(given).filter((k) => !action.params.some((p) => p.name === k));
  if (unknown.length) return refuse('invalid_params', `${action.label} has no parameter "${unknown[0]}"`);
  const startedAt = d.t;
  const doneAt = roundTime(startedAt + action.takes);
  d.runs.push({ action: id, params, startedAt, doneAt, by, done: false });
  for (const e of action.metrics) {
    for (const effect of bindEffect(e, d.metrics.sources, { hop: 0, scale: 1, delay: 0 })) d.active.push({ effect, startedAt, strength: FULL_STRENGTH });
  }
  ev({ t: startedAt, type: 'action_started', action: id, label: action.label, params, doneAt, by });
  schedule(d, { t: doneAt, kind: 'action_done', run: d.runs.length - 1 });
  return undefined;
}

