/**
 * Client messages fuzzed: FUZZ_RUNS commands over HTTP (POST /commands through app.request) and
 * FUZZ_RUNS messages over a real WebSocket (300 each in `npm test`, 10,000 each in
 * `npm run fuzz`). Each must end, within CASE_MS, in a documented answer (202/ack, or an error
 * with a code and a message), never a 500, a hang or a changed prototype; a refused message must
 * leave the drill exactly as it was; and every drill must replay from its stored journal to
 * exactly what the server shows.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_MAX_PAYLOAD } from '../../server/node/serve.js';
import { NO_RATE_LIMITS } from '../../server/drills/limits.js';
import { LiveDrill } from '../../server/drills/live.js';
import { ClientMessage } from '../../server/drills/protocol.js';
import { createApp } from '../../server/http/app.js';
import { openMemoryStore } from '../../server/store/lowdb.js';
import { DrillRecord } from '../../server/store/schema.js';
import { catalog, FakeClock, SCENARIO_ID, until } from '../drills/support.js';
import { CASE_MS, FUZZ_RUNS, FUZZ_SEED, pollution, preview, suiteTimeout, Tally, timeBox } from './config.js';
import { listen, type Listening } from './listen.js';
import { httpCaseArb, wsCaseArb, type HttpCase, type Sender, type WsCase } from './message-gen.js';

const scenario = catalog.get(SCENARIO_ID)!.scenario;
/** Drills are replaced after this many cases (and when one ends), each checked by a replay. */
const CASES_PER_DRILL = 150;
const UNCLEAR = /\bundefined\b|\[object Object\]|\bNaN\b/;

interface Drill { readonly id: string; readonly joinCode: string; readonly tokens: Record<Sender, string> }

/** The server under fuzz: a real one (for the WebSocket) and its app (for app.request). */
class Target {
  readonly clock = new FakeClock();
  readonly unexpected: unknown[] = [];
  server!: Listening;
  app!: ReturnType<typeof createApp>;
  drill!: Drill;
  other!: Drill;
  cases = 0;
  replays = 0;

  async start(): Promise<void> {
    this.server = await listen({ store: await openMemoryStore(), catalog, now: this.clock.now, limits: NO_RATE_LIMITS, onUnexpected: (e) => this.unexpected.push(e) });
    this.app = this.server.app;
    this.other = await this.#newDrill();
    this.drill = await this.#newDrill();
  }

  async #post(path: string, body: unknown, token?: string): Promise<any> {
    const res = await this.app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  async #newDrill(): Promise<Drill> {
    const c = await this.#post('/api/drills', { scenarioId: SCENARIO_ID, seed: String(this.replays) });
    const join = async (name: string, role: string) => (await this.#post(`/api/drills/${c.id}/participants`, { joinCode: c.joinCode, name, role })).token as string;
    const tokens = { facilitator: c.facilitatorToken as string, trainee: await join('Ada', 'commander'), observer: await join('Obs', 'observer') };
    await this.#post(`/api/drills/${c.id}/commands`, { type: 'start', speed: 60 }, tokens.facilitator);
    await this.tick(600);
    return { id: c.id, joinCode: c.joinCode, tokens };
  }

  live(): LiveDrill { return this.server.service.drill(this.drill.id)!; }

  /** Everything a refused message must not change. */
  snapshot(): string {
    const d = this.live();
    const e = d.engine;
    return JSON.stringify([this.server.store.get(d.id), d.timeline.length, d.latestSeq('facilitator'), d.latestSeq('trainee'), d.clockView(), e.incident, e.teams, e.runs, [...e.alerts.values()], e.t]);
  }

  async tick(simSeconds: number): Promise<void> {
    this.clock.wait(simSeconds / 60);
    await this.server.service.tick();
  }

  /** Between cases: move time now and then; replace a drill that has ended or had its share. */
  async between(): Promise<boolean> {
    this.cases++;
    if (this.cases % 25 === 0) await this.tick(30);
    if (this.cases % CASES_PER_DRILL === 0 || this.live().clock.phase === 'ended') {
      this.replay();
      this.drill = await this.#newDrill();
      return true;
    }
    return false;
  }

  /**
   * The stored record, read back as the file store would (JSON, then the schema), replays to
   * exactly the live drill's event stream.
   */
  replay(): void {
    const d = this.live();
    const stored = DrillRecord.parse(JSON.parse(JSON.stringify(this.server.store.get(d.id))));
    const again = LiveDrill.restore(stored, scenario, this.clock.now);
    expect(JSON.stringify(again.timeline)).toBe(JSON.stringify(d.timeline));
    expect(JSON.stringify(again.eventsAfter('trainee', 0))).toBe(JSON.stringify(d.eventsAfter('trainee', 0)));
    this.replays++;
  }

