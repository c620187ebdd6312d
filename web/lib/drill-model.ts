/**
 * The drill as the browser shows it, folded from the event stream. Pure: the same events give
 * the same model, so the facilitator console, every trainee's room and the tests agree.
 * Types come from the server (type-only imports), never copied.
 */
import type { ClockView, DrillEvent, Role } from '../../server/drills/protocol.js';
import type { Severity } from '../../server/scenario/schema.js';

export interface AlertRow {
  readonly fingerprint: string;
  readonly alert: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly value: number;
  readonly state: 'pending' | 'firing' | 'resolved';
  readonly activeAt: number;
  readonly firedAt?: number;
  readonly resolvedAt?: number;
  readonly ackedAt?: number;
  readonly ackedBy?: string;
}

export interface ActionRow {
  readonly action: string;
  readonly label: string;
  readonly params: Readonly<Record<string, string>>;
  readonly startedAt: number;
  readonly doneAt: number;
  readonly by?: string;
  readonly completedAt?: number;
  readonly outcome?: string;
}

/** One line of the incident channel: questions, answers, joins, stakeholder messages. */
export interface ChannelEntry {
  readonly t: number;
  readonly kind: 'question' | 'answer' | 'joined' | 'paged' | 'inject' | 'status';
  readonly from: string;
  readonly text: string;
  readonly team?: string;
  readonly answer?: string;
  readonly audience?: 'internal' | 'external';
}

export interface DrillModel {
  readonly clock?: ClockView;
  readonly lastT: number;
  readonly alerts: readonly AlertRow[];
  readonly incident: { severity?: Severity; title?: string; declaredAt?: number; resolvedAt?: number; verified?: boolean };
  readonly teams: Readonly<Record<string, { pagedAt?: number; joinedAt?: number }>>;
  readonly actions: readonly ActionRow[];
  readonly channel: readonly ChannelEntry[];
  readonly statusUpdates: readonly { t: number; audience: 'internal' | 'external'; text: string; by?: string }[];
  readonly roles: Readonly<Record<string, string>>;
  readonly participants: readonly { name: string; role: Role; t: number }[];
  readonly changes: readonly Extract<DrillEvent, { type: 'change' }>[];
  readonly verifications: readonly { t: number; passed: boolean; reason: string }[];
  /** the facilitator published the drill's report (a `report_published` event arrived) */
  readonly published: boolean;
  /** who last submitted the postmortem, and when (a `postmortem_submitted` event) */
  readonly submitted?: { readonly by: string; readonly t: number };
  /** every event, in stream order */
  readonly events: readonly DrillEvent[];
}

export const EMPTY_MODEL: DrillModel = {
  lastT: 0, alerts: [], incident: {}, teams: {}, actions: [], channel: [], statusUpdates: [], roles: {}, participants: [], changes: [], verifications: [], published: false, events: [],
};

function upsertAlert(alerts: readonly AlertRow[], fp: string, f: (a: AlertRow | undefined) => AlertRow): AlertRow[] {
  const i = alerts.findIndex((a) => a.fingerprint === fp && a.state !== 'resolved');
  if (i < 0) return [...alerts, f(undefined)];
  const next = alerts.slice();
  next[i] = f(alerts[i]);
  return next;
}

