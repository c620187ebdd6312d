import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../server/node/serve.js';
import { openMemoryStore } from '../../server/store/lowdb.js';
import { catalog, FakeClock, until } from './support.js';

/** A real `ws` client that keeps every message it gets. */
class Client {
  readonly messages: any[] = [];
  closed: { code: number; reason: string } | undefined;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.messages.push(JSON.parse(String(data))));
    ws.on('close', (code, reason) => { this.closed = { code, reason: String(reason) }; });
  }
  static async open(url: string, protocols?: string[]): Promise<Client> {
    const ws = new WebSocket(url, protocols);
    const c = new Client(ws);
    await new Promise<void>((res, rej) => { ws.once('open', () => res()); ws.once('error', rej); });
    return c;
  }
  send(msg: unknown): void { this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg)); }
  of(type: string): any[] { return this.messages.filter((m) => m.type === type); }
  events(): any[] { return [...this.of('snapshot').flatMap((m) => m.view.events), ...this.of('events').flatMap((m) => m.events)]; }
  lastSeq(): number { return this.events().at(-1)?.seq ?? 0; }
  async close(): Promise<void> {
    if (this.closed) return;
    this.ws.close();
    await until(() => this.closed, 'close');
  }
}

let server: RunningServer;
let clock: FakeClock;
const clients: Client[] = [];