  async close(): Promise<void> {
    await this.server?.close();
  }
}

const target = new Target();
beforeAll(() => target.start());
afterAll(() => target.close());

function tokenFor(c: HttpCase): string | undefined {
  if (c.as === 'no-token') return undefined;
  if (c.as === 'bad-token') return 'dh_notatoken';
  if (c.as === 'other-drill') return target.other.tokens.facilitator;
  return target.drill.tokens[c.as];
}

const HTTP_STATUSES = new Set([202, 400, 401, 403, 409, 413, 415]);

describe('client messages over HTTP: POST /api/drills/:id/commands', () => {
  it(`end in 202 or a documented error, change nothing when refused, and replay exactly (${FUZZ_RUNS} requests)`, async () => {
    const tally = new Tally();
    const unclear = new Set<string>();
    const result = await fc.check(fc.asyncProperty(httpCaseArb(scenario), async (c) => {
      const before = target.snapshot();
      const journal = target.server.store.get(target.drill.id)!.log.length;
      const token = tokenFor(c);
      const headers: Record<string, string> = { ...(c.contentType !== undefined ? { 'Content-Type': c.contentType } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) };
      const started = performance.now();
      const res = await timeBox(Promise.resolve(target.app.request(`/api/drills/${target.drill.id}/commands`, { method: 'POST', headers, body: c.body })), CASE_MS, `POST ${preview(c.body, 80)}`);
      const text = await res.text();
      tally.time(performance.now() - started, `${c.kind} ${preview(c.body, 60)}`);
      if (target.unexpected.length > 0) throw new Error(`500: ${String((target.unexpected.pop() as Error)?.stack)}`);
      expect(HTTP_STATUSES.has(res.status), `status ${res.status}: ${text.slice(0, 300)}`).toBe(true);
      const body = JSON.parse(text);
      if (res.status === 202) {
        tally.add('=> 202');
        expect(body).toEqual({ seq: expect.any(Number), events: expect.any(Array) });
        expect(target.server.store.get(target.drill.id)!.log.length).toBe(journal + 1);
      } else {
        tally.add(`=> ${res.status} ${body.error?.code}`);
        expect(body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
        expect(body.error.message.length).toBeGreaterThan(0);
        if (UNCLEAR.test(body.error.message)) unclear.add(body.error.message.slice(0, 200));
        expect(target.snapshot()).toBe(before);
      }
      expect(pollution()).toBeUndefined();
      tally.add(c.kind);
      await target.between();
    }), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED });
    target.replay();
    console.log(tally.line(`HTTP message fuzz: ${FUZZ_RUNS} requests over ${target.replays} replayed drills`));
    if (unclear.size > 0) console.log(`HTTP message fuzz: messages that read as if built from a missing value:\n  ${[...unclear].slice(0, 5).join('\n  ')}`);
    if (result.failed) {
      const c = result.counterexample?.[0];
      throw new Error(`HTTP message fuzz failed (replay: FUZZ_SEED=${result.seed}, path ${result.counterexamplePath}) on ${c ? `${c.kind} as ${c.as} (${c.contentType}) ${preview(c.body, 1500)}` : '?'}:\n${(result.errorInstance as Error | undefined)?.message ?? String(result.errorInstance)}`);
    }
  }, suiteTimeout(40));
});

/** A real `ws` client that keeps what it receives until the next case. */
class Client {
  messages: any[] = [];
  closed: { code: number; reason: string } | undefined;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, binary) => this.messages.push(binary ? { type: '(binary)' } : JSON.parse(String(data))));
    ws.on('close', (code, reason) => { this.closed = { code, reason: String(reason) }; });
    ws.on('error', () => undefined);
  }

  static async open(drillId: string, token: string): Promise<Client> {
    const ws = new WebSocket(`${target.server.url.replace('http', 'ws')}/api/drills/${drillId}/live?token=${token}`);
    const c = new Client(ws);
    await new Promise<void>((res, rej) => { ws.once('open', () => res()); ws.once('error', rej); });
    await until(() => c.messages.some((m) => m.type === 'welcome'), 'welcome', CASE_MS);
    c.messages = [];
    return c;
  }

  has(pred: (m: any) => boolean): boolean { return this.messages.some(pred); }
}

const SERVER_TYPES = new Set(['welcome', 'snapshot', 'events', 'clock', 'ack', 'refused', 'error', 'pong', 'resync']);
const WS_ERRORS = new Set(['bad_json', 'invalid_message', 'too_large', 'binary_not_supported']);

