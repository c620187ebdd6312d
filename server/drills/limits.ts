/**
 * What one client may cost the server: request and message sizes, how often it may send commands
 * and queries, how many people fit in a drill, how many WebSockets a token or a drill may hold
 * open, how much one PromQL query may read, and how many wrong join codes one address may try.
 * Every limit has a default here, an environment variable in `limitsFromEnv`, and a line in
 * docs/api.md ("Limits").
 *
 * Rates are token buckets: `{ count: 60, perSeconds: 60 }` allows a burst of 60 and refills one
 * a second, so a person clicking never notices and a script hammering the server is slowed to
 * the refill rate.
 */
import { formatDuration, parseDuration } from '../../contract/duration.js';
import { MAX_CLIENT_MESSAGE_BYTES } from '../../contract/messages.js';

/** `count` per `perSeconds`, as a bucket of `count` that refills evenly over `perSeconds`. */
export interface Rate {
  readonly count: number;
  readonly perSeconds: number;
}

export interface Limits {
  /** HTTP request bodies larger than this are refused with 413 before they are read */
  readonly maxBodyBytes: number;
  /** WebSocket messages larger than this get an error reply (the socket stays open) */
  readonly maxMessageBytes: number;
  /** commands (HTTP and WebSocket together) per participant token */
  readonly commands: Rate | undefined;
  /** reads (drill view, PromQL, logs) per participant token */
  readonly queries: Rate | undefined;
  /** messages of any kind per WebSocket connection */
  readonly messages: Rate | undefined;
  /** wrong join codes per drill and client address */
  readonly joinGuesses: Rate | undefined;
  /** new drills per client address */
  readonly creates: Rate | undefined;
  /** trainees per drill (the facilitator is not counted) */
  readonly maxParticipants: number;
  /** samples one PromQL query may read: series x points x samples per range window */
  readonly maxQueryCost: number;
  /** open WebSocket connections per participant token (facilitator included): a few tabs, not a flood */
  readonly maxConnectionsPerToken: number;
  /** open WebSocket connections per drill, every token together */
  readonly maxConnectionsPerDrill: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxBodyBytes: 64 * 1024,
  maxMessageBytes: MAX_CLIENT_MESSAGE_BYTES,
  commands: { count: 60, perSeconds: 60 },
  queries: { count: 300, perSeconds: 60 },
  messages: { count: 120, perSeconds: 60 },
  joinGuesses: { count: 10, perSeconds: 600 },
  creates: { count: 30, perSeconds: 3600 },
  maxParticipants: 50,
  maxQueryCost: 20_000_000,
  maxConnectionsPerToken: 8,
  maxConnectionsPerDrill: 200,
};

/**
 * What one read is, for the read rate: a view, or a query of up to this many samples, or a log
 * search of up to this much sim time. Bigger ones count as several reads (both take about
 * 30 ms of CPU on the built-in scenarios).
 */
export const READ_UNIT_SAMPLES = 1_000_000;
export const READ_UNIT_LOG_SECONDS = 900;

/** Every rate off and every size generous: for fuzzing and benchmarks, never for a real server. */
export const NO_RATE_LIMITS: Partial<Limits> = { commands: undefined, queries: undefined, messages: undefined, joinGuesses: undefined, creates: undefined };

/** The environment variable behind each limit. */
export const LIMIT_ENV: Readonly<Record<keyof Limits, string>> = {
  maxBodyBytes: 'DRILLHALL_MAX_BODY_BYTES',
  maxMessageBytes: 'DRILLHALL_MAX_MESSAGE_BYTES',
  commands: 'DRILLHALL_RATE_COMMANDS',
  queries: 'DRILLHALL_RATE_QUERIES',
  messages: 'DRILLHALL_RATE_MESSAGES',
  joinGuesses: 'DRILLHALL_RATE_JOIN_GUESSES',
  creates: 'DRILLHALL_RATE_CREATE',
  maxParticipants: 'DRILLHALL_MAX_PARTICIPANTS',
  maxQueryCost: 'DRILLHALL_MAX_QUERY_COST',
  maxConnectionsPerToken: 'DRILLHALL_MAX_CONNECTIONS_PER_TOKEN',
  maxConnectionsPerDrill: 'DRILLHALL_MAX_CONNECTIONS_PER_DRILL',
};

