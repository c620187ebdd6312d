/**
 * Every limit of docs/api.md "Limits", hit on purpose: a clear status and message, Retry-After on
 * 429, and nothing changed by the refused request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Principal } from '../../server/drills/access.js';
import { CLOSE_TOO_MANY_CONNECTIONS, LiveHub, type Peer } from '../../server/drills/hub.js';
import type { Limits } from '../../server/drills/limits.js';
import { DrillService } from '../../server/drills/service.js';
import { createApp } from '../../server/http/app.js';
import { openMemoryStore } from '../../server/store/lowdb.js';
import { call, catalog, command, FakeClock, runFor, setupDrill, until, type DrillSetup, type Harness } from '../drills/support.js';
import { listen, type Listening } from '../fuzz/listen.js';

async function limited(limits: Partial<Limits>): Promise<Harness> {
  const clock = new FakeClock();
  const store = await openMemoryStore();
  const service = await DrillService.open({ store, catalog, now: clock.now, limits });
  const hub = new LiveHub(service, { heartbeatMs: 0 });
  const app = createApp({ service, hub, webRoot: '/nonexistent', onUnexpected: (err) => { throw err; } });
  return { clock, store, service, hub, app };
}

/** A request from a given client address, as @hono/node-server would pass it. */
function from(h: Harness, address: string, path: string, body: unknown) {
  return h.app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, { incoming: { socket: { remoteAddress: address } } });
}

class FakePeer implements Peer {
  readonly sent: any[] = [];
  bufferedAmount = 0;
  closed: { code: number; reason: string } | undefined;
  terminated = false;
  send(data: string): void { this.sent.push(JSON.parse(data)); }
  ping(): void {}
  terminate(): void { this.terminated = true; }
  close(code: number, reason: string): void { this.closed = { code, reason }; }
}

describe('request bodies', () => {
  it('are refused with 413 past DRILLHALL_MAX_BODY_BYTES, before they are read', async () => {
    const h = await limited({ maxBodyBytes: 1000 });
    const d = await setupDrill(h.app);
    const r = await call(h.app, 'POST', `/api/drills/${d.id}/commands`, { token: d.facilitator, body: { type: 'inject_message', from: 'CEO', text: 'x'.repeat(2000) } });
    expect(r.status).toBe(413);
    expect(r.body.error).toEqual({ code: 'too_large', message: 'request bodies are limited to 1000 bytes' });
    expect(h.store.get(d.id)!.log.filter((e) => e.kind === 'command').map((e) => e.command.type), 'only the role Ada took by joining as commander').toEqual(['assign_role']);
  });
});

