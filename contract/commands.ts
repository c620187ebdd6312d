/**
 * What people may ask a drill to do: the engine's commands (trainees' and the facilitator's
 * injects) and the facilitator's clock controls. Written once here as plain types and constants;
 * the server's zod schemas (server/scenario/commands.ts) are built from these constants and
 * checked against these types, and the web app sends exactly these shapes.
 */

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
/** SEV1 is the most severe. */
export type Severity = (typeof SEVERITIES)[number];

/** Job roles a trainee joins with. An observer watches and cannot send commands. */
export const ROLES = ['commander', 'communications', 'operations', 'scribe', 'observer'] as const;
export type Role = (typeof ROLES)[number];
/** The roles `assign_role` can hand out: every role but observer. */
export const ASSIGNABLE_ROLES = ['commander', 'communications', 'operations', 'scribe'] as const satisfies readonly Role[];
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];
/** Each role as people read it: the join page, the room's header and People. */
export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  commander: 'Incident Commander', communications: 'Communications', operations: 'Operations', scribe: 'Scribe', observer: 'Observer',
};
/** A role's name as people read it; a string that is no role (an old saved seat) as it is. */
export function roleName(role: string): string {
  return Object.hasOwn(ROLE_NAMES, role) ? ROLE_NAMES[role as Role] : role;
}

export const STATUS_AUDIENCES = ['internal', 'external'] as const;
export type StatusAudience = (typeof STATUS_AUDIENCES)[number];

export const EVIDENCE_KINDS = ['chart', 'query', 'log', 'answer', 'change', 'alert'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Limits on what a command carries. */
export const COMMAND_LIMITS = { text: 4000, ref: 2000, name: 80, from: 80 } as const;

/** Commands any participant with a working role may send. */
export type TraineeCommand =
  | { readonly type: 'ack_alert'; /** alert name or fingerprint */ readonly alert: string }
  | { readonly type: 'declare_incident'; readonly severity: Severity; readonly title?: string }
  | { readonly type: 'set_severity'; readonly severity: Severity }
  | { readonly type: 'page_team'; readonly team: string }
  | { readonly type: 'ask'; readonly team: string; readonly question: string }
  | { readonly type: 'run_action'; readonly action: string; readonly params: Readonly<Record<string, string | number>> }
  | { readonly type: 'post_status'; readonly audience: StatusAudience; readonly text: string }
  | { readonly type: 'add_note'; readonly text: string }
  /** `ref`: metric/query text, log line, answer id, change id or alert name */
  | { readonly type: 'pin_evidence'; readonly kind: EvidenceKind; readonly ref: string; readonly note?: string }
  | { readonly type: 'state_hypothesis'; readonly text: string }
  | { readonly type: 'verify' }
  | { readonly type: 'resolve_incident'; readonly summary?: string }
  | { readonly type: 'flag_doc'; readonly runbook: string; readonly text: string }
  | { readonly type: 'assign_role'; readonly role: AssignableRole; readonly name: string };

/** Commands only the facilitator may send; they are journaled like any other, so replays match. */
export type FacilitatorCommand =
  | { readonly type: 'inject_fault'; readonly fault: string }
  | { readonly type: 'inject_change'; readonly change: string }
  | { readonly type: 'inject_message'; readonly inject?: string; readonly from?: string; readonly text?: string };

export type Command = TraineeCommand | FacilitatorCommand;
export type CommandType = Command['type'];

/** Who may send each command. A new command type must be placed here, or the type check fails. */
export const COMMAND_SENDERS: { readonly [K in CommandType]: 'trainee' | 'facilitator' } = {
  ack_alert: 'trainee', declare_incident: 'trainee', set_severity: 'trainee', page_team: 'trainee', ask: 'trainee',
  run_action: 'trainee', post_status: 'trainee', add_note: 'trainee', pin_evidence: 'trainee', state_hypothesis: 'trainee',
  verify: 'trainee', resolve_incident: 'trainee', flag_doc: 'trainee', assign_role: 'trainee',
  inject_fault: 'facilitator', inject_change: 'facilitator', inject_message: 'facilitator',
};
export const COMMAND_TYPES = Object.keys(COMMAND_SENDERS) as readonly CommandType[];
export const FACILITATOR_COMMANDS: ReadonlySet<CommandType> = new Set(COMMAND_TYPES.filter((t) => COMMAND_SENDERS[t] === 'facilitator'));

/** A command as the engine log keeps it: when it was accepted and by whom. */
export interface StampedCommand {
  readonly t: number;
  readonly by: string;
  readonly command: Command;
}

export const MIN_SPEED = 1;
export const MAX_SPEED = 120;

/**
 * The facilitator's clock controls, journaled like commands so a replay matches. `until_alert`:
 * run at this speed only until the next trainee-visible alert fires; the server then sets the
 * scenario's recommended speed itself (a journaled `set_speed` by Drillhall) at the alert's time.
 */
export type ClockControl =
  | { readonly type: 'start'; readonly speed?: number; readonly until_alert?: boolean }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'set_speed'; readonly speed: number; readonly until_alert?: boolean }
  | { readonly type: 'end' };
export type ControlType = ClockControl['type'];

const CONTROLS: { readonly [K in ControlType]: true } = { start: true, pause: true, resume: true, set_speed: true, end: true };
export const CONTROL_TYPES = Object.keys(CONTROLS) as readonly ControlType[];

/** Anything a client may send as a command: the engine's vocabulary plus clock controls. */
export type DrillCommand = Command | ClockControl;

/** A clock control, not an engine command. */
export function isClockControl(c: DrillCommand): c is ClockControl {
  return Object.hasOwn(CONTROLS, c.type);
}
