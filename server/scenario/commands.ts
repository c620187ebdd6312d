/**
 * The command vocabulary's validation: zod schemas built from the contract's constants
 * (contract/commands.ts) and checked against its types, so the two cannot drift. Action scripts,
 * the CLI, the HTTP API and the WebSocket all parse commands here.
 */
import { z } from 'zod';
import {
  ASSIGNABLE_ROLES, COMMAND_LIMITS, COMMAND_TYPES, CONTROL_TYPES, EVIDENCE_KINDS, isClockControl, MAX_SPEED, MIN_SPEED, ROLES, STATUS_AUDIENCES,
  type ClockControl as ClockControlType, type Command as CommandT, type DrillCommand, type FacilitatorCommand as FacilitatorCommandT, type TraineeCommand as TraineeCommandT,
} from '../../contract/commands.js';
import { RESERVED_KEYS, Severity } from './schema.js';
import { didYouMean } from './suggest.js';

export const Role = z.enum(ROLES);

const Text = z.string().trim().min(1, 'must not be empty').max(COMMAND_LIMITS.text, `is longer than ${COMMAND_LIMITS.text} characters`);

export const TraineeCommand = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ack_alert'), alert: z.string().min(1).describe('alert name or fingerprint') }),
  z.strictObject({ type: z.literal('declare_incident'), severity: Severity, title: Text.optional() }),
  z.strictObject({ type: z.literal('set_severity'), severity: Severity }),
  z.strictObject({ type: z.literal('page_team'), team: z.string().min(1) }),
  z.strictObject({ type: z.literal('ask'), team: z.string().min(1), question: Text }),
  z.strictObject({
    type: z.literal('run_action'),
    action: z.string().min(1),
    params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  }),
  z.strictObject({ type: z.literal('post_status'), audience: z.enum(STATUS_AUDIENCES), text: Text }),
  z.strictObject({ type: z.literal('add_note'), text: Text }),
  z.strictObject({
    type: z.literal('pin_evidence'),
    kind: z.enum(EVIDENCE_KINDS),
    ref: z.string().min(1).max(COMMAND_LIMITS.ref).describe('metric/query text, log line, answer id, change id or alert name'),
    note: Text.optional(),
  }),
  z.strictObject({ type: z.literal('state_hypothesis'), text: Text }),
  z.strictObject({ type: z.literal('verify') }),
  z.strictObject({ type: z.literal('resolve_incident'), summary: Text.optional() }),
  z.strictObject({ type: z.literal('flag_doc'), runbook: z.string().min(1), text: Text }),
  z.strictObject({ type: z.literal('assign_role'), role: z.enum(ASSIGNABLE_ROLES), name: z.string().min(1).max(COMMAND_LIMITS.name) }),
]);

export const FacilitatorCommand = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('inject_fault'), fault: z.string().min(1) }),
  z.strictObject({ type: z.literal('inject_change'), change: z.string().min(1) }),
  z.strictObject({ type: z.literal('inject_message'), inject: z.string().min(1).optional(), from: z.string().max(COMMAND_LIMITS.from).optional(), text: Text.optional() }),
]);

export const Command = z.discriminatedUnion('type', [TraineeCommand, FacilitatorCommand]);

const Speed = z.number().min(MIN_SPEED, `speed is ${MIN_SPEED}x to ${MAX_SPEED}x`).max(MAX_SPEED, `speed is ${MIN_SPEED}x to ${MAX_SPEED}x`);
const UntilAlert = z.boolean().optional();

export const ClockControl = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), speed: Speed.optional(), until_alert: UntilAlert }),
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('resume') }),
  z.strictObject({ type: z.literal('set_speed'), speed: Speed, until_alert: UntilAlert }),
  z.strictObject({ type: z.literal('end') }),
]);

// The schemas accept exactly the contract's shapes: a field added on one side only fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree = <T extends true>(ok: T) => ok;
agree<Same<z.infer<typeof TraineeCommand>, TraineeCommandT>>(true);
agree<Same<z.infer<typeof FacilitatorCommand>, FacilitatorCommandT>>(true);
agree<Same<z.infer<typeof ClockControl>, ClockControlType>>(true);

export type CommandCheck =
  | { readonly ok: true; readonly command: CommandT }
  | { readonly ok: false; readonly path: readonly (string | number)[]; readonly message: string };

/** The first zod issue in words: the unknown field, the missing one, or what is wrong with it. */
function issueMessage(type: string, raw: unknown, issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') return `${type} has no field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && (raw as Record<string, unknown>)[String(issue.path[0])] === undefined) return `${type} needs "${path}"`;
  return `${path}: ${issue.message}`;
}

/**
 * Validate a command from any edge (script, HTTP body, WebSocket message) and explain a
 * refusal in words: the unknown type with a suggestion, or the field that is wrong.
 * @example parseCommand({ type: 'ack_alert' }) // { ok: false, path: ['alert'], message: 'ack_alert needs "alert"' }
 */
export function parseCommand(raw: unknown): CommandCheck {
  const type = (raw as { type?: unknown } | null)?.type;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, path: [], message: 'a command is an object with a "type"' };
  if (typeof type !== 'string') return { ok: false, path: ['type'], message: `a command needs a "type", one of ${COMMAND_TYPES.join(', ')}` };
  if (!(COMMAND_TYPES as readonly string[]).includes(type)) return { ok: false, path: ['type'], message: `unknown command type "${type}"${didYouMean(type, COMMAND_TYPES)}` };
  const params = (raw as { params?: unknown }).params;
  if (params !== null && typeof params === 'object' && !Array.isArray(params)) {
    const bad = Object.keys(params).find((k) => RESERVED_KEYS.has(k));
    if (bad !== undefined) return { ok: false, path: ['params', bad], message: `params: "${bad}" cannot be a parameter name` };
  }
  const r = Command.safeParse(raw);
  if (r.success) return { ok: true, command: r.data };
  const issue = r.error.issues[0]!;
  return { ok: false, path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: issueMessage(type, raw, issue) };
}

export type DrillCommandCheck = { readonly ok: true; readonly command: DrillCommand } | { readonly ok: false; readonly message: string };

/**
 * Validate a command or clock control from HTTP or WebSocket, with the engine's own wording.
 * @example parseDrillCommand({ type: 'set_speed', speed: 500 }) // { ok: false, message: 'speed: speed is 1x to 120x' }
 */
export function parseDrillCommand(raw: unknown): DrillCommandCheck {
  const type = (raw as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && isClockControl({ type } as DrillCommand)) {
    const r = ClockControl.safeParse(raw);
    if (r.success) return { ok: true, command: r.data };
    const issue = r.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    const msg = issue.code === 'invalid_type' && (raw as Record<string, unknown>)[field] === undefined ? `${type} needs "${field}"`
      : issue.code === 'invalid_type' ? `${field}: expected a ${issue.expected}` : issueMessage(type, raw, issue);
    return { ok: false, message: msg };
  }
  const r = parseCommand(raw);
  if (r.ok) return r;
  if (typeof type === 'string' && r.path[0] === 'type') {
    return { ok: false, message: `unknown command type "${type}"${didYouMean(type, [...COMMAND_TYPES, ...CONTROL_TYPES])}` };
  }
  return { ok: false, message: r.message };
}
