/**
 * What the engine says happened. One readonly union keyed on `type`, shared by the server,
 * the CLI and (type-only) the web app. Times are sim seconds.
 */
import type { Severity } from '../scenario/schema.js';

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
  | ({ readonly type: 'alert_pending' | 'alert_firing' | 'alert_resolved' } & AlertInfo)
  | { readonly type: 'alert_acknowledged'; readonly alert: string; readonly fingerprints: readonly string[] }
  | { readonly type: 'incident_declared'; readonly severity: Severity; readonly title: string }
  | { readonly type: 'severity_changed'; readonly from: Severity; readonly to: Severity }
  | { readonly type: 'team_paged'; readonly team: string; readonly joinsAt: number }
  | { readonly type: 'team_joined'; readonly team: string; readonly responders: readonly string[]; readonly text: string }
  | { readonly type: 'question_asked'; readonly team: string; readonly question: string }
  | { readonly type: 'answer'; readonly team: string; readonly responder: string; readonly text: string; readonly answer: string }
  | { readonly type: 'action_started'; readonly action: string; readonly label: string; readonly params: Readonly<Record<string, string>>; readonly doneAt: number }
  | { readonly type: 'action_completed'; readonly action: string; readonly label: string; readonly outcome: string }
  | { readonly type: 'status_posted'; readonly audience: 'internal' | 'external'; readonly text: string }
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

/** A command the rules refuse: data, not an exception. */
export interface Refusal { readonly ok: false; readonly code: RefusalCode; readonly message: string }
export type RefusalCode =
  | 'unknown_alert' | 'alert_not_firing' | 'already_acknowledged'
  | 'incident_not_declared' | 'incident_already_declared' | 'incident_resolved' | 'same_severity'
  | 'unknown_team' | 'already_paged' | 'team_not_paged' | 'team_not_joined'
  | 'unknown_action' | 'action_in_progress' | 'precondition_failed' | 'invalid_params'
  | 'unknown_fault' | 'fault_already_active' | 'unknown_change' | 'unknown_inject' | 'unknown_runbook'
  | 'time_in_past';

export type ApplyResult = { readonly ok: true; readonly events: readonly SimEvent[] } | Refusal;

export function refuse(code: RefusalCode, message: string): Refusal {
  return { ok: false, code, message };
}
