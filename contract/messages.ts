/**
 * The drill's WebSocket, both directions. A client says hello (or resumes from the last seq it
 * saw), sends commands with an id, and pings; the server answers with a welcome, a snapshot of
 * what this audience may see, then events in order, clock ticks, and an ack or a refusal per
 * command id. `View` is the snapshot's shape (the GET /api/drills/:id reply), which the server
 * defines; the web names it through the typed HTTP client.
 */
import type { ClockPhase } from './journal.js';
import type { Role } from './commands.js';
import type { Sequenced } from './events.js';
import type { Refusal } from './refusal.js';

/** The facilitator sees everything; trainees (every role, observers too) see what was published. */
export type Audience = 'facilitator' | 'trainee';

/** The clock as clients see it. `t` is sim seconds; `speed` sim seconds per wall second. */
export interface ClockView {
  readonly t: number;
  readonly speed: number;
  readonly phase: ClockPhase;
  readonly paused: boolean;
  /** fast-forwarding: the speed the clock drops to when the next alert fires */
  readonly untilAlert?: number;
}

/** The longest client message accepted; longer ones get an error and the connection lives on. */
export const MAX_CLIENT_MESSAGE_BYTES = 32 * 1024;
/** Longest command or ping id a client may choose. */
export const MAX_MESSAGE_ID = 64;

export type ClientMessage =
  | { readonly type: 'hello'; readonly lastSeq?: number }
  | { readonly type: 'resume'; readonly lastSeq: number }
  /** `command` is checked by the server (a DrillCommand when valid) */
  | { readonly type: 'command'; readonly id: string; readonly command: unknown }
  | { readonly type: 'ping'; readonly id?: string };

export type ServerMessage<View = unknown> =
  | { readonly type: 'welcome'; readonly drill: string; readonly audience: Audience; readonly role?: Role; readonly name: string; readonly seq: number; readonly clock: ClockView }
  | { readonly type: 'snapshot'; readonly seq: number; readonly view: View }
  /** `clock`, when present, is the clock as of `at`, sent along instead of a `clock` message of its own */
  | { readonly type: 'events'; readonly events: readonly Sequenced[]; readonly at: number; readonly clock?: ClockView }
  | ({ readonly type: 'clock'; readonly at: number } & ClockView)
  | { readonly type: 'ack'; readonly id: string; readonly seq: number }
  | ({ readonly type: 'refused'; readonly id: string } & Omit<Refusal, 'ok'>)
  | { readonly type: 'error'; readonly code: string; readonly message: string; readonly id?: string; readonly retryAfter?: number }
  | { readonly type: 'pong'; readonly id?: string; readonly t: number }
  | { readonly type: 'resync'; readonly reason: string };

/** What sending one command gives back: its seq once it is journaled, or why not. */
export type CommandReply = { readonly ok: true; readonly seq: number } | Refusal;
