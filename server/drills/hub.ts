/**
 * The realtime side of a drill: one WebSocket per client. It knows nothing of HTTP or of `ws`
 * beyond the small `Peer` surface below, so tests can drive it with a fake peer.
 *
 * - A client says `hello` (or `resume`) with the last sequence number it saw and gets exactly
 *   the events it missed, or a snapshot when it is too far behind; then it is live.
 * - Events go out in sequence order, each audience with its own gap-free numbering, and only
 *   once published (on disk).
 * - A peer whose send buffer passes `maxBufferedBytes` is told to resync and dropped, so a slow
 *   client never makes the server buffer without bound.
 * - Heartbeats: a peer that misses a pong between two pings is terminated.
 * - A token may hold `maxConnectionsPerToken` connections and a drill `maxConnectionsPerDrill`
 *   (limits.ts); the counts are the sizes of the sets below, so a closed connection can never be
 *   counted twice or forgotten.
 * - Every client message is checked (size, JSON, schema); a bad one gets an `error` message,
 *   changes nothing, and the connection stays open.
 */
import type { Principal } from './access.js';
import type { Refusal } from '../../contract/refusal.js';
import { describeRate, limiter, type Rate } from './limits.js';
import type { LiveDrill } from './live.js';
import { ClientMessage } from './protocol.js';
import { type ClockView, type ServerMessage } from '../../contract/messages.js';
import type { DrillService } from './service.js';
import { slicer, SLICE_MS } from './slices.js';

/** The part of a `ws` WebSocket the hub uses. */
export interface Peer {
  send(data: string): void;
  readonly bufferedAmount: number;
  ping(): void;
  terminate(): void;
  close(code: number, reason: string): void;
}

export interface HubOptions {
  /** drop a client whose unsent data passes this (bytes) */
  readonly maxBufferedBytes?: number;
  /** longest accepted client message (bytes); longer ones get an error. Default: the service's limits */
  readonly maxMessageBytes?: number;
  /** messages per connection; default: the service's limits (`messages`) */
  readonly messageRate?: Rate | undefined;
  /** ping every this many ms; 0 turns heartbeats off */
  readonly heartbeatMs?: number;
  /** send the clock at most this often (ms) while it runs; changes of speed or phase go at once */
  readonly clockIntervalMs?: number;
  /** a client further behind than this many events gets a snapshot instead of the events */
  readonly resumeWindow?: number;
}

/** WebSocket close code for a client dropped for being too slow; it should reconnect and resume. */
export const CLOSE_SLOW_CONSUMER = 4001;
/**
 * WebSocket close code for a connection over a connection limit that got past the check before the
 * upgrade (several upgrades of one token in flight at once). 4000 + the HTTP status it stands for.
 */
export const CLOSE_TOO_MANY_CONNECTIONS = 4429;
/**
 * Retry-After for a refused connection. No wait frees a slot (closing another connection does), so
 * this only spaces out a client that retries on its own.
 */
export const CONNECTION_RETRY_SECONDS = 10;

let connectionIds = 0;

export class Connection {
  readonly id = ++connectionIds;
  synced = false;
  sentSeq = 0;
  alive = true;
  dropped = false;
  lastClockAt = -Infinity;
  lastClockKey = '';
  constructor(readonly principal: Principal, readonly peer: Peer) {}
}

export class LiveHub {
  readonly #service: DrillService;
  readonly #byDrill = new Map<string, Set<Connection>>();
  /** the same connections by token (drill and who); empty sets are removed */
  readonly #byToken = new Map<string, Set<Connection>>();
  readonly #o: Required<Omit<HubOptions, 'messageRate'>>;
  readonly #messageRate: Rate | undefined;
  readonly #messages;
  #timer: ReturnType<typeof setInterval> | undefined;
  #unsubscribe: () => void;
  dropped = 0;

