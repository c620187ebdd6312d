/**
 * Who is asking, and what they may do. A facilitator runs the drill and sees everything; a
 * trainee works it in a job role; an observer only watches.
 */
import { FACILITATOR_COMMANDS, type CommandType } from '../sim/commands.js';
import type { DrillCommand, Role } from './protocol.js';

export type Principal =
  | { readonly drillId: string; readonly audience: 'facilitator'; readonly who: 'facilitator'; readonly name: string }
  | { readonly drillId: string; readonly audience: 'trainee'; readonly who: string; readonly name: string; readonly role: Role };

/** A refusal with the HTTP status that fits it; the WebSocket sends the same code and message. */
export interface Failure {
  readonly ok: false;
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;
  readonly code: string;
  readonly message: string;
  /** for 429: seconds until a retry can succeed (HTTP sends it as Retry-After) */
  readonly retryAfter?: number;
}

export type Outcome<T> = ({ readonly ok: true } & T) | Failure;

export function fail(status: Failure['status'], code: string, message: string): Failure {
  return { ok: false, status, code, message };
}

/** 429 with the wait, worded the same for HTTP and WebSocket. */
export function tooMany(code: string, what: string, retryAfter: number): Failure {
  return { ok: false, status: 429, code, message: `${what}; try again in ${retryAfter} s`, retryAfter };
}

export const FACILITATOR_NAME = 'Facilitator';
/** The name on what the server does by itself in the drill's timeline (ending a fast-forward). */
export const DRILLHALL_NAME = 'Drillhall';
/** Names a trainee cannot take: they would read as the facilitator or the server in the timeline. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['facilitator', 'server', 'script', 'system', 'drillhall']);

/**
 * May `p` send `command`? Observers send nothing; clock controls and injects are the
 * facilitator's alone. The facilitator may also send trainee commands (a demo, a nudge); the
 * journal records who sent every command, so the scorer can tell.
 */
export function mayRun(p: Principal, command: DrillCommand, control: boolean): Failure | undefined {
  if (p.audience === 'facilitator') return undefined;
  if (p.role === 'observer') return fail(403, 'read_only', 'observers watch the drill; they cannot send commands');
  if (control || FACILITATOR_COMMANDS.has(command.type as CommandType)) {
    return fail(403, 'facilitator_only', `"${command.type}" is a facilitator control; trainees cannot run it`);
  }
  return undefined;
}
