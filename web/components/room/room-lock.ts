/**
 * Whether this seat can send commands right now, and if not, why, in words. Every control in
 * the room is disabled with this reason as its tooltip, and the room shows it once as a banner.
 */
import type { ClockView } from '../../../contract/messages.js';
import type { Role } from '../../../contract/commands.js';
import type { ConnectionStatus } from '../../lib/drill-connection.js';

export interface Lock {
  /** empty when commands can be sent; otherwise why not */
  readonly reason: string;
  /** what the banner under the header says, if anything */
  readonly banner?: string;
  readonly tone: 'info' | 'warn' | 'bad';
}

/**
 * @example lockReason('live', 'observer', clock).reason // 'Observers watch: the controls are read-only.'
 */
export function lockReason(status: ConnectionStatus, role: Role, clock: ClockView | undefined, refused?: string): Lock {
  if (status !== 'live' && refused && status !== 'closed') {
    return { reason: 'Not connected to the drill.', banner: `The server refused the connection: ${refused} Retrying on its own.`, tone: 'bad' };
  }
  if (status !== 'live') {
    const reason = status === 'closed' ? 'Disconnected from the drill.' : 'Not connected to the drill; reconnecting.';
    return { reason, banner: `${reason} Controls come back when the connection does; nothing you see is lost.`, tone: 'bad' };
  }
  const observer = role === 'observer';
  const readOnly = 'Observers watch: the controls are read-only.';
  if (clock?.phase === 'ended') return { reason: 'The drill has ended.', banner: 'The drill has ended. Everything stays readable; the postmortem comes next.', tone: 'info' };
  if (clock?.phase === 'created') return { reason: observer ? readOnly : 'The drill has not started yet.', banner: 'Waiting for the facilitator to start the drill. Read the briefing; alerts, charts and logs begin when the clock does.', tone: 'info' };
  if (clock?.paused || clock?.phase === 'paused') return { reason: observer ? readOnly : 'The drill is paused.', banner: 'The facilitator has paused the drill. Sim time is stopped.', tone: 'warn' };
  if (observer) return { reason: readOnly, banner: 'You joined as an observer: you can look at everything, but not act.', tone: 'info' };
  return { reason: '', tone: 'info' };
}
