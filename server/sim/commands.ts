/**
 * The one command vocabulary: action scripts, the CLI, the HTTP API, the WebSocket and the web
 * app's buttons all send these, and the scorer reads the same ones back from the command log.
 */
import { z } from 'zod';
import { RESERVED_KEYS, Severity } from '../scenario/schema.js';
import { didYouMean } from '../scenario/suggest.js';

const Text = z.string().trim().min(1, 'must not be empty').max(4000, 'is longer than 4000 characters');

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
  z.strictObject({ type: z.literal('post_status'), audience: z.enum(['internal', 'external']), text: Text }),
  z.strictObject({ type: z.literal('add_note'), text: Text }),
  z.strictObject({
    type: z.literal('pin_evidence'),
    kind: z.enum(['chart', 'query', 'log', 'answer', 'change', 'alert']),
    ref: z.string().min(1).max(2000).describe('metric/query text, log line, answer id, change id or alert name'),
    note: Text.optional(),
  }),
  z.strictObject({ type: z.literal('state_hypothesis'), text: Text }),
  z.strictObject({ type: z.literal('verify') }),
  z.strictObject({ type: z.literal('resolve_incident'), summary: Text.optional() }),
  z.strictObject({ type: z.literal('flag_doc'), runbook: z.string().min(1), text: Text }),
  z.strictObject({ type: z.literal('assign_role'), role: z.enum(['commander', 'communications', 'operations', 'scribe']), name: z.string().min(1).max(80) }),
]);

/** Commands only the facilitator may send; they are in the log like any other, so replays match. */
export const FacilitatorCommand = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('inject_fault'), fault: z.string().min(1) }),
  z.strictObject({ type: z.literal('inject_change'), change: z.string().min(1) }),
  z.strictObject({ type: z.literal('inject_message'), inject: z.string().min(1).optional(), from: z.string().max(80).optional(), text: Text.optional() }),
]);

export const Command = z.discriminatedUnion('type', [TraineeCommand, FacilitatorCommand]);
export type TraineeCommand = z.infer<typeof TraineeCommand>;
export type FacilitatorCommand = z.infer<typeof FacilitatorCommand>;
export type Command = z.infer<typeof Command>;
export type CommandType = Command['type'];

export const FACILITATOR_COMMANDS: ReadonlySet<CommandType> = new Set(['inject_fault', 'inject_change', 'inject_message']);

/** A command as stored in a drill's log: when it was accepted and by whom. */
export interface StampedCommand {
  readonly t: number;
  readonly by: string;
  readonly command: Command;
}

export const COMMAND_TYPES: readonly CommandType[] = [...TraineeCommand.options, ...FacilitatorCommand.options].map((o) => o.shape.type.value);

export type CommandCheck =
  | { readonly ok: true; readonly command: Command }
  | { readonly ok: false; readonly path: readonly (string | number)[]; readonly message: string };

/**
 * Validate a command from any edge (script, HTTP body, WebSocket message) and explain a
 * refusal in words: the unknown type with a suggestion, or the field that is wrong.
 * @example parseCommand({ type: 'ack_alert' }) // { ok: false, path: ['alert'], message: 'alert: ...' }
 */
export function parseCommand(raw: unknown): CommandCheck {
  const type = (raw as { type?: unknown } | null)?.type;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, path: [], message: 'a command is an object with a "type"' };
  if (typeof type !== 'string') return { ok: false, path: ['type'], message: `a command needs a "type", one of ${COMMAND_TYPES.join(', ')}` };
  if (!COMMAND_TYPES.includes(type as CommandType)) return { ok: false, path: ['type'], message: `unknown command type "${type}"${didYouMean(type, COMMAND_TYPES)}` };
  const params = (raw as { params?: unknown }).params;
  if (params !== null && typeof params === 'object' && !Array.isArray(params)) {
    const bad = Object.keys(params).find((k) => RESERVED_KEYS.has(k));
    if (bad !== undefined) return { ok: false, path: ['params', bad], message: `params: "${bad}" cannot be a parameter name` };
  }
  const r = Command.safeParse(raw);
  if (r.success) return { ok: true, command: r.data };
  const issue = r.error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const msg = issue.code === 'unrecognized_keys' ? `${type} has no field ${issue.keys.map((k) => `"${k}"`).join(', ')}`
    : issue.code === 'invalid_type' && (raw as Record<string, unknown>)[String(path[0])] === undefined ? `${type} needs "${path.join('.')}"`
    : `${path.join('.')}: ${issue.message}`;
  return { ok: false, path, message: msg };
}