describe('commands per participant', () => {
  it('are limited across HTTP and WebSocket: 429 with Retry-After, refused over the socket, nothing stored', async () => {
    const h = await limited({ commands: { count: 3, perSeconds: 30 } });
    const d = await setupDrill(h.app);
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
    const ada = d.trainees.Ada!;
    await command(h.app, d, ada, { type: 'add_note', text: 'one' });
    // A malformed command costs the same as a good one.
    expect((await call(h.app, 'POST', `/api/drills/${d.id}/commands`, { token: ada, body: { type: 'nope' } })).status).toBe(400);
    const auth = h.service.authenticate(d.id, ada);
    if (!auth.ok) throw new Error(auth.message);
    const peer = new FakePeer();
    const conn = h.hub.open(auth.principal, peer);
    await h.hub.receive(conn, JSON.stringify({ type: 'command', id: 'c3', command: { type: 'add_note', text: 'three' } }));
    expect(peer.sent.at(-1)).toMatchObject({ type: 'ack', id: 'c3' });
    const journal = h.store.get(d.id)!.log.length;

    const r = await call(h.app, 'POST', `/api/drills/${d.id}/commands`, { token: ada, body: { type: 'add_note', text: 'four' } });
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('too_many_commands');
    expect(r.body.error.message).toBe('too many commands from Ada (the limit is 3 per 30s); try again in 10 s');
    const res = await h.app.request(`/api/drills/${d.id}/commands`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ada}` }, body: '{"type":"add_note","text":"five"}' });
    expect(res.status).toBe(429);
    expect(res.headers.get('Retry-After')).toBe('10');
    await h.hub.receive(conn, JSON.stringify({ type: 'command', id: 'c6', command: { type: 'add_note', text: 'six' } }));
    expect(peer.sent.at(-1)).toEqual({ type: 'refused', id: 'c6', status: 429, code: 'too_many_commands', message: expect.stringContaining('too many commands from Ada'), retryAfter: 10 });
    expect(h.store.get(d.id)!.log.length).toBe(journal);

    // Others have their own bucket; Ada's refills with time.
    await command(h.app, d, d.facilitator, { type: 'inject_message', from: 'CEO', text: 'status?' });
    h.clock.wait(10);
    await command(h.app, d, ada, { type: 'add_note', text: 'later' });
  });
});

describe('reads per participant', () => {
  it('limit views, PromQL and logs together with 429', async () => {
    const h = await limited({ queries: { count: 3, perSeconds: 60 } });
    const d = await setupDrill(h.app);
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
    await runFor(h, 600, 60);
    const ada = d.trainees.Ada!;
    expect((await call(h.app, 'GET', `/api/drills/${d.id}`, { token: ada })).status).toBe(200);
    expect((await call(h.app, 'GET', `/api/drills/${d.id}/query?expr=up`, { token: ada })).status).toBe(200);
    expect((await call(h.app, 'GET', `/api/drills/${d.id}/logs`, { token: ada })).status).toBe(200);
    const r = await call(h.app, 'GET', `/api/drills/${d.id}/query?expr=up`, { token: ada });
    expect(r.status).toBe(429);
    expect(r.body.error).toEqual({ code: 'too_many_queries', message: 'too many reads from Ada (the limit is 3 per 1m); try again in 20 s' });
    expect((await call(h.app, 'GET', `/api/drills/${d.id}`, { token: d.facilitator })).status).toBe(200);
  });
});

describe('heavy reads', () => {
  it('count as several: a log search per 15 minutes of sim time, a query per million samples', async () => {
    const h = await limited({ queries: { count: 12, perSeconds: 60 } });
    const d = await setupDrill(h.app);
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
    await runFor(h, 7200, 60);
    const ada = d.trainees.Ada!;
    // Two hours of logs: 8 reads. Then 4 left.
    expect((await call(h.app, 'GET', `/api/drills/${d.id}/logs?from=0&to=2h`, { token: ada })).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await call(h.app, 'GET', `/api/drills/${d.id}/query?expr=up`, { token: ada })).status).toBe(200);
    expect((await call(h.app, 'GET', `/api/drills/${d.id}/query?expr=up`, { token: ada })).status).toBe(429);
    h.clock.wait(60);
    // 30 buckets x 481 points x 240 samples per 1h window: 3.5 million samples, 1 + 3 reads.
    const q = `/api/drills/${d.id}/query?expr=${encodeURIComponent('max_over_time(http_request_duration_seconds_bucket[1h])')}&start=0&end=2h&step=15s`;
    for (let i = 0; i < 3; i++) expect((await call(h.app, 'GET', q, { token: ada })).status).toBe(200);
    const r = await call(h.app, 'GET', q, { token: ada });
    expect([r.status, r.body.error.code]).toEqual([429, 'too_many_queries']);
  });
});

describe('messages per WebSocket connection', () => {
  it('answer the one over the limit with rate_limited and keep the connection', async () => {
    const h = await limited({ messages: { count: 2, perSeconds: 10 } });
    const d = await setupDrill(h.app);
    const r = h.service.authenticate(d.id, d.trainees.Ada!);
    if (!r.ok) throw new Error(r.message);
    const peer = new FakePeer();
    const conn = h.hub.open(r.principal, peer);
    await h.hub.receive(conn, '{"type":"ping","id":"1"}');
    await h.hub.receive(conn, 'not even json');
    await h.hub.receive(conn, '{"type":"ping","id":"3"}');
    expect(peer.sent.slice(1).map((m) => m.type === 'error' ? m.code : m.type)).toEqual(['pong', 'bad_json', 'rate_limited']);
    expect(peer.sent.at(-1)).toEqual({ type: 'error', code: 'rate_limited', retryAfter: 5, message: 'too many messages on this connection (the limit is 2 per 10s); this one was not read; try again in 5 s' });
    // A second connection of the same person has its own allowance.
    const other = new FakePeer();
    await h.hub.receive(h.hub.open(r.principal, other), '{"type":"ping","id":"x"}');
    expect(other.sent.at(-1)).toMatchObject({ type: 'pong', id: 'x' });
    h.clock.wait(5);
    await h.hub.receive(conn, '{"type":"ping","id":"4"}');
    expect(peer.sent.at(-1)).toMatchObject({ type: 'pong', id: '4' });
  });
});

describe('participants per drill', () => {
  it('are capped: the next join is refused with 409 drill_full and stores nothing', async () => {
    const h = await limited({ maxParticipants: 2 });
    const d = await setupDrill(h.app, { Ada: 'commander', Bo: 'operations' });
    const r = await call(h.app, 'POST', `/api/drills/${d.id}/participants`, { body: { joinCode: d.joinCode, name: 'Cy', role: 'scribe' } });
    expect(r.status).toBe(409);
    expect(r.body.error).toEqual({ code: 'drill_full', message: 'the drill has its 2 participants, the most one drill takes; ask the facilitator' });
    expect(h.store.get(d.id)!.participants.map((p) => p.name)).toEqual(['Ada', 'Bo']);
  });
});

describe('join-code guesses', () => {
  it('are limited per drill and address: 429 even for the right code, other addresses unaffected, refilled with time', async () => {
    const h = await limited({ joinGuesses: { count: 3, perSeconds: 600 } });
    const d = await setupDrill(h.app, {});
    const join = (address: string, joinCode: string, name: string) => from(h, address, `/api/drills/${d.id}/participants`, { joinCode, name, role: 'scribe' });
    for (const code of ['AAAAAAAA', 'BBBBBBBB', 'CCCCCCCC']) expect((await join('10.0.0.9', code, 'Mallory')).status).toBe(403);
    const locked = await join('10.0.0.9', d.joinCode, 'Mallory');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('Retry-After')).toBe('200');
    expect(((await locked.json()) as any).error).toEqual({ code: 'too_many_guesses', message: 'too many wrong join codes for this drill from this address (the limit is 3 per 10m); try again in 200 s' });
    expect((await join('10.0.0.10', d.joinCode, 'Ada')).status).toBe(201);
    h.clock.wait(200);
    expect((await join('10.0.0.9', d.joinCode, 'Bo')).status).toBe(201);
    expect(h.store.get(d.id)!.participants.map((p) => p.name)).toEqual(['Ada', 'Bo']);
  });
});

describe('new drills per address', () => {
  it('are limited with 429', async () => {
    const h = await limited({ creates: { count: 2, perSeconds: 3600 } });
    const create = (address: string) => from(h, address, '/api/drills', { scenarioId: 'checkout-db-pool' });
    expect((await create('10.1.1.1')).status).toBe(201);
    expect((await create('10.1.1.1')).status).toBe(201);
    const r = await create('10.1.1.1');
    expect(r.status).toBe(429);
    expect(((await r.json()) as any).error.code).toBe('too_many_drills');
    expect((await create('10.1.1.2')).status).toBe(201);
    expect(h.service.drills()).toHaveLength(3);
  });
});

describe('PromQL query cost', () => {
  it('is estimated before evaluating: over the cap is 422 naming the cost and the cap', async () => {
    const h = await limited({ maxQueryCost: 50_000 });
    const d = await setupDrill(h.app);
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
    await runFor(h, 3600, 60);
    const ada = d.trainees.Ada!;
    const q = (expr: string, range = '') => call(h.app, 'GET', `/api/drills/${d.id}/query?expr=${encodeURIComponent(expr)}${range}`, { token: ada });
    expect((await q('up', '&start=0&end=1h&step=15s')).status).toBe(200);
    const wide = await q('max_over_time(http_request_duration_seconds_bucket[30m])', '&start=0&end=1h&step=15s');
    expect(wide.status).toBe(422);
    expect(wide.body.error.code).toBe('query_too_costly');
    // 30 bucket series x 241 points x 120 samples per 30m window
    expect(wide.body.error.message).toBe('this query would read about 867,600 samples (series x 241 points x samples per range window, over 1 selector); the limit is 50,000 per query. Use a larger step, a shorter range or window, or narrower label matchers');
    // The same at one instant, or with a short window, is cheap.
    expect((await q('max_over_time(http_request_duration_seconds_bucket[30m])')).status).toBe(200);
    expect((await q('max_over_time(http_request_duration_seconds_bucket[1m])', '&start=0&end=1h&step=15s')).status).toBe(200);
  });

  it('refuses regexes that could run for ever, at once', async () => {
    const h = await limited({});
    const d = await setupDrill(h.app);
    const started = performance.now();
    // Nested repetition (the PromQL compiler may refuse it first, with 400 bad_query) and a polynomial one.
    const nested = await call(h.app, 'GET', `/api/drills/${d.id}/query?expr=${encodeURIComponent('{__name__=~"(.*)*x"}')}`, { token: d.trainees.Ada! });
    expect([[400, 'bad_query'], [422, 'regex_too_complex']]).toContainEqual([nested.status, nested.body.error.code]);
    expect(nested.body.error.message).toMatch(/repeat/);
    const many = await call(h.app, 'GET', `/api/drills/${d.id}/query?expr=${encodeURIComponent('{__name__=~".*.*.*.*.*.*.*.*.*x"}')}`, { token: d.trainees.Ada! });
    expect(performance.now() - started).toBeLessThan(1000);
    // the PromQL compiler refuses it now too (400 bad_query); the edge check stays as a second line
    expect([[400, 'bad_query'], [422, 'regex_too_complex']]).toContainEqual([many.status, many.body.error.code]);
    expect(many.body.error.message).toMatch(/unbounded repeats|more than 4 repetitions/);
  });
});

describe('WebSocket connections per token and per drill', () => {
  const servers: Listening[] = [];
  const sockets: WebSocket[] = [];
  afterEach(async () => {
    for (const ws of sockets.splice(0)) ws.terminate();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function serve(limits: Partial<Limits>): Promise<Listening> {
    const server = await listen({ store: await openMemoryStore(), catalog, limits, onUnexpected: (err) => { throw err; } });
    servers.push(server);
    return server;
  }

  /** What a real `ws` client gets: the first message and how the socket ended, or the refused upgrade's status. */
  interface Opened { readonly ws: WebSocket; readonly first: any; closed?: number }
  interface Refused { readonly status: number; readonly retryAfter: string | string[] | undefined }
  function open(server: Listening, drillId: string, token: string): Promise<Opened | Refused> {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/drills/${drillId}/live?token=${token}`);
    sockets.push(ws);
    return new Promise((res, rej) => {
      ws.on('error', rej);
      ws.once('unexpected-response', (_req, r) => { r.resume(); res({ status: r.statusCode ?? 0, retryAfter: r.headers['retry-after'] }); });
      ws.once('message', (data) => {
        const opened: Opened = { ws, first: JSON.parse(String(data)) };
        ws.once('close', (code) => { opened.closed = code; });
        res(opened);
      });
    });
  }
  const welcomed = (o: Opened | Refused) => 'first' in o && o.first.type === 'welcome';

  /** The refusal's body: a refused upgrade sends none over the socket, so ask the same app without one. */
  async function refusal(server: Listening, drillId: string, token: string): Promise<{ status: number; retryAfter: string | null; error: unknown }> {
    const r = await server.app.request(`/api/drills/${drillId}/live?token=${token}`, { headers: { Upgrade: 'websocket' } });
    return { status: r.status, retryAfter: r.headers.get('Retry-After'), error: ((await r.json()) as any).error };
  }

  function principal(h: Harness, d: DrillSetup, token: string): Principal {
    const r = h.service.authenticate(d.id, token);
    if (!r.ok) throw new Error(r.message);
    return r.principal;
  }

  it('per token: the one over the limit is refused with 429 before the upgrade; closing one makes room', async () => {
    const server = await serve({ maxConnectionsPerToken: 2 });
    const d = await setupDrill(server.app, { Ada: 'commander', Bo: 'operations' });
    const ada = d.trainees.Ada!;
    const [a1, a2] = [await open(server, d.id, ada), await open(server, d.id, ada)];
    expect([welcomed(a1), welcomed(a2)]).toEqual([true, true]);
    expect(await open(server, d.id, ada)).toEqual({ status: 429, retryAfter: '10' });
    expect(await refusal(server, d.id, ada)).toEqual({
      status: 429, retryAfter: '10',
      error: { code: 'too_many_connections', message: 'Ada already has 2 live connections to this drill (the limit is 2 per token); close another tab or window of this drill, then try again' },
    });
    // Another person of the same drill has places of their own.
    expect(welcomed(await open(server, d.id, d.trainees.Bo!))).toBe(true);
    expect(server.hub.connections).toBe(3);

    (a1 as Opened).ws.close();
    await until(() => server.hub.connections === 2, 'the closed socket to be forgotten');
    expect(welcomed(await open(server, d.id, ada))).toBe(true);
    expect(await open(server, d.id, ada)).toMatchObject({ status: 429 });
  });

  it('per drill: every token together; a terminated socket makes room, and other drills are unaffected', async () => {
    const server = await serve({ maxConnectionsPerToken: 2, maxConnectionsPerDrill: 3 });
    const d = await setupDrill(server.app, { Ada: 'commander', Bo: 'operations' });
    const open3 = [await open(server, d.id, d.trainees.Ada!), await open(server, d.id, d.trainees.Ada!), await open(server, d.id, d.trainees.Bo!)];
    expect(open3.every(welcomed)).toBe(true);
    expect(await open(server, d.id, d.facilitator)).toEqual({ status: 429, retryAfter: '10' });
    expect((await refusal(server, d.id, d.facilitator)).error).toEqual({
      code: 'too_many_connections',
      message: 'this drill already has 3 live connections (the limit is 3 per drill); close a tab of this drill you do not need, or try again when someone has left',
    });
    const other = await setupDrill(server.app, {});
    expect(welcomed(await open(server, other.id, other.facilitator))).toBe(true);

    (open3[2] as Opened).ws.terminate();
    await until(() => server.hub.connections === 3, 'the terminated socket to be forgotten');
    expect(welcomed(await open(server, d.id, d.facilitator))).toBe(true);
  });

  it('upgrades in flight together: exactly the limit stay open, the rest are refused before or just after the upgrade', async () => {
    const server = await serve({ maxConnectionsPerToken: 3 });
    const d = await setupDrill(server.app);
    const all = await Promise.all(Array.from({ length: 12 }, () => open(server, d.id, d.trainees.Ada!)));
    expect(all.filter(welcomed)).toHaveLength(3);
    const late = all.filter((o): o is Opened => 'first' in o && !welcomed(o));
    for (const o of late) {
      expect(o.first).toMatchObject({ type: 'error', code: 'too_many_connections', retryAfter: 10 });
      await until(() => o.closed, 'the close');
      expect(o.closed).toBe(CLOSE_TOO_MANY_CONNECTIONS);
    }
    expect(all.filter((o) => 'status' in o).every((o) => (o as Refused).status === 429)).toBe(true);
    expect(server.hub.connections).toBe(3);
  });

  it('are counted by set membership: a connection reported closed twice frees one place; dropped and terminated ones free theirs', async () => {
    const h = await limited({ maxConnectionsPerToken: 2, maxConnectionsPerDrill: 3 });
    const d = await setupDrill(h.app, { Ada: 'commander', Bo: 'operations' });
    const ada = principal(h, d, d.trainees.Ada!);
    const first = h.hub.accept(ada, new FakePeer())!;
    const slow = new FakePeer();
    const second = h.hub.accept(ada, slow)!;
    // Past the limit at open time (an upgrade that raced past the route's check): told why, then closed.
    const over = new FakePeer();
    expect(h.hub.accept(ada, over)).toBeUndefined();
    expect(over.sent).toEqual([{ type: 'error', code: 'too_many_connections', retryAfter: 10, message: expect.stringContaining('the limit is 2 per token') }]);
    expect(over.closed).toEqual({ code: CLOSE_TOO_MANY_CONNECTIONS, reason: 'too many connections' });
    expect(h.hub.connections).toBe(2);

    // ws reports an error and then the close of the same socket: both reach the hub.
    h.hub.closed(first);
    h.hub.closed(first);
    expect(h.hub.accept(ada, new FakePeer())).toBeDefined();
    expect(h.hub.admit(ada)).toMatchObject({ status: 429, code: 'too_many_connections' });

    // A slow consumer is dropped: its place is free at once.
    slow.bufferedAmount = 2 * 1024 * 1024;
    await h.hub.receive(second, '{"type":"ping"}');
    expect(slow.sent.at(-1)).toMatchObject({ type: 'resync' });
    expect(h.hub.admit(ada)).toBeUndefined();
    h.hub.closed(second);
    expect(h.hub.accept(ada, new FakePeer())).toBeDefined();

    // The drill is full (Ada 2, Bo 1); peers that never answer a ping are terminated and forgotten.
    const bo = new FakePeer();
    expect(h.hub.accept(principal(h, d, d.trainees.Bo!), bo)).toBeDefined();
    const fac = principal(h, d, d.facilitator);
    expect(h.hub.admit(fac)?.message).toContain('the limit is 3 per drill');
    await h.hub.heartbeat();
    await h.hub.heartbeat();
    expect(bo.terminated).toBe(true);
    expect(h.hub.connections).toBe(0);
    expect(h.hub.admit(fac)).toBeUndefined();
    expect(h.hub.admit(ada)).toBeUndefined();
  });
});
