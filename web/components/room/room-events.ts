/**
 * How the room's panels talk to the room. Panels never hold the connection: a button sends one
 * trainee command of the engine's vocabulary (server/sim/commands.ts) up as a `dh-command` event
 * (web/lib/command-event.ts); the room sends it on the drill's WebSocket and answers with the
 * server's ack or refusal, which the panel shows next to the button. `dh-navigate` asks the room
 * to show another panel (a runbook's action, a service's charts, a query in Explore).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TraineeCommand } from '../../../contract/commands.js';
import { sendCommand } from '../../lib/command-event.js';

export type RoomTab = 'alerts' | 'dashboards' | 'explore' | 'logs' | 'map' | 'runbooks' | 'actions' | 'timeline';

export interface NavigateRequest {
  readonly tab: RoomTab;
  /** what to bring into view there: an action id, a service, a runbook id */
  readonly focus?: string;
}

declare global {
  interface HTMLElementEventMap { 'dh-navigate': CustomEvent<NavigateRequest> }
}

/** Ask the room to show a panel. */
export function navigate(from: HTMLElement, tab: RoomTab, focus?: string): void {
  from.dispatchEvent(new CustomEvent('dh-navigate', { detail: { tab, ...(focus !== undefined ? { focus } : {}) }, bubbles: true, composed: true }));
}

/**
 * Sends commands for a panel and keeps, per control, whether one is in flight and the server's
 * refusal, so every button can show "sending" and the reason it was refused right beside it.
 */
export class CommandController implements ReactiveController {
  #busy = new Set<string>();
  #errors = new Map<string, string>();

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void { /* nothing to set up: state lives per send */ }

  busy(key: string): boolean { return this.#busy.has(key); }
  error(key: string): string | undefined { return this.#errors.get(key); }
  clear(key: string): void {
    if (this.#errors.delete(key)) this.host.requestUpdate();
  }

  /** Send one command (trainee vocabulary only); resolves true when the server accepted it. */
  async send(key: string, command: TraineeCommand): Promise<boolean> {
    if (this.#busy.has(key)) return false;
    this.#busy.add(key);
    this.#errors.delete(key);
    this.host.requestUpdate();
    const r = await sendCommand(this.host, command);
    this.#busy.delete(key);
    if (!r.ok) this.#errors.set(key, r.message);
    this.host.requestUpdate();
    return r.ok;
  }
}