/** Fold one event into the model, returning a new model (never mutating: Lit re-renders on identity). */
export function applyEvent(m: DrillModel, e: DrillEvent): DrillModel {
  const base = { ...m, lastT: Math.max(m.lastT, e.t), events: [...m.events, e] };
  switch (e.type) {
    case 'alert_pending': case 'alert_firing': case 'alert_resolved': {
      const state = e.type === 'alert_pending' ? 'pending' : e.type === 'alert_firing' ? 'firing' : 'resolved';
      return {
        ...base,
        alerts: upsertAlert(m.alerts, e.fingerprint, (a) => ({
          ...(a ?? { fingerprint: e.fingerprint, alert: e.alert, activeAt: e.t }),
          labels: e.labels, annotations: e.annotations, value: e.value, state,
          ...(state === 'firing' ? { firedAt: e.t } : {}),
          ...(state === 'resolved' ? { resolvedAt: e.t } : {}),
        })),
      };
    }
    case 'alert_acknowledged':
      return {
        ...base,
        alerts: m.alerts.map((a) => (e.fingerprints.includes(a.fingerprint) && a.state === 'firing' ? { ...a, ackedAt: e.t, ...(e.by ? { ackedBy: e.by } : {}) } : a)),
      };
    case 'incident_declared': return { ...base, incident: { ...m.incident, severity: e.severity, title: e.title, declaredAt: e.t } };
    case 'severity_changed': return { ...base, incident: { ...m.incident, severity: e.to } };
    case 'incident_resolved': return { ...base, incident: { ...m.incident, resolvedAt: e.t, verified: e.verified } };
    case 'team_paged':
      return {
        ...base, teams: { ...m.teams, [e.team]: { ...m.teams[e.team], pagedAt: e.t } },
        channel: [...m.channel, { t: e.t, kind: 'paged', from: e.by ?? 'someone', team: e.team, text: `paged ${e.team}` }],
      };
    case 'team_joined':
      return {
        ...base, teams: { ...m.teams, [e.team]: { ...m.teams[e.team], joinedAt: e.t } },
        channel: [...m.channel, { t: e.t, kind: 'joined', from: e.responders.join(', '), team: e.team, text: e.text }],
      };
    case 'question_asked': return { ...base, channel: [...m.channel, { t: e.t, kind: 'question', from: e.by ?? 'someone', team: e.team, text: e.question }] };
    case 'answer': return { ...base, channel: [...m.channel, { t: e.t, kind: 'answer', from: e.responder, team: e.team, text: e.text, answer: e.answer }] };
    case 'inject': return { ...base, channel: [...m.channel, { t: e.t, kind: 'inject', from: `${e.from} (${e.channel})`, text: e.text }] };
    case 'status_posted':
      return {
        ...base,
        statusUpdates: [...m.statusUpdates, { t: e.t, audience: e.audience, text: e.text, ...(e.by ? { by: e.by } : {}) }],
        channel: [...m.channel, { t: e.t, kind: 'status', from: e.by ?? 'someone', text: e.text, audience: e.audience }],
      };
    case 'action_started':
      return { ...base, actions: [...m.actions, { action: e.action, label: e.label, params: e.params, startedAt: e.t, doneAt: e.doneAt, ...(e.by ? { by: e.by } : {}) }] };
    case 'action_completed': {
      const i = m.actions.findLastIndex((a) => a.action === e.action && a.completedAt === undefined);
      if (i < 0) return base;
      const actions = m.actions.slice();
      actions[i] = { ...actions[i]!, completedAt: e.t, outcome: e.outcome };
      return { ...base, actions };
    }
    case 'role_assigned': return { ...base, roles: { ...m.roles, [e.role]: e.name } };
    case 'participant_joined': return { ...base, participants: [...m.participants, { name: e.name, role: e.role, t: e.t }] };
    case 'change': return { ...base, changes: [...m.changes, e] };
    case 'verification': return { ...base, verifications: [...m.verifications, { t: e.t, passed: e.passed, reason: e.reason }] };
    // Withdrawing a report sends no event: the report page learns that from the report route.
    case 'report_published': return { ...base, published: true };
    case 'postmortem_submitted': return { ...base, submitted: { by: e.by ?? 'someone', t: e.t } };
    default: return base;
  }
}

export function modelFrom(events: readonly DrillEvent[], clock?: ClockView): DrillModel {
  const m = events.reduce(applyEvent, EMPTY_MODEL);
  return clock ? { ...m, clock } : m;
}

/** Alerts the inbox shows first: firing and unacknowledged, then firing, pending, resolved. */
export function alertOrder(a: AlertRow): number {
  if (a.state === 'firing' && a.ackedAt === undefined) return 0;
  if (a.state === 'firing') return 1;
  if (a.state === 'pending') return 2;
  return 3;
}
