/**
 * Re-render a host on a fixed interval while it is on the page, and only while `active()`
 * says so: a running clock display moves between the server's once-a-second clock messages.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class TickController implements ReactiveController {
  #timer?: ReturnType<typeof setInterval>;

  constructor(private readonly host: ReactiveControllerHost, private readonly ms: number, private readonly active: () => boolean = () => true) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#timer = setInterval(() => { if (this.active()) this.host.requestUpdate(); }, this.ms);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/**
 * Where the sim clock is now, between server clock messages: the last reported time moved on
 * by the speed, never more than `maxAheadS` wall seconds past the report (a late message must
 * not let the display run away).
 * @example estimateSimTime({ t: 600, speed: 60, phase: 'running' }, 500) // 630
 */
export function estimateSimTime(clock: { t: number; speed: number; phase: string }, elapsedMs: number, maxAheadS = 1.5): number {
  if (clock.phase !== 'running') return clock.t;
  const ahead = Math.min(Math.max(0, elapsedMs) / 1000, maxAheadS);
  return clock.t + ahead * clock.speed;
}
