/**
 * The live-drill vocabulary shared by the server, the store and (type-only) the web app: trainee
 * roles, the facilitator's clock controls, the drill-level events the server adds to the engine's
 * own, and the WebSocket messages in both directions. One zod schema per client input.
 */
import { z } from 'zod';
import { COMMAND_TYPES, parseCommand, type Command } from '../sim/commands.js';
import type { SimEvent } from '../sim/events.js';
import type { DrillView } from './visibility.js';
import { didYouMean } from '../scenario/suggest.js';

/** Job roles a trainee joins with. An observer watches and cannot send commands. */
export const Role = z.enum(['commander', 'communications', 'operations', 'scribe', 'observer']);
export type Role = z.infer<typeof Role>;

export const MIN_SPEED = 1;
export const MAX_SPEED = 120;
const Speed = z.number().min(MIN_SPEED, `speed is ${MIN_SPEED}x to ${MAX_SPEED}x`).max(MAX_SPEED, `speed is ${MIN_SPEED}x to ${MAX_SPEED}x`);

/** The facilitator's clock controls. They are journaled like commands, so a replay matches. */
/**
 * Run at this speed only until the next trainee-visible alert fires; the server then sets the
 * scenario's recommended speed itself (a journaled `set_speed` by Drillhall), at the alert's time.
 */
const UntilAlert = z.boolean().optional();

export const ClockControl = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), speed: Speed.optional(), until_alert: UntilAlert }),
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('resume') }),
  z.strictObject({ type: z.literal('set_speed'), speed: Speed, until_alert: UntilAlert }),
  z.strictObject({ type: z.literal('end') }),
]);
export type ClockControl = z.infer<typeof ClockControl>;
export const CONTROL_TYPES: readonly ClockControl['type'][] = ClockControl.options.map((o) => o.shape.type.value);

/** Anything a client may send as a command: the engine's vocabulary plus clock controls. */
export type DrillCommand = Command | ClockControl;

export type DrillCommandCheck =
  | { readonly ok: true; readonly command: DrillCommand; readonly control: boolean }
  | { readonly ok: false; readonly message: string };

/**
 * Validate a command from HTTP or WebSocket, with the engine's own wording for engine commands.
 * @example parseDrillCommand({ type: 'set_speed', speed: 500 }) // { ok: false, message: 'speed: speed is 1x to 120x' }
 */
export function parseDrillCommand(raw: unknown): DrillCommandCheck {
  const type = (raw as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && (CONTROL_TYPES as readonly string[]).includes(type)) {
    const r = ClockControl.safeParse(raw);
    if (r.success) return { ok: true, command: r.data, control: true };
    const issue = r.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    const missing = issue.code === 'invalid_type' && (raw as Record<string, unknown>)[field] === undefined;
    const msg = issue.code === 'unrecognized_keys' ? `${type} has no field ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : missing ? `${type} needs "${field}"`
        : issue.code === 'invalid_type' ? `${field}: expected a ${issue.expected}` : `${field}: ${issue.message}`;
    return { ok: false, message: msg };
  }
  const r = parseCommand(raw);
  if (r.ok) return { ok: true, command: r.command, control: false };
  if (typeof type === 'string' && r.path[0] === 'type') {
    const all = [...COMMAND_TYPES, ...CONTROL_TYPES];
    return { ok: false, message: `unknown command type "${type}"${didYouMean(type, all)}` };
  }
  return { ok: false, message: r.message };
}

export type ClockPhase = 'created' | 'running' | 'paused' | 'ended';

/** The clock as clients see it. `t` is sim seconds; `speed` sim seconds per wall second. */
export interface ClockView {
  readonly t: number;
  readonly speed: number;
  readonly phase: ClockPhase;
  readonly paused: boolean;
  /** fast-forwarding: the speed the clock drops to when the next alert fires */
  readonly untilAlert?: number;
}

interface At { readonly t: number; readonly by?: string }

/** What the server itself adds to a drill's event stream, beside the engine's events. */
export type ServerEvent = At & (
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

/** An event with its place in one audience's stream: gap-free from 1 for each audience. */
export interface Sequenced { readonly seq: number; readonly event: DrillEvent }

/** The longest client message accepted; longer ones get an error and the connection lives on. */
export const MAX_CLIENT_MESSAGE_BYTES = 32 * 1024;

const LastSeq = z.number().int().min(0);

export const ClientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hello'), lastSeq: LastSeq.optional() }),
  z.strictObject({ type: z.literal('resume'), lastSeq: LastSeq }),
  z.strictObject({ type: z.literal('command'), id: z.string().min(1).max(64), command: z.unknown() }),
  z.strictObject({ type: z.literal('ping'), id: z.string().max(64).optional() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export type Audience = 'facilitator' | 'trainee';

/** Messages the server sends on a drill's WebSocket. */
export type ServerMessage =
  | { readonly type: 'welcome'; readonly drill: string; readonly audience: Audience; readonly role?: Role; readonly name: string; readonly seq: number; readonly clock: ClockView }
  | { readonly type: 'snapshot'; readonly seq: number; readonly view: DrillView }
  | { readonly type: 'events'; readonly events: readonly Sequenced[]; readonly at: number }
  | ({ readonly type: 'clock'; readonly at: number } & ClockView)
  | { readonly type: 'ack'; readonly id: string; readonly seq: number }
  | { readonly type: 'refused'; readonly id: string; readonly status: number; readonly code: string; readonly message: string; readonly retryAfter?: number }
  | { readonly type: 'error'; readonly code: string; readonly message: string; readonly id?: string; readonly retryAfter?: number }
  | { readonly type: 'pong'; readonly id?: string; readonly t: number }
  | { readonly type: 'resync'; readonly reason: string };