  constructor(service: DrillService, options: HubOptions = {}) {
    this.#service = service;
    const { messageRate, ...rest } = options;
    this.#o = {
      maxBufferedBytes: 1024 * 1024, maxMessageBytes: service.limits.maxMessageBytes, heartbeatMs: 15_000,
      clockIntervalMs: 1000, resumeWindow: 1000, ...rest,
    };
    this.#messageRate = 'messageRate' in options ? messageRate : service.limits.messages;
    this.#messages = limiter(this.#messageRate, service.now);
    this.#unsubscribe = service.onPublish((d) => this.#broadcast(d));
  }

  get connections(): number {
    let n = 0;
    for (const set of this.#byDrill.values()) n += set.size;
    return n;
  }

  /**
   * May `principal` open one more connection? A refusal (429 `too_many_connections`) names the
   * limit that is full. The HTTP route asks before the upgrade, so a refused client gets a status
   * rather than a socket that closes at once.
   */
  admit(principal: Principal): Refusal | undefined {
    const { maxConnectionsPerToken: perToken, maxConnectionsPerDrill: perDrill } = this.#service.limits;
    if ((this.#byToken.get(tokenKey(principal))?.size ?? 0) >= perToken) {
      return tooManyConnections(`${principal.name} already has ${connections(perToken)} to this drill (the limit is ${perToken} per token); close another tab or window of this drill, then try again`);
    }
    if ((this.#byDrill.get(principal.drillId)?.size ?? 0) >= perDrill) {
      return tooManyConnections(`this drill already has ${connections(perDrill)} (the limit is ${perDrill} per drill); close a tab of this drill you do not need, or try again when someone has left`);
    }
    return undefined;
  }

  /**
   * `open` if `admit` still allows it once the upgrade is done: upgrades in flight together can
   * all pass `admit` before any of them counts. Otherwise the peer gets an `error` with the reason
   * and is closed with CLOSE_TOO_MANY_CONNECTIONS.
   */
  accept(principal: Principal, peer: Peer): Connection | undefined {
    const refused = this.admit(principal);
    if (!refused) return this.open(principal, peer);
    try {
      peer.send(JSON.stringify({ type: 'error', code: refused.code, message: refused.message, retryAfter: refused.retryAfter! } satisfies ServerMessage));
      peer.close(CLOSE_TOO_MANY_CONNECTIONS, 'too many connections');
    } catch { /* the socket is already gone */ }
    return undefined;
  }

  /** A client connected (its token already checked): greet it. It is live after `hello`. Limits are `admit`'s job. */
  open(principal: Principal, peer: Peer): Connection {
    const conn = new Connection(principal, peer);
    const d = this.#service.drill(principal.drillId)!;
    let set = this.#byDrill.get(d.id);
    if (!set) this.#byDrill.set(d.id, (set = new Set()));
    set.add(conn);
    const key = tokenKey(principal);
    let mine = this.#byToken.get(key);
    if (!mine) this.#byToken.set(key, (mine = new Set()));
    mine.add(conn);
    const role = principal.audience === 'trainee' ? { role: principal.role } : {};
    this.#send(conn, { type: 'welcome', drill: d.id, audience: principal.audience, ...role, name: principal.name, seq: d.latestSeq(principal.audience), clock: d.clockView() });
    return conn;
  }

  /** The connection is gone (closed, failed, dropped or terminated). Safe to call more than once. */
  closed(conn: Connection): void {
    forget(this.#byDrill, conn.principal.drillId, conn);
    forget(this.#byToken, tokenKey(conn.principal), conn);
  }

  pong(conn: Connection): void {
    conn.alive = true;
  }

  /** Handle one client message. Resolves when it has been answered. */
  async receive(conn: Connection, data: unknown): Promise<void> {
    if (conn.dropped) return;
    const slow = this.#messages.take(String(conn.id));
    if (!slow.ok) {
      this.#send(conn, {
        type: 'error', code: 'rate_limited', retryAfter: slow.retryAfterSeconds,
        message: `too many messages on this connection (the limit is ${describeRate(this.#messageRate)}); this one was not read; try again in ${slow.retryAfterSeconds} s`,
      });
      return;
    }
    if (typeof data !== 'string') return this.#error(conn, 'binary_not_supported', 'send JSON text messages, not binary');
    const bytes = Buffer.byteLength(data);
    if (bytes > this.#o.maxMessageBytes) return this.#error(conn, 'too_large', `messages are limited to ${this.#o.maxMessageBytes} bytes; this one has ${bytes}`);
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return this.#error(conn, 'bad_json', 'the message is not valid JSON');
    }
    const r = ClientMessage.safeParse(raw);
    if (!r.success) {
      const i = r.error.issues[0]!;
      const id = typeof (raw as { id?: unknown } | null)?.id === 'string' ? (raw as { id: string }).id : undefined;
      return this.#error(conn, 'invalid_message', `${i.path.length ? `${i.path.map(String).join('.')}: ` : ''}${i.message}; messages are hello, resume, command and ping`, id);
    }
    const msg = r.data;
    switch (msg.type) {
      case 'hello':
      case 'resume': return this.#sync(conn, msg.lastSeq);
      case 'ping': {
        this.#send(conn, { type: 'pong', ...(msg.id !== undefined ? { id: msg.id } : {}), t: this.#service.drill(conn.principal.drillId)!.publishedT });
        return;
      }
      case 'command': {
        const res = this.#service.allowCommand(conn.principal) ?? await this.#service.submit(conn.principal, msg.command);
        if (res.ok) this.#send(conn, { type: 'ack', id: msg.id, seq: res.seq });
        else this.#send(conn, { type: 'refused', id: msg.id, status: res.status, code: res.code, message: res.message, ...(res.retryAfter !== undefined ? { retryAfter: res.retryAfter } : {}) });
        return;
      }
    }
  }

  /** Catch a client up from `lastSeq`: the missed events, or a snapshot if they are too many. */
  async #sync(conn: Connection, lastSeq: number | undefined): Promise<void> {
    const d = this.#service.drill(conn.principal.drillId)!;
    const audience = conn.principal.audience;
    const latest = d.latestSeq(audience);
    conn.synced = false;
    if (lastSeq === undefined || lastSeq > latest || latest - lastSeq > this.#o.resumeWindow) {
      const v = await this.#service.view(conn.principal);
      if (!v.ok) return this.#error(conn, v.code, v.message);
      if (!this.#send(conn, { type: 'snapshot', seq: v.view.seq, view: v.view })) return;
      conn.sentSeq = v.view.seq;
    } else {
      if (!this.#send(conn, { type: 'events', events: d.eventsAfter(audience, lastSeq), at: this.#service.now() })) return;
      conn.sentSeq = latest;
    }
    conn.synced = true;
    const now = this.#service.now();
    const clock = d.clockView();
    this.#deliver(conn, d, new Map(), clock, now);
    this.#sendClock(conn, clock, now, true);
  }

  #broadcast(d: LiveDrill): void {
    const cache = new Map<string, string>();
    // One clock and one time for every connection of the drill, as they share one serialisation.
    const now = this.#service.now();
    const clock = d.clockView();
    for (const conn of this.#byDrill.get(d.id) ?? []) {
      this.#deliver(conn, d, cache, clock, now);
      this.#sendClock(conn, clock, now, false);
    }
  }

  /**
   * Send a synced client the events after its cursor. Clients at the same cursor share one
   * serialisation. The clock rides along when it would be due within half its interval, which
   * saves most `clock` messages (a send each) while events flow.
   */
  #deliver(conn: Connection, d: LiveDrill, cache: Map<string, string>, clock: ClockView, now: number): void {
    if (!conn.synced || conn.dropped) return;
    const audience = conn.principal.audience;
    const latest = d.latestSeq(audience);
    if (latest <= conn.sentSeq) return;
    const withClock = this.#clockDue(conn, clock, now, this.#o.clockIntervalMs / 2);
    const key = `${audience}:${conn.sentSeq}:${withClock}`;
    let text = cache.get(key);
    if (text === undefined) {
      text = JSON.stringify({ type: 'events', events: d.eventsAfter(audience, conn.sentSeq), at: now, ...(withClock ? { clock } : {}) } satisfies ServerMessage);
      cache.set(key, text);
    }
    if (!this.#sendText(conn, text)) return;
    conn.sentSeq = latest;
    if (withClock) this.#clockSent(conn, clock, now);
  }

  #sendClock(conn: Connection, clock: ClockView, now: number, force: boolean): void {
    if (!conn.synced || conn.dropped) return;
    if (!force && !this.#clockDue(conn, clock, now, 0)) return;
    this.#clockSent(conn, clock, now);
    this.#send(conn, { type: 'clock', at: now, ...clock });
  }

  /** Is a clock for `conn` due `early` ms from now: changed (phase, speed, fast-forward), or its interval up? */
  #clockDue(conn: Connection, clock: ClockView, now: number, early: number): boolean {
    return clockKey(clock) !== conn.lastClockKey || now - conn.lastClockAt >= this.#o.clockIntervalMs - early;
  }

  #clockSent(conn: Connection, clock: ClockView, now: number): void {
    conn.lastClockKey = clockKey(clock);
    conn.lastClockAt = now;
  }

  #error(conn: Connection, code: string, message: string, id?: string): void {
    this.#send(conn, { type: 'error', code, message, ...(id !== undefined ? { id } : {}) });
  }

  #send(conn: Connection, msg: ServerMessage): boolean {
    return this.#sendText(conn, JSON.stringify(msg));
  }

  /** Send unless the peer is too far behind, in which case tell it to resync and drop it. */
  #sendText(conn: Connection, text: string): boolean {
    if (conn.dropped) return false;
    if (conn.peer.bufferedAmount > this.#o.maxBufferedBytes) {
      this.#drop(conn, `more than ${this.#o.maxBufferedBytes} bytes waiting to be sent: reconnect and resume from your last sequence number`);
      return false;
    }
    try {
      conn.peer.send(text);
      return true;
    } catch {
      this.#drop(conn, 'send failed');
      return false;
    }
  }

  #drop(conn: Connection, reason: string): void {
    conn.dropped = true;
    this.dropped++;
    this.closed(conn);
    try {
      conn.peer.send(JSON.stringify({ type: 'resync', reason } satisfies ServerMessage));
      conn.peer.close(CLOSE_SLOW_CONSUMER, 'too slow: resync');
    } catch { /* the socket is already gone */ }
    // A peer that does not even read the close frame is cut off for good.
    setTimeout(() => conn.peer.terminate(), 5000).unref();
  }

  /**
   * One heartbeat round: terminate peers that never answered the last ping, ping the rest. In
   * slices like the clock's tick: a ping is a send, and thousands at once held commands up.
   */
  async heartbeat(): Promise<void> {
    const slice = slicer(SLICE_MS);
    for (const conn of [...this.#byDrill.values()].flatMap((set) => [...set])) {
      const pause = slice();
      if (pause) await pause;
      if (conn.dropped || !this.#byDrill.get(conn.principal.drillId)?.has(conn)) continue; // gone meanwhile
      if (!conn.alive) { this.closed(conn); conn.peer.terminate(); continue; }
      conn.alive = false;
      try { conn.peer.ping(); } catch { /* closed meanwhile; its close event will clean up */ }
    }
  }

  start(): void {
    if (this.#o.heartbeatMs > 0 && !this.#timer) {
      this.#timer = setInterval(() => void this.heartbeat(), this.#o.heartbeatMs);
      this.#timer.unref();
    }
  }

  /** Stop heartbeats and close every connection ("going away"). */
  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#unsubscribe();
    for (const set of this.#byDrill.values()) {
      for (const conn of set) {
        conn.dropped = true;
        try { conn.peer.close(1001, 'server shutting down'); } catch { /* already closed */ }
        // A peer that does not answer the close frame must not hold the shutdown up.
        setTimeout(() => conn.peer.terminate(), 1000).unref();
      }
    }
    this.#byDrill.clear();
    this.#byToken.clear();
  }
}

const clockKey = (c: ClockView) => `${c.phase}/${c.speed}/${c.untilAlert ?? ''}`;

function tokenKey(p: Principal): string {
  return `${p.drillId}\n${p.who}`;
}

/** Remove `conn` from the set at `key`, and the set once it is empty. */
function forget(sets: Map<string, Set<Connection>>, key: string, conn: Connection): void {
  const set = sets.get(key);
  if (set?.delete(conn) && set.size === 0) sets.delete(key);
}

const connections = (n: number) => `${n} live connection${n === 1 ? '' : 's'}`;

function tooManyConnections(message: string): Refusal {
  return { ok: false, status: 429, code: 'too_many_connections', message, retryAfter: CONNECTION_RETRY_SECONDS };
}
