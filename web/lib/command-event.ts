/**
 * How a control deep in the page sends a drill command: it fires `dh-command` (events up), the
 * page that owns the DrillConnection sends it and calls `reply` with the server's answer, so
 * the control can show a refusal right where the user acted.
 */
import type { DrillCommand } from '../../contract/commands.js';
import type { CommandReply } from './drill-connection.js';

export interface CommandDetail { readonly command: DrillCommand; readonly reply: (r: CommandReply) => void }

/** Fire a command up to the page; resolves with the server's ack or refusal. */
export function sendCommand(from: HTMLElement, command: DrillCommand): Promise<CommandReply> {
  return new Promise((resolve) => {
    const ev = new CustomEvent<CommandDetail>('dh-command', { detail: { command, reply: resolve }, bubbles: true, composed: true, cancelable: true });
    from.dispatchEvent(ev);
    // Nobody owns a connection above this element: say so instead of waiting forever.
    if (!ev.defaultPrevented) resolve({ ok: false, status: 503, code: 'offline', message: 'not connected to a drill' });
  });
}

declare global {
  interface HTMLElementEventMap { 'dh-command': CustomEvent<CommandDetail> }
}
