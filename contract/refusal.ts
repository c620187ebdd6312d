/**
 * One shape for "no": the engine refusing a command against the rules (409), the server refusing
 * a request (a bad token, a full drill, too many commands), and what the HTTP error body, the
 * WebSocket `refused` message and the web app's command reply all carry. Data, not exceptions.
 */

/** The HTTP status that fits a refusal; the WebSocket sends the same code and message. */
export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

export interface Refusal {
  readonly ok: false;
  readonly status: RefusalStatus;
  /** stable and machine-readable, e.g. `already_paged`, `rate_limited` */
  readonly code: string;
  /** one sentence for people: what was refused and why */
  readonly message: string;
  /** for 429: seconds until a retry can succeed (HTTP sends it as Retry-After) */
  readonly retryAfter?: number;
}

/** A result that is either the thing asked for (`ok: true` and its fields) or a refusal. */
export type Outcome<T> = ({ readonly ok: true } & T) | Refusal;

export function refusal(status: RefusalStatus, code: string, message: string): Refusal {
  return { ok: false, status, code, message };
}

/** 429 with the wait, worded the same for HTTP and WebSocket. */
export function tooMany(code: string, what: string, retryAfter: number): Refusal {
  return { ok: false, status: 429, code, message: `${what}; try again in ${retryAfter} s`, retryAfter };
}

/** Why the engine's rules refuse a command (always 409: the drill is not in a state for it). */
export type RuleCode =
  | 'unknown_alert' | 'alert_not_firing' | 'already_acknowledged'
  | 'incident_not_declared' | 'incident_already_declared' | 'incident_resolved' | 'same_severity'
  | 'unknown_team' | 'already_paged' | 'team_not_paged' | 'team_not_joined'
  | 'unknown_action' | 'action_in_progress' | 'precondition_failed' | 'invalid_params'
  | 'unknown_fault' | 'fault_already_active' | 'unknown_change' | 'unknown_inject' | 'unknown_runbook'
  | 'time_in_past';

export type RuleRefusal = Refusal & { readonly status: 409; readonly code: RuleCode };