describe('client messages over a real WebSocket', () => {
  it(`end in a documented reply (or a documented close), change nothing when refused, and replay exactly (${FUZZ_RUNS} messages)`, async () => {
    const tally = new Tally();
    const clients = new Map<Sender, Client>();
    const client = async (as: Sender) => {
      let c = clients.get(as);
      if (!c || c.closed) clients.set(as, (c = await Client.open(target.drill.id, target.drill.tokens[as])));
      return c;
    };
    const reconnectAll = () => { for (const c of clients.values()) c.ws.terminate(); clients.clear(); };
    let n = 0;
    const result = await fc.check(fc.asyncProperty(wsCaseArb(scenario), async (c: WsCase) => {
      const k = ++n;
      const conn = await client(c.as);
      conn.messages = [];
      const before = target.snapshot();
      const started = performance.now();
      const size = typeof c.frame === 'string' ? Buffer.byteLength(c.frame) : c.frame.bytes.length;
      // What the server should answer with, from the message as the protocol reads it.
      let envelope: ClientMessage | undefined;
      if (typeof c.frame === 'string' && size <= target.server.service.limits.maxMessageBytes) {
        try { const r = ClientMessage.safeParse(JSON.parse(c.frame)); if (r.success) envelope = r.data; } catch { /* not JSON */ }
      }
      if (typeof c.frame === 'string') conn.ws.send(c.frame);
      else conn.ws.send(c.frame.bytes, { binary: !c.frame.asText });
      const closes = size > WS_MAX_PAYLOAD || (typeof c.frame !== 'string' && c.frame.asText);
      if (closes) {
        // Past the hard limit, or not UTF-8: the socket is closed (1009, 1007), by the protocol.
        const closed = await until(() => conn.closed, 'the close', CASE_MS);
        expect([1007, 1009]).toContain(closed.code);
        tally.add(`=> closed ${closed.code}`);
      } else {
        conn.ws.send(JSON.stringify({ type: 'ping', id: `fz${k}` }));
        await until(() => conn.has((m) => m.type === 'pong' && m.id === `fz${k}`)
          && (envelope?.type !== 'command' || conn.has((m) => (m.type === 'ack' || m.type === 'refused') && m.id === envelope.id))
          && ((envelope?.type !== 'hello' && envelope?.type !== 'resume') || conn.has((m) => m.type === 'snapshot' || m.type === 'events' || m.type === 'error')), `the answer to case ${k}`, CASE_MS)
          .catch((err: Error) => { throw new Error(`${err.message}; received ${preview(JSON.stringify(conn.messages), 400)}`); });
        expect(conn.closed).toBeUndefined();
      }
      tally.time(performance.now() - started, `${c.kind}`);
      if (target.unexpected.length > 0) throw new Error(`unexpected: ${String((target.unexpected.pop() as Error)?.stack)}`);
      let acked = false;
      for (const m of conn.messages) {
        expect(SERVER_TYPES.has(m.type), `unknown message ${preview(JSON.stringify(m), 200)}`).toBe(true);
        if (m.type === 'error') { expect(WS_ERRORS.has(m.code), `error code ${m.code}`).toBe(true); expect(m.message.length).toBeGreaterThan(0); tally.add(`=> error ${m.code}`); }
        if (m.type === 'refused') { expect([400, 403, 409]).toContain(m.status); tally.add(`=> refused ${m.status}`); }
        if (m.type === 'ack' && envelope?.type === 'command' && m.id === envelope.id) { acked = true; tally.add('=> ack'); }
      }
      if (!acked) expect(target.snapshot()).toBe(before);
      expect(pollution()).toBeUndefined();
      tally.add(c.kind);
      if (await target.between()) reconnectAll();
    }), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED });
    for (const c of clients.values()) c.ws.terminate();
    target.replay();
    console.log(tally.line(`WebSocket message fuzz: ${FUZZ_RUNS} messages over ${target.replays} replayed drills`));
    if (result.failed) {
      const c = result.counterexample?.[0];
      throw new Error(`WebSocket message fuzz failed (replay: FUZZ_SEED=${result.seed}, path ${result.counterexamplePath}) on ${c ? `${c.kind} as ${c.as} ${typeof c.frame === 'string' ? preview(c.frame, 1500) : `bytes ${Buffer.from(c.frame.bytes).toString('hex').slice(0, 200)}`}` : '?'}:\n${(result.errorInstance as Error | undefined)?.message ?? String(result.errorInstance)}`);
    }
    expect(pollution()).toBeUndefined();
  }, suiteTimeout(60));
});