beforeEach(async () => {
  clock = new FakeClock();
  server = await startServer({ port: 0, hostname: '127.0.0.1', store: await openMemoryStore(), catalog, now: clock.now, tickMs: 0, hub: { heartbeatMs: 0 }, webRoot: '/nonexistent' });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

async function api(method: string, path: string, token?: string, body?: unknown): Promise<any> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

async function drill(names: string[]): Promise<{ id: string; fac: string; tokens: string[] }> {
  const c = await api('POST', '/api/drills', undefined, { scenarioId: 'checkout-db-pool', seed: '3' });
  const tokens: string[] = [];
  for (const name of names) tokens.push((await api('POST', `/api/drills/${c.body.id}/participants`, undefined, { joinCode: c.body.joinCode, name, role: 'operations' })).body.token);
  return { id: c.body.id, fac: c.body.facilitatorToken, tokens };
}

async function live(id: string, token: string, hello: unknown = { type: 'hello' }): Promise<Client> {
  const c = await Client.open(`${server.url.replace('http', 'ws')}/api/drills/${id}/live?token=${token}`);
  clients.push(c);
  await until(() => c.of('welcome').length > 0, 'welcome');
  if (hello) c.send(hello);
  return c;
}

async function tick(simSeconds: number, speed: number): Promise<void> {
  clock.wait(simSeconds / speed);
  await server.service.tick();
}

describe('the live WebSocket', () => {
  it('shows two trainees the same events in the same order', async () => {
    const d = await drill(['Ada', 'Bo']);
    const [a, b] = [await live(d.id, d.tokens[0]!), await live(d.id, d.tokens[1]!)];
    await api('POST', `/api/drills/${d.id}/commands`, d.fac, { type: 'start', speed: 60 });
    for (let i = 0; i < 12; i++) {
      await tick(60, 60);
      if (i === 6) await api('POST', `/api/drills/${d.id}/commands`, d.tokens[0], { type: 'declare_incident', severity: 'SEV2' });
      if (i === 8) {
        b.send({ type: 'command', id: 'n1', command: { type: 'add_note', text: 'from the socket' } });
        await until(() => b.of('ack').length > 0, 'the ack');
      }
    }
    const latest = server.service.drill(d.id)!.latestSeq('trainee');
    await until(() => a.lastSeq() === latest && b.lastSeq() === latest, 'both clients to catch up');
    expect(a.events()).toEqual(b.events());
    expect(a.events().map((e) => e.seq)).toEqual(Array.from({ length: latest }, (_, i) => i + 1));
    const types = a.events().map((e) => e.event.type);
    expect(types).toEqual(expect.arrayContaining(['drill_started', 'change', 'alert_firing', 'incident_declared', 'note_added']));
    expect(types).not.toContain('fault_started');
    expect(b.of('ack')).toEqual([{ type: 'ack', id: 'n1', seq: expect.any(Number) }]);
    expect([...a.of('clock'), ...a.of('events').flatMap((m) => m.clock ?? [])].sort((x, y) => x.t - y.t).at(-1)).toMatchObject({ t: 720, speed: 60, phase: 'running' });
  });

  it('gives a reconnecting client exactly the events it missed', async () => {
    const d = await drill(['Ada']);
    const first = await live(d.id, d.tokens[0]!);
    await api('POST', `/api/drills/${d.id}/commands`, d.fac, { type: 'start', speed: 60 });
    await tick(300, 60);
    const drillNow = server.service.drill(d.id)!;
    await until(() => first.lastSeq() === drillNow.latestSeq('trainee'), 'first events');
    const lastSeq = first.lastSeq();
    const seen = first.events();
    await first.close();
    await tick(600, 60);
    await api('POST', `/api/drills/${d.id}/commands`, d.tokens[0], { type: 'add_note', text: 'while away' });
    const again = await live(d.id, d.tokens[0]!, { type: 'resume', lastSeq });
    const latest = drillNow.latestSeq('trainee');
    await until(() => again.of('events').length > 0, 'missed events');
    const missed = again.of('events')[0].events;
    expect(missed.map((e: any) => e.seq)).toEqual(Array.from({ length: latest - lastSeq }, (_, i) => lastSeq + i + 1));
    expect(again.of('snapshot')).toEqual([]);
    // Together they are the whole stream, as a fresh client's snapshot shows it.
    const fresh = await live(d.id, d.tokens[0]!);
    await until(() => fresh.of('snapshot').length > 0, 'snapshot');
    expect([...seen, ...missed]).toEqual(fresh.of('snapshot')[0].view.events);
  });

  it('answers oversized and malformed messages with an error and keeps the connection', async () => {
    const d = await drill(['Ada']);
    const c = await live(d.id, d.tokens[0]!);
    c.send('{"type":"ping"');
    c.send({ type: 'ping', id: 'x'.repeat(40 * 1024) });
    c.send({ type: 'launch' });
    await until(() => c.of('error').length === 3, 'three errors');
    expect(c.of('error').map((m) => m.code)).toEqual(['bad_json', 'too_large', 'invalid_message']);
    c.send({ type: 'ping', id: 'still-here' });
    await until(() => c.of('pong').length === 1, 'pong');
    expect(c.closed).toBeUndefined();
    // Past the hard limit (ws maxPayload) the socket is closed with 1009 instead.
    c.send('x'.repeat(300 * 1024));
    await until(() => c.closed, 'close');
    expect(c.closed!.code).toBe(1009);
  });

  it('checks the token on upgrade: 401 without a valid one, a token subprotocol works', async () => {
    const d = await drill(['Ada']);
    const refused = new WebSocket(`${server.url.replace('http', 'ws')}/api/drills/${d.id}/live?token=dh_nope`);
    const status = await new Promise<number>((res) => refused.on('unexpected-response', (_req, r) => res(r.statusCode ?? 0)));
    expect(status).toBe(401);
    const other = await drill(['Eve']);
    const cross = new WebSocket(`${server.url.replace('http', 'ws')}/api/drills/${d.id}/live?token=${other.tokens[0]}`);
    expect(await new Promise<number>((res) => cross.on('unexpected-response', (_req, r) => res(r.statusCode ?? 0)))).toBe(403);
    const viaProtocol = await Client.open(`${server.url.replace('http', 'ws')}/api/drills/${d.id}/live`, ['drillhall', `token.${d.tokens[0]}`]);
    clients.push(viaProtocol);
    expect(viaProtocol.ws.protocol).toBe('drillhall');
    await until(() => viaProtocol.of('welcome').length > 0, 'welcome');
    expect(viaProtocol.of('welcome')[0]).toMatchObject({ audience: 'trainee', name: 'Ada' });
  });
});
