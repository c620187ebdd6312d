/**
 * The drill as a page shares it with its panels, through @lit/context instead of the same
 * properties handed down by hand: the incident room (dh-room) provides `roomDrill`, the
 * facilitator console (dh-facilitator) `consoleDrill`, each a fresh value on every update of the
 * page. A panel consumes it with `consumeRoom` / `consumeConsole`, naming the fields it reads as
 * its own reactive properties; a property set to the value it already has does not update the
 * panel, so a panel re-renders when what it shows changed, as it did when the page set them.
 */
import { ContextEvent, createContext, type Context } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import type { DrillEvent } from '../../contract/events.js';
import type { ClockView } from '../../contract/messages.js';
import type { FacilitatorView, TraineeView } from './api-types.js';
import type { ConnectionStatus } from './drill-connection.js';
import type { DrillModel } from './drill-model.js';
import type { DrillAccess } from './api.js';

export type { DrillAccess };

/** What the incident room's panels read: the trainee's view of the drill and its live state. */
export interface RoomDrill {
  readonly access: DrillAccess;
  readonly scenario: TraineeView['scenario'];
  readonly changes: TraineeView['changes'];
  readonly you: TraineeView['you'];
  readonly participants: TraineeView['participants'];
  /** the event stream folded, as the socket delivered it */
  readonly model: DrillModel;
  readonly clock: ClockView | undefined;
  /** sim time of the server's last tick */
  readonly t: number;
  /** sim time now, run forward between ticks so clocks and progress bars move smoothly */
  readonly now: number;
  /** why this seat cannot send commands right now ('' when it can) */
  readonly lock: string;
  readonly status: ConnectionStatus;
  readonly attempts: number;
}

export const roomDrill = createContext<RoomDrill>(Symbol('dh-room-drill'));

/** What the facilitator console's panels read: the whole scenario and the live drill. */
export interface ConsoleDrill {
  readonly drillId: string;
  readonly scenario: FacilitatorView['scenario'];
  readonly joinCode: string;
  /** undefined until the live connection starts */
  readonly model: DrillModel | undefined;
  readonly clock: ClockView;
  /** every event so far (the model's, or the loaded view's before the socket speaks) */
  readonly events: readonly DrillEvent[];
  /** the live connection is up: controls can send */
  readonly live: boolean;
}

export const consoleDrill = createContext<ConsoleDrill>(Symbol('dh-console-drill'));

/**
 * Subscribes its host to a drill context and copies the fields `pick` names onto the host's
 * reactive properties whenever the page provides a new value. Not @lit/context's
 * ContextConsumer, which re-renders its host on every new value, whatever it reads of it.
 */
export class DrillConsumer<V, H extends ReactiveElement> implements ReactiveController {
  #unsubscribe?: () => void;

  constructor(private readonly host: H, private readonly context: Context<unknown, V>, private readonly pick: (drill: V) => Partial<H>) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.dispatchEvent(new ContextEvent(this.context, this.host, this.#receive, true));
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /** Stable, so a provider that is asked twice keeps one subscription. */
  #receive = (value: V, unsubscribe?: () => void): void => {
    if (unsubscribe !== this.#unsubscribe) {
      this.#unsubscribe?.();
      this.#unsubscribe = unsubscribe;
    }
    if (value !== undefined) Object.assign(this.host, this.pick(value));
  };
}

/** @example #drill = consumeRoom<DhLogs>(this, (d) => ({ access: d.access, t: d.t, lock: d.lock })); */
export const consumeRoom = <H extends ReactiveElement>(host: H, pick: (drill: RoomDrill) => Partial<H>) => new DrillConsumer(host, roomDrill, pick);

export const consumeConsole = <H extends ReactiveElement>(host: H, pick: (drill: ConsoleDrill) => Partial<H>) => new DrillConsumer(host, consoleDrill, pick);
