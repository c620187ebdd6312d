/**
 * The drill's live connection as a Lit reactive controller: one WebSocket per page, resumed
 * from the last sequence number after any drop, with its state (connecting, live,
 * reconnecting) on show. Owns the event stream and folds it into the DrillModel.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ClientMessage, ClockView, CommandReply, ServerMessage } from '../../contract/messages.js';
import type { Sequenced } from '../../contract/events.js';
import type { DrillCommand } from '../../contract/commands.js';
import type { DrillView } from './api-types.js';
import { addEvent, EMPTY_MODEL, modelFromSnapshot, type DrillModel } from './drill-model.js';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

export type { CommandReply };

/** What the controller needs from a socket; the browser's WebSocket fits, tests pass a fake. */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface ConnectionOptions {
  readonly drillId: string;
  readonly token: string;
  /** make a socket for a URL; defaults to the browser's WebSocket */
  readonly socket?: (url: string) => SocketLike;
  /** why a connection was refused: the server's message, or undefined if it would be accepted */
  readonly whyRefused?: (drillId: string, token: string) => Promise<string | undefined>;
  /** the server's view of the drill, when a snapshot arrives */
  readonly onSnapshot?: (view: DrillView) => void;
  readonly onEvents?: (events: readonly Sequenced[]) => void;
}

const OPEN = 1;
/** reconnect backoff: 0.5 s doubling to 8 s */
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000];
/** with no message for this long the connection is presumed dead (the server sends clock ticks) */
const SILENCE_MS = 20_000;
const PING_MS = 10_000;

export function liveUrl(drillId: string, token: string, loc: { protocol: string; host: string } = location): string {
  const proto = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${proto}://${loc.host}/api/drills/${encodeURIComponent(drillId)}/live?token=${encodeURIComponent(token)}`;
}

/**
 * The server's answer to a plain GET of the live URL: 426 means an upgrade would be accepted;
 * anything else refused (429 too many connections, 401/403/404) carries its reason.
 */
