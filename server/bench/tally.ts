/**
 * What the fan-out benchmark's clients received, checked as they receive it: every `events`
 * message must continue its client's stream exactly (the next sequence number, no gap, no
 * repeat), and latency is read from the server's `at` stamp. Pure and cheap: only the sequence
 * numbers and the stamp are read off the text, so thousands of clients fit in one process.
 */

/** Milliseconds, counted in 1 ms buckets up to a minute: percentiles without keeping every sample. */
export class Histogram {
  static readonly MAX_MS = 60_000;
  readonly #counts = new Uint32Array(Histogram.MAX_MS + 1);
  count = 0;

  add(ms: number): void {
    this.#counts[Math.min(Histogram.MAX_MS, Math.max(0, Math.round(ms)))]!++;
    this.count++;
  }

  /** The smallest value at or above which `p`% of the samples lie; 0 when empty. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let ms = 0; ms <= Histogram.MAX_MS; ms++) {
      seen += this.#counts[ms]!;
      if (seen >= rank) return ms;
    }
    return Histogram.MAX_MS;
  }

  clear(): void {
    this.#counts.fill(0);
    this.count = 0;
  }
}

/** One client's place in its audience's stream: the next sequence number it must get. */
export interface Cursor {
  next: number | undefined;
  /** events received that continued the stream */
  received: number;
}

export function newCursor(): Cursor {
  return { next: undefined, received: 0 };
}

/** Counts over every client of one server run. */
export interface Integrity {
  /** sequence numbers skipped: events a client never got */
  lost: number;
  /** events that came again or out of order */
  reordered: number;
  /** events before the client had its snapshot (the server must not send any) */
  unsynced: number;
  /** `resync` messages: the server dropped a client for being too slow */
  resyncs: number;
  /** `error` messages */
  errors: number;
}

const EVENT_SEQ = /\{"seq":(\d+),"event":/g;
const AT = /"at":(\d+)\}$/;
const SNAPSHOT = /^\{"type":"snapshot","seq":(\d+),/;

export class Tally implements Integrity {
  lost = 0;
  reordered = 0;
  unsynced = 0;
  resyncs = 0;
  errors = 0;
  messages = 0;
  events = 0;
  readonly latency = new Histogram();
  /** since the last `window()` call */
  #windowEvents = 0;
  readonly #windowLatency = new Histogram();

  /**
   * Take one message a client received.
   * @example tally.take('{"type":"events","events":[{"seq":4,"event":{}}],"at":1}', cursor, 2)
   */
  take(text: string, cursor: Cursor, now = Date.now()): void {
    this.messages++;
    if (text.startsWith('{"type":"events"')) {
      for (const m of text.matchAll(EVENT_SEQ)) this.#sequence(cursor, Number(m[1]));
      const at = AT.exec(text);
      if (at) {
        this.latency.add(now - Number(at[1]));
        this.#windowLatency.add(now - Number(at[1]));
      }
      return;
    }
    const snap = SNAPSHOT.exec(text);
    if (snap) cursor.next = Number(snap[1]) + 1;
    else if (text.startsWith('{"type":"resync"')) this.resyncs++;
    else if (text.startsWith('{"type":"error"')) this.errors++;
  }

  #sequence(cursor: Cursor, seq: number): void {
    this.events++;
    this.#windowEvents++;
    if (cursor.next === undefined) { this.unsynced++; return; }
    if (seq < cursor.next) { this.reordered++; return; }
    this.lost += seq - cursor.next;
    cursor.next = seq + 1;
    cursor.received++;
  }

  /** Events and latency since the last call, then start a new window. */
  window(): { events: number; p50: number; p99: number } {
    const out = { events: this.#windowEvents, p50: this.#windowLatency.percentile(50), p99: this.#windowLatency.percentile(99) };
    this.#windowEvents = 0;
    this.#windowLatency.clear();
    return out;
  }

  /** Forget everything counted so far (after the clients have connected and synced). */
  reset(): void {
    this.messages = this.events = 0;
    this.latency.clear();
    this.window();
  }

  get integrity(): Integrity {
    return { lost: this.lost, reordered: this.reordered, unsynced: this.unsynced, resyncs: this.resyncs, errors: this.errors };
  }
}

/**
 * Least-squares slope of `ys` over `xs` (per unit of x); 0 for fewer than two points.
 * @example slope([0, 1, 2], [5, 6, 7]) // 1
 */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return 0;
  const mx = xs.slice(0, n).reduce((a, x) => a + x, 0) / n;
  const my = ys.slice(0, n).reduce((a, y) => a + y, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
