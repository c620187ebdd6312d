/**
 * Who is asking, and what they may do, and when. A facilitator runs the drill and sees
 * everything; a trainee works it in a job role; an observer only watches.
 */
import { FACILITATOR_COMMANDS, isClockControl, type DrillCommand, type Role } from '../../contract/commands.js';
import type { ClockPhase } from '../../contract/journal.js';
import { refusal, type Refusal } from '../../contract/refusal.js';

export type Principal =
  | { readonly drillId: string; readonly audience: 'facilitator'; readonly who: 'facilitator'; readonly name: string }
  | { readonly drillId: string; readonly audience: 'trainee'; readonly who: string; readonly name: string; readonly role: Role };

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
export function mayRun(p: Principal, command: DrillCommand): Refusal | undefined {
  if (p.audience === 'facilitator') return undefined;
  if (p.role === 'observer') return refusal(403, 'read_only', 'observers watch the drill; they cannot send commands');
  if (isClockControl(command) || FACILITATOR_COMMANDS.has(command.type)) {
    return refusal(403, 'facilitator_only', `"${command.type}" is a facilitator control; trainees cannot run it`);
  }
  return undefined;
}

/** Is the drill in a phase where this command makes sense? */
export function phaseRefusal(phase: ClockPhase, p: Principal, c: DrillCommand): Refusal | undefined {
  if (isClockControl(c)) {
    if (c.type === 'start' && phase !== 'created') return refusal(409, 'already_started', 'the drill has already started');
    if (c.type === 'pause' && phase !== 'running') return refusal(409, 'not_running', `the drill is ${phase}, not running`);
    if (c.type === 'resume' && phase !== 'paused') return refusal(409, 'not_paused', `the drill is ${phase}, not paused`);
    if ((c.type === 'set_speed' || c.type === 'end') && phase === 'ended') return refusal(409, 'drill_ended', 'the drill has ended');
    return undefined;
  }
  if (phase === 'created') return refusal(409, 'drill_not_started', 'the drill has not started yet; wait for the facilitator');
  if (phase === 'ended') return refusal(409, 'drill_ended', 'the drill has ended');
  if (phase === 'paused' && p.audience === 'trainee') return refusal(409, 'drill_paused', 'the drill is paused; wait for the facilitator to resume it');
  return undefined;
}