async function whyRefused(drillId: string, token: string): Promise<string | undefined> {
  const res = await fetch(`/api/drills/${encodeURIComponent(drillId)}/live`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  if (res.status === 426 || res.ok) return undefined;
  const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  const message = body?.error?.message;
  return message ? `${message[0]!.toUpperCase()}${message.slice(1)}.` : undefined;
}

/** Every message to the server goes through here, typed as the protocol has it. */
function send(s: SocketLike, msg: ClientMessage): void {
  s.send(JSON.stringify(msg));
}

export class DrillConnection implements ReactiveController {
  status: ConnectionStatus = 'connecting';
  model: DrillModel = EMPTY_MODEL;
  clock?: ClockView;
  lastSeq = 0;
  /** the last error the server reported on this socket, shown until the next success */
  lastError?: string;
  /**
   * Why the server refused the last connection attempt (too many open tabs, a revoked token), in
   * its words; cleared once a connection is live. A browser cannot read a refused upgrade, so
   * after a socket that never opened the controller asks the same URL over plain HTTP.
   */
  refused?: string;
  attempts = 0;

  #socket?: SocketLike;
  #pending = new Map<string, (r: CommandReply) => void>();
  #nextId = 1;
  #retry?: ReturnType<typeof setTimeout>;
  #ping?: ReturnType<typeof setInterval>;
  #lastMessageAt = 0;
  #stopped = false;

  constructor(private readonly host: ReactiveControllerHost, private readonly opts: ConnectionOptions) {
    host.addController(this);
  }

  hostConnected(): void { this.#stopped = false; this.#open(); }

  hostDisconnected(): void {
    this.#stopped = true;
    clearTimeout(this.#retry);
    clearInterval(this.#ping);
    this.#socket?.close();
    this.status = 'closed';
  }

  /** Send a command; resolves with the server's ack or refusal. Offline sends fail at once. */
  send(command: DrillCommand): Promise<CommandReply> {
    const s = this.#socket;
    if (!s || s.readyState !== OPEN || this.status !== 'live') {
      return Promise.resolve({ ok: false, status: 503, code: 'offline', message: 'Not connected to the drill; reconnecting. Try again in a moment.' });
    }
    const id = `c${this.#nextId++}`;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      send(s, { type: 'command', id, command });
    });
  }

  #open(): void {
    if (this.#stopped) return;
    this.status = this.attempts === 0 ? 'connecting' : 'reconnecting';
    this.host.requestUpdate();
    const make = this.opts.socket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
    const s = make(liveUrl(this.opts.drillId, this.opts.token));
    this.#socket = s;
    let opened = false;
    s.onopen = () => {
      opened = true;
      this.#lastMessageAt = Date.now();
      send(s, { type: 'hello', lastSeq: this.lastSeq });
      clearInterval(this.#ping);
      this.#ping = setInterval(() => this.#heartbeat(), PING_MS);
    };
    s.onmessage = (ev) => this.#onMessage(ev.data);
    s.onerror = () => { /* onclose follows and schedules the retry */ };
    s.onclose = () => {
      if (this.#socket !== s) return;
      clearInterval(this.#ping);
      for (const [, resolve] of this.#pending) resolve({ ok: false, status: 503, code: 'offline', message: 'The connection dropped before the server answered; check the timeline before retrying.' });
      this.#pending.clear();
      if (this.#stopped) return;
      this.status = 'reconnecting';
      const delay = BACKOFF_MS[Math.min(this.attempts, BACKOFF_MS.length - 1)]!;
      this.attempts++;
      this.host.requestUpdate();
      this.#retry = setTimeout(() => this.#open(), delay);
      if (!opened) void this.#askWhy(s);
    };
  }

  async #askWhy(s: SocketLike): Promise<void> {
    const reason = await (this.opts.whyRefused ?? whyRefused)(this.opts.drillId, this.opts.token).catch(() => undefined);
    if (this.#socket !== s || this.status === 'live' || reason === this.refused) return;
    this.refused = reason;
    this.host.requestUpdate();
  }

  #heartbeat(): void {
    const s = this.#socket;
    if (!s || s.readyState !== OPEN) return;
    if (Date.now() - this.#lastMessageAt > SILENCE_MS) { s.close(); return; }
    send(s, { type: 'ping' });
  }

  #onMessage(data: unknown): void {
    this.#lastMessageAt = Date.now();
    let msg: ServerMessage<DrillView>;
    try { msg = JSON.parse(String(data)) as ServerMessage<DrillView>; } catch { return; }
    switch (msg.type) {
      case 'welcome':
        this.status = 'live';
        this.attempts = 0;
        this.refused = undefined;
        this.clock = msg.clock;
        this.model = { ...this.model, clock: msg.clock };
        break;
      case 'snapshot': {
        this.opts.onSnapshot?.(msg.view);
        this.model = modelFromSnapshot(msg.view, this.clock);
        this.lastSeq = msg.seq;
        break;
      }
      case 'events': {
        const fresh = msg.events.filter((s) => s.seq > this.lastSeq);
        let m = this.model;
        for (const s of fresh) m = addEvent(m, s.event);
        this.model = m;
        if (fresh.length) this.lastSeq = fresh[fresh.length - 1]!.seq;
        if (msg.clock) this.#setClock(msg.clock);
        this.opts.onEvents?.(fresh);
        break;
      }
      case 'clock': this.#setClock(msg); break;
      case 'ack': this.#settle(msg.id, { ok: true, seq: msg.seq }); this.lastError = undefined; break;
      case 'refused': { const { type: _t, id, ...refusal } = msg; this.#settle(id, { ok: false, ...refusal }); break; }
      case 'error':
        this.lastError = msg.message;
        if (msg.id) this.#settle(msg.id, { ok: false, status: 400, code: msg.code, message: msg.message });
        break;
      case 'resync':
        // The server dropped us for falling behind: start over from a snapshot.
        this.lastSeq = 0;
        this.model = { ...EMPTY_MODEL, ...(this.clock ? { clock: this.clock } : {}) };
        this.#socket?.close();
        break;
      case 'pong': break;
    }
    this.host.requestUpdate();
  }

  #setClock(c: ClockView): void {
    this.clock = { t: c.t, speed: c.speed, phase: c.phase, paused: c.paused, ...(c.untilAlert !== undefined ? { untilAlert: c.untilAlert } : {}) };
    this.model = { ...this.model, clock: this.clock };
  }

  #settle(id: string, r: CommandReply): void {
    const resolve = this.#pending.get(id);
    if (!resolve) return;
    this.#pending.delete(id);
    resolve(r);
  }
}
