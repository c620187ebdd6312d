/**
 * Which drills are in memory. Created, running and paused drills always are; an ended one is
 * rebuilt from its journal when someone asks for it (a report, a postmortem, the team's history)
 * and kept among the MAX_ENDED_IN_MEMORY most recently used, so memory follows the drills being
 * run, not every drill ever stored (`npm run bench`, "heap as ended drills accumulate").
 */
import type { LiveDrill } from './live.js';

export const MAX_ENDED_IN_MEMORY = 8;

export class ResidentDrills {
  readonly #drills = new Map<string, LiveDrill>();
  /** ended drills in memory, least recently used first */
  readonly #ended = new Set<string>();

  /** `leave` is told when an ended drill leaves memory (the store can let go of its journal). */
  constructor(private readonly leave: (id: string) => void, private readonly maxEnded = MAX_ENDED_IN_MEMORY) {}

  /** The drill if it is in memory, else `load(id)`'s; an ended one counts as just used. */
  get(id: string, load: (id: string) => LiveDrill | undefined): LiveDrill | undefined {
    const d = this.#drills.get(id) ?? load(id);
    if (d) this.touch(d);
    return d;
  }

  /** A drill was just used (or just ended): an ended one joins the most recently used. */
  touch(d: LiveDrill): void {
    if (d.clock.phase === 'ended') this.#used(d.id);
  }

  /** The drill if it is in memory now, without loading it. */
  peek(id: string): LiveDrill | undefined {
    return this.#drills.get(id);
  }

  add(d: LiveDrill): void {
    this.#drills.set(d.id, d);
  }

  values(): IterableIterator<LiveDrill> {
    return this.#drills.values();
  }

  #used(id: string): void {
    this.#ended.delete(id);
    this.#ended.add(id);
    for (const old of this.#ended) {
      if (this.#ended.size <= this.maxEnded) break;
      this.#ended.delete(old);
      this.#drills.delete(old);
      this.leave(old);
    }
  }
}
