/**
 * The live clock: wall time to sim time. While running, simT = t0 + (now - wallStart) * speed;
 * pausing freezes it. `now` is injected so tests move time by hand and nothing sleeps.
 */
import { roundTime } from '../sim/engine.js';
import type { ClockPhase } from '../../contract/journal.js';
import type { ClockView } from '../../contract/messages.js';

/** Milliseconds since some epoch; `Date.now` in production, a counter in tests. */
export type Now = () => number;

export interface ClockState {
  readonly t: number;
  readonly speed: number;
  readonly phase: ClockPhase;
}

export class LiveClock {
  #t0: number;
  #wallStart: number;
  #speed: number;
  #phase: ClockPhase;

  constructor(private readonly now: Now, state: ClockState) {
    this.#t0 = state.t;
    this.#speed = state.speed;
    this.#phase = state.phase;
    this.#wallStart = now();
  }

  get phase(): ClockPhase { return this.#phase; }
  get speed(): number { return this.#speed; }

  /** Current sim time, rounded to the millisecond like every time the engine keeps. */
  get t(): number {
    if (this.#phase !== 'running') return this.#t0;
    return Math.max(this.#t0, roundTime(this.#t0 + ((this.now() - this.#wallStart) / 1000) * this.#speed));
  }

  /**
   * Re-anchor at sim time `t` (the time the control was stamped with), so the stamped time and
   * the clock agree exactly.
   */
  #anchor(t: number): void {
    this.#t0 = t;
    this.#wallStart = this.now();
  }

  start(t: number, speed = this.#speed): void { this.#anchor(t); this.#speed = speed; this.#phase = 'running'; }
  pause(t: number): void { this.#anchor(t); this.#phase = 'paused'; }
  resume(t: number): void { this.#anchor(t); this.#phase = 'running'; }
  setSpeed(t: number, speed: number): void { this.#anchor(t); this.#speed = speed; }
  end(t: number): void { this.#anchor(t); this.#phase = 'ended'; }

  /** The clock as stored: a running clock is saved with the sim time it has reached. */
  state(t = this.t): ClockState {
    return { t, speed: this.#speed, phase: this.#phase };
  }

  view(t = this.t): ClockView {
    return { t, speed: this.#speed, phase: this.#phase, paused: this.#phase !== 'running' };
  }
}
