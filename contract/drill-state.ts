/**
 * The drill's state as its events make it: alerts, the incident, teams, actions run, the
 * channel, roles, participants, faults (in the facilitator's stream only). One pure fold, used
 * by the server for the snapshot it sends (GET /api/drills/:id and the WebSocket's first
 * message) and by every browser to move that snapshot on with each event, so a console, a room
 * and a report agree. The fold handles every event type, or the type check fails here.
 */
import type { Role, Severity, StatusAudience } from './commands.js';
import type { DrillEvent, DrillEventType, EventOf, FaultStatus } from './events.js';

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
  readonly acknowledgedAt?: number;
  readonly acknowledgedBy?: string;
}

/** One run of a scenario action: started, and completed with its outcome once done. */
export interface ActionRun {
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
  readonly audience?: StatusAudience;
}

/** A fault as the facilitator follows it. `level` is the strength it is heading to. */
export interface FaultState {
  readonly status: FaultStatus;
  readonly startedAt: number;
  readonly level: number;
}

export interface DrillState {
  /** the latest event time seen */
  readonly lastT: number;
  readonly alerts: readonly AlertRow[];
  readonly incident: { readonly severity?: Severity; readonly title?: string; readonly declaredAt?: number; readonly resolvedAt?: number; readonly verified?: boolean };
  readonly teams: Readonly<Record<string, { readonly pagedAt?: number; readonly joinedAt?: number }>>;
  readonly actions: readonly ActionRun[];
  readonly channel: readonly ChannelEntry[];
  readonly statusUpdates: readonly { readonly t: number; readonly audience: StatusAudience; readonly text: string; readonly by?: string }[];
  /** who holds each role, by role */
  readonly roles: Readonly<Record<string, string>>;
  readonly participants: readonly { readonly name: string; readonly role: Role; readonly t: number }[];
  readonly changes: readonly EventOf<'change'>[];
  readonly verifications: readonly { readonly t: number; readonly passed: boolean; readonly reason: string }[];
  /** faults that have started, by id: only the facilitator's stream carries fault events, so a trainee's state never has this key */
  readonly faults?: Readonly<Record<string, FaultState>>;
  /** the facilitator published the drill's report (a `report_published` event arrived) */
  readonly published: boolean;
  /** who last submitted the postmortem, and when (a `postmortem_submitted` event) */
  readonly submitted?: { readonly by: string; readonly t: number };
}

export const EMPTY_STATE: DrillState = {
  lastT: 0, alerts: [], incident: {}, teams: {}, actions: [], channel: [], statusUpdates: [], roles: {}, participants: [], changes: [], verifications: [], published: false,
};

function upsertAlert(alerts: readonly AlertRow[], fp: string, f: (a: AlertRow | undefined) => AlertRow): AlertRow[] {
  const i = alerts.findIndex((a) => a.fingerprint === fp && a.state !== 'resolved');
  if (i < 0) return [...alerts, f(undefined)];
  const next = alerts.slice();
  next[i] = f(alerts[i]);
  return next;
}

type Fold<K extends DrillEventType> = (m: DrillState, e: EventOf<K>) => DrillState;

const alertState = (state: AlertRow['state']) => (m: DrillState, e: EventOf<'alert_pending' | 'alert_firing' | 'alert_resolved'>): DrillState => ({
  ...m,
  alerts: upsertAlert(m.alerts, e.fingerprint, (a) => ({
    ...(a ?? { fingerprint: e.fingerprint, alert: e.alert, activeAt: e.t }),
    labels: e.labels, annotations: e.annotations, value: e.value, state,
    ...(state === 'firing' ? { firedAt: e.t } : {}),
    ...(state === 'resolved' ? { resolvedAt: e.t } : {}),
  })),
});

const channel = (m: DrillState, entry: ChannelEntry): readonly ChannelEntry[] => [...m.channel, entry];
/** Events that change nothing here: the timeline and the feed show them from the event list. */
const same = (m: DrillState) => m;