/**
 * Parse a rate: `60/60s` (60 per minute, in bursts of up to 60), `10/1s`, or `off`.
 * @example parseRate('30/10s') // { count: 30, perSeconds: 10 }
 */
export function parseRate(text: string): Rate | undefined | Error {
  const s = text.trim();
  if (/^(off|none|0)$/i.test(s)) return undefined;
  const m = /^(\d+)\s*\/\s*(\S+)$/.exec(s);
  const count = m ? Number(m[1]) : NaN;
  const per = m ? parseDuration(m[2]!) : undefined;
  if (!m || !Number.isSafeInteger(count) || count < 1 || per === undefined || !(per > 0)) {
    return new Error(`"${text}" is not a rate; write COUNT/DURATION (60/60s, 10/1s, 5/10m) or off`);
  }
  return { count, perSeconds: per };
}

function parseCount(text: string): number | Error {
  const n = Number(text.trim().replace(/_/g, ''));
  return Number.isSafeInteger(n) && n > 0 ? n : new Error(`"${text}" is not a positive whole number`);
}

/**
 * The limits from DRILLHALL_* environment variables over the defaults. A malformed value is an
 * error naming the variable, so a typo never silently means "no limit".
 */
export function limitsFromEnv(env: Readonly<Record<string, string | undefined>>): Limits {
  const out: Record<string, unknown> = { ...DEFAULT_LIMITS };
  for (const [key, name] of Object.entries(LIMIT_ENV) as [keyof Limits, string][]) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const isRate = key === 'commands' || key === 'queries' || key === 'messages' || key === 'joinGuesses' || key === 'creates';
    const v = isRate ? parseRate(raw) : parseCount(raw);
    if (v instanceof Error) throw new Error(`${name}: ${v.message}`);
    out[key] = v;
  }
  return out as unknown as Limits;
}

export function describeRate(r: Rate | undefined): string {
  if (!r) return 'off';
  return `${r.count} per ${formatDuration(r.perSeconds)}`;
}

interface Bucket { tokens: number; at: number }

/** Outcome of taking from a bucket: allowed, or how long until it would be. */
export type Take = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

/**
 * Token buckets by key (a participant, a connection, an address). Memory stays bounded: buckets
 * that have refilled completely carry no information and are swept, and past `maxKeys` the
 * oldest are dropped.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #perMs: number;
  #lastSweep: number;

  constructor(readonly rate: Rate, private readonly now: () => number, private readonly maxKeys = 100_000) {
    this.#perMs = rate.count / (rate.perSeconds * 1000);
    this.#lastSweep = now();
  }

  /** Take `n` tokens for `key` if there are that many (more than a full bucket costs a full bucket). */
  take(key: string, n = 1): Take {
    const need = Math.min(n, this.rate.count);
    const b = this.#refill(key);
    if (b.tokens >= need) {
      b.tokens -= need;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((need - b.tokens) / this.#perMs / 1000)) };
  }

  /** Would `take` succeed? Does not take anything. */
  peek(key: string, n = 1): Take {
    const b = this.#buckets.get(key);
    if (!b) return { ok: true };
    const tokens = Math.min(this.rate.count, b.tokens + Math.max(0, this.now() - b.at) * this.#perMs);
    return tokens >= n ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((n - tokens) / this.#perMs / 1000)) };
  }

  get size(): number { return this.#buckets.size; }

  #refill(key: string): Bucket {
    const now = this.now();
    this.#sweep(now);
    let b = this.#buckets.get(key);
    if (!b) {
      b = { tokens: this.rate.count, at: now };
      this.#buckets.set(key, b);
      if (this.#buckets.size > this.maxKeys) this.#buckets.delete(this.#buckets.keys().next().value!);
      return b;
    }
    b.tokens = Math.min(this.rate.count, b.tokens + Math.max(0, now - b.at) * this.#perMs);
    b.at = now;
    return b;
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < this.rate.perSeconds * 1000) return;
    this.#lastSweep = now;
    for (const [key, b] of this.#buckets) {
      if (b.tokens + Math.max(0, now - b.at) * this.#perMs >= this.rate.count) this.#buckets.delete(key);
    }
  }
}

/** A limiter for `rate`, or one that always allows when the rate is off. */
export function limiter(rate: Rate | undefined, now: () => number): Pick<RateLimiter, 'take' | 'peek'> {
  if (!rate) return { take: () => ({ ok: true }), peek: () => ({ ok: true }) };
  return new RateLimiter(rate, now);
}
