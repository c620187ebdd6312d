/**
 * The rates one server enforces, worded the same for HTTP and WebSocket: commands and reads per
 * participant, wrong join codes per drill and client address, new drills per address. The
 * limits themselves, and how they are read from DRILLHALL_*, are limits.ts's.
 */
import { tooMany, type Refusal } from '../../contract/refusal.js';
import type { Principal } from './access.js';
import type { Now } from './clock.js';
import { describeRate, limiter, type Limits } from './limits.js';

export class Rates {
  /** by drill and participant: HTTP and WebSocket commands share one bucket */
  readonly #commands;
  readonly #reads;
  /** wrong join codes, by drill and client address */
  readonly #guesses;
  readonly #creates;

  constructor(private readonly limits: Limits, now: Now) {
    this.#commands = limiter(limits.commands, now);
    this.#reads = limiter(limits.queries, now);
    this.#guesses = limiter(limits.joinGuesses, now);
    this.#creates = limiter(limits.creates, now);
  }

  /** One command from `p`. */
  command(p: Principal): Refusal | undefined {
    const slow = this.#commands.take(`${p.drillId}/${p.who}`);
    return slow.ok ? undefined : tooMany('too_many_commands', `too many commands from ${p.name} (the limit is ${describeRate(this.limits.commands)})`, slow.retryAfterSeconds);
  }

  /** A read of `weight` ordinary reads by `p`. */
  read(p: Principal, weight = 1): Refusal | undefined {
    if (weight <= 0) return undefined;
    const slow = this.#reads.take(`${p.drillId}/${p.who}`, weight);
    return slow.ok ? undefined : tooMany('too_many_queries', `too many reads from ${p.name} (the limit is ${describeRate(this.limits.queries)})`, slow.retryAfterSeconds);
  }

  /** A new drill from the client address `from`. */
  create(from: string): Refusal | undefined {
    const slow = this.#creates.take(from);
    return slow.ok ? undefined : tooMany('too_many_drills', `too many new drills from this address (the limit is ${describeRate(this.limits.creates)})`, slow.retryAfterSeconds);
  }

  /** Is `from` locked out of the drill for guessing join codes? Asked before the code is checked. */
  guessesLocked(drillId: string, from: string): Refusal | undefined {
    const locked = this.#guesses.peek(`${drillId}/${from}`);
    return locked.ok ? undefined : tooMany('too_many_guesses', `too many wrong join codes for this drill from this address (the limit is ${describeRate(this.limits.joinGuesses)})`, locked.retryAfterSeconds);
  }

  /** Count a wrong join code from `from`. */
  wrongGuess(drillId: string, from: string): void {
    this.#guesses.take(`${drillId}/${from}`);
  }
}