/** What each event does to the state. Keyed by event type: a new event must say, or the type check fails. */
const FOLD: { readonly [K in DrillEventType]: Fold<K> } = {
  alert_pending: alertState('pending'),
  alert_firing: alertState('firing'),
  alert_resolved: alertState('resolved'),
  alert_acknowledged: (m, e) => ({
    ...m,
    alerts: m.alerts.map((a) => (e.fingerprints.includes(a.fingerprint) && a.state === 'firing' ? { ...a, acknowledgedAt: e.t, ...(e.by ? { acknowledgedBy: e.by } : {}) } : a)),
  }),
  incident_declared: (m, e) => ({ ...m, incident: { ...m.incident, severity: e.severity, title: e.title, declaredAt: e.t } }),
  severity_changed: (m, e) => ({ ...m, incident: { ...m.incident, severity: e.to } }),
  incident_resolved: (m, e) => ({ ...m, incident: { ...m.incident, resolvedAt: e.t, verified: e.verified } }),
  team_paged: (m, e) => ({
    ...m, teams: { ...m.teams, [e.team]: { ...m.teams[e.team], pagedAt: e.t } },
    channel: channel(m, { t: e.t, kind: 'paged', from: e.by ?? 'someone', team: e.team, text: `paged ${e.team}` }),
  }),
  team_joined: (m, e) => ({
    ...m, teams: { ...m.teams, [e.team]: { ...m.teams[e.team], joinedAt: e.t } },
    channel: channel(m, { t: e.t, kind: 'joined', from: e.responders.join(', '), team: e.team, text: e.text }),
  }),
  question_asked: (m, e) => ({ ...m, channel: channel(m, { t: e.t, kind: 'question', from: e.by ?? 'someone', team: e.team, text: e.question }) }),
  answer: (m, e) => ({ ...m, channel: channel(m, { t: e.t, kind: 'answer', from: e.responder, team: e.team, text: e.text, answer: e.answer }) }),
  inject: (m, e) => ({ ...m, channel: channel(m, { t: e.t, kind: 'inject', from: `${e.from} (${e.channel})`, text: e.text }) }),
  status_posted: (m, e) => ({
    ...m,
    statusUpdates: [...m.statusUpdates, { t: e.t, audience: e.audience, text: e.text, ...(e.by ? { by: e.by } : {}) }],
    channel: channel(m, { t: e.t, kind: 'status', from: e.by ?? 'someone', text: e.text, audience: e.audience }),
  }),
  action_started: (m, e) => ({ ...m, actions: [...m.actions, { action: e.action, label: e.label, params: e.params, startedAt: e.t, doneAt: e.doneAt, ...(e.by ? { by: e.by } : {}) }] }),
  action_completed: (m, e) => {
    const i = m.actions.findLastIndex((a) => a.action === e.action && a.completedAt === undefined);
    if (i < 0) return m;
    const actions = m.actions.slice();
    actions[i] = { ...actions[i]!, completedAt: e.t, outcome: e.outcome };
    return { ...m, actions };
  },
  role_assigned: (m, e) => ({ ...m, roles: { ...m.roles, [e.role]: e.name } }),
  participant_joined: (m, e) => ({ ...m, participants: [...m.participants, { name: e.name, role: e.role, t: e.t }] }),
  change: (m, e) => ({ ...m, changes: [...m.changes, e] }),
  verification: (m, e) => ({ ...m, verifications: [...m.verifications, { t: e.t, passed: e.passed, reason: e.reason }] }),
  fault_started: (m, e) => ({ ...m, faults: { ...m.faults, [e.fault]: { status: 'active', startedAt: e.t, level: 1 } } }),
  fault_changed: (m, e) => {
    const f = m.faults?.[e.fault];
    return { ...m, faults: { ...m.faults, [e.fault]: { startedAt: f?.startedAt ?? e.t, status: e.status, level: e.level } } };
  },
  // Withdrawing a report sends no event: the report page learns that from the report route.
  report_published: (m) => ({ ...m, published: true }),
  postmortem_submitted: (m, e) => ({ ...m, submitted: { by: e.by ?? 'someone', t: e.t } }),
  note_added: same, evidence_pinned: same, hypothesis_stated: same, doc_flagged: same,
  drill_started: same, drill_paused: same, drill_resumed: same, speed_changed: same, drill_ended: same,
};

/**
 * Fold one event into the state, returning a new state (never mutating: Lit re-renders on
 * identity). Any extra fields of `m` are kept.
 */
export function applyEvent<S extends DrillState>(m: S, e: DrillEvent): S {
  const fold = FOLD[e.type] as Fold<DrillEventType>;
  return { ...m, ...fold(m, e as never), lastT: Math.max(m.lastT, e.t) };
}

/** The state after `events`, from the empty drill. */
export function foldEvents(events: readonly DrillEvent[]): DrillState {
  return events.reduce<DrillState>(applyEvent, EMPTY_STATE);
}

export interface FaultRow {
  readonly id: string;
  readonly title: string;
  readonly service: string;
  readonly status: 'pending' | FaultState['status'];
  readonly startedAt?: number;
  readonly level: number;
}

/**
 * The scenario's faults beside their state in the drill, pending until they start.
 * @example faultRows(scenario.faults, state) // [{ id: 'pool', status: 'active', startedAt: 300, level: 1, ... }]
 */
export function faultRows(faults: readonly { readonly id: string; readonly title: string; readonly service: string }[], state: Pick<DrillState, 'faults'>): FaultRow[] {
  return faults.map((f) => {
    const st = state.faults?.[f.id];
    return { id: f.id, title: f.title, service: f.service, ...(st ? { status: st.status, startedAt: st.startedAt, level: st.level } : { status: 'pending' as const, level: 0 }) };
  });
}

/** Alerts the inbox shows first: firing and unacknowledged, then firing, pending, resolved. */
export function alertOrder(a: AlertRow): number {
  if (a.state === 'firing' && a.acknowledgedAt === undefined) return 0;
  if (a.state === 'firing') return 1;
  if (a.state === 'pending') return 2;
  return 3;
}

/** The inbox's order, for `sort`: by `alertOrder`, newest first within each. Its top is what the `a` key acknowledges. */
export function inboxOrder(a: AlertRow, b: AlertRow): number {
  return alertOrder(a) - alertOrder(b) || (b.firedAt ?? b.activeAt) - (a.firedAt ?? a.activeAt);
}
