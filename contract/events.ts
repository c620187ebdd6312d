/**
 * What happens in a drill, as one readonly union keyed on `type`: the engine's events (SimEvent)
 * and the ones the server adds (ServerEvent: the clock, joins, the report). The journal replays
 * into these; the WebSocket streams them; every screen and the scorer read them. Times are sim
 * seconds; `by` is who caused it, when a person did.
 */
import type { Role, Severity, StatusAudience } from './commands.js';

export type AlertLabels = Readonly<Record<string, string>>;

interface Base { readonly t: number; readonly by?: string }

export interface AlertInfo {
  readonly alert: string;
  readonly fingerprint: string;
  readonly labels: AlertLabels;
  readonly annotations: AlertLabels;
  readonly value: number;
}

export type SimEvent = Base & (
  | { readonly type: 'change'; readonly change: string; readonly kind: 'deploy' | 'config' | 'flag'; readonly service: string; readonly summary: string; readonly version?: string; readonly author: string }
  | { readonly type: 'inject'; readonly inject?: string; readonly from: string; readonly channel: string; readonly text: string }
  | { readonly type: 'fault_started'; readonly fault: string; readonly title: string }
  | { readonly type: 'fault_changed'; readonly fault: string; readonly status: FaultStatus; readonly level: number; readonly cause: string }
  | ({ readonly type: 'alert_pending' } & AlertInfo)
  | ({ readonly type: 'alert_firing' } & AlertInfo)
  | ({ readonly type: 'alert_resolved' } & AlertInfo)
  | { readonly type: 'alert_acknowledged'; readonly alert: string; readonly fingerprints: readonly string[] }
  | { readonly type: 'incident_declared'; readonly severity: Severity; readonly title: string }
  | { readonly type: 'severity_changed'; readonly from: Severity; readonly to: Severity }
  | { readonly type: 'team_paged'; readonly team: string; readonly joinsAt: number }
  | { readonly type: 'team_joined'; readonly team: string; readonly responders: readonly string[]; readonly text: string }
  | { readonly type: 'question_asked'; readonly team: string; readonly question: string }
  | { readonly type: 'answer'; readonly team: string; readonly responder: string; readonly text: string; readonly answer: string }
  | { readonly type: 'action_started'; readonly action: string; readonly label: string; readonly params: Readonly<Record<string, string>>; readonly doneAt: number }
  | { readonly type: 'action_completed'; readonly action: string; readonly label: string; readonly outcome: string }
  | { readonly type: 'status_posted'; readonly audience: StatusAudience; readonly text: string }
  | { readonly type: 'note_added'; readonly text: string }
  | { readonly type: 'evidence_pinned'; readonly kind: string; readonly ref: string; readonly note?: string }
  | { readonly type: 'hypothesis_stated'; readonly text: string }
  | { readonly type: 'verification'; readonly passed: boolean; readonly reason: string }
  | { readonly type: 'incident_resolved'; readonly summary?: string; readonly verified: boolean }
  | { readonly type: 'doc_flagged'; readonly runbook: string; readonly text: string }
  | { readonly type: 'role_assigned'; readonly role: string; readonly name: string }
);

export type SimEventType = SimEvent['type'];
export type FaultStatus = 'active' | 'mitigated' | 'resolved';

/** Events that would give the answer away: only the facilitator sees them. */
export const FACILITATOR_ONLY_EVENTS: ReadonlySet<SimEventType> = new Set(['fault_started', 'fault_changed']);


/** What the server itself adds to a drill's event stream, beside the engine's events. */
export type ServerEvent = Base & (
  | { readonly type: 'drill_started'; readonly speed: number; readonly untilAlert?: number }
  | { readonly type: 'drill_paused'; readonly reason?: string }
  | { readonly type: 'drill_resumed' }
  | { readonly type: 'speed_changed'; readonly speed: number; readonly untilAlert?: number; readonly reason?: string }
  | { readonly type: 'drill_ended' }
  | { readonly type: 'participant_joined'; readonly name: string; readonly role: Role }
  /** the facilitator published the scored report: trainees may now read it (GET /report) */
  | { readonly type: 'report_published' }
  /** a postmortem was submitted (by `by`): it is graded, and waits for the facilitator to publish the report */
  | { readonly type: 'postmortem_submitted' }
);

export type DrillEvent = SimEvent | ServerEvent;
export type DrillEventType = DrillEvent['type'];
/** The event of one type, e.g. `EventOf<'team_paged'>`. */
export type EventOf<T extends DrillEventType> = Extract<DrillEvent, { type: T }>;

/** An event with its place in one audience's stream: gap-free from 1 for each audience. */
export interface Sequenced { readonly seq: number; readonly event: DrillEvent }
