import { beforeEach, describe, expect, it } from 'vitest';
import { call, command, harness, runFor, setupDrill, type DrillSetup, type Harness } from '../drills/support.js';

let h: Harness;
let d: DrillSetup;

beforeEach(async () => {
  h = await harness();
  d = await setupDrill(h.app, { Ada: 'commander', Bo: 'operations', Cy: 'observer' });
});

const path = (rest = '') => `/api/drills/${d.id}${rest}`;
const ada = () => d.trainees.Ada!;

describe('POST /api/drills', () => {
  it('creates a drill: 201 with id, join code and facilitator token', async () => {
    const r = await call(h.app, 'POST', '/api/drills', { body: { scenarioId: 'checkout-db-pool' } });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body).sort()).toEqual(['facilitatorToken', 'id', 'joinCode']);
    expect(r.body.facilitatorToken).toMatch(/^dh_[\w-]{43}$/);
    expect(r.body.joinCode).toMatch(/^[A-Z2-9]{8}$/);
  });

  it('refuses an unknown scenario with 404 and a suggestion', async () => {
    const r = await call(h.app, 'POST', '/api/drills', { body: { scenarioId: 'checkout-db-pol' } });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('unknown_scenario');
    expect(r.body.error.message).toContain('did you mean "checkout-db-pool"');
  });

  it('refuses invalid bodies with 400 naming the field', async () => {
    const missing = await call(h.app, 'POST', '/api/drills', { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('invalid_body');
    expect(missing.body.error.message).toMatch(/^invalid body: scenarioId: /);
    expect(missing.body.error.issues[0].path).toBe('scenarioId');
    const extra = await call(h.app, 'POST', '/api/drills', { body: { scenarioId: 'checkout-db-pool', speed: 3 } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toContain('speed');
  });

  it('refuses malformed JSON (400), a missing content type (415) and a huge body (413)', async () => {
    const bad = await call(h.app, 'POST', '/api/drills', { body: '{"scenarioId": ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_json');
    const res = await h.app.request('/api/drills', { method: 'POST', body: JSON.stringify({ scenarioId: 'checkout-db-pool' }) });
    expect(res.status).toBe(415);
    expect((await res.json() as any).error.message).toContain('Content-Type: application/json');
    const big = await call(h.app, 'POST', '/api/drills', { body: { scenarioId: 'x'.repeat(100_000) } });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('too_large');
  });
});

describe('POST /api/drills/:id/participants', () => {
  it('joins with the join code (case and dashes forgiven)', async () => {
    const code = `${d.joinCode.slice(0, 4).toLowerCase()}-${d.joinCode.slice(4)}`;
    const r = await call(h.app, 'POST', path('/participants'), { body: { joinCode: code, name: 'Dee', role: 'scribe' } });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body).sort()).toEqual(['participantId', 'token']);
  });

  it('refuses a wrong join code (403), a taken name (409), a bad role (400), an unknown drill (404)', async () => {
    const wrong = await call(h.app, 'POST', path('/participants'), { body: { joinCode: 'AAAAAAAA', name: 'Dee', role: 'scribe' } });
    expect([wrong.status, wrong.body.error.code]).toEqual([403, 'bad_join_code']);
    const taken = await call(h.app, 'POST', path('/participants'), { body: { joinCode: d.joinCode, name: 'ada', role: 'scribe' } });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'name_taken']);
    const reserved = await call(h.app, 'POST', path('/participants'), { body: { joinCode: d.joinCode, name: 'Facilitator', role: 'scribe' } });
    expect(reserved.status).toBe(409);
    const role = await call(h.app, 'POST', path('/participants'), { body: { joinCode: d.joinCode, name: 'Dee', role: 'boss' } });
    expect([role.status, role.body.error.code]).toEqual([400, 'invalid_body']);
    expect(role.body.error.message).toContain('role');
    const none = await call(h.app, 'POST', '/api/drills/nope/participants', { body: { joinCode: d.joinCode, name: 'Dee', role: 'scribe' } });
    expect([none.status, none.body.error.code]).toEqual([404, 'unknown_drill']);
  });
});

describe('GET /api/drills/:id', () => {
  it('needs a valid token for this drill: 401 without or with a bad one, 403 with another drill\'s, 404 for no drill', async () => {
    expect((await call(h.app, 'GET', path())).body.error.code).toBe('missing_token');
    expect((await call(h.app, 'GET', path())).status).toBe(401);
    const bad = await call(h.app, 'GET', path(), { token: 'dh_forged' });
    expect([bad.status, bad.body.error.code]).toEqual([401, 'bad_token']);
    const other = await setupDrill(h.app, { Eve: 'commander' });
    const cross = await call(h.app, 'GET', path(), { token: other.trainees.Eve! });
    expect([cross.status, cross.body.error.code]).toEqual([403, 'wrong_drill']);
    const crossFac = await call(h.app, 'GET', path(), { token: other.facilitator });
    expect(crossFac.status).toBe(403);
    expect((await call(h.app, 'GET', '/api/drills/nope', { token: ada() })).status).toBe(404);
  });

  it('shows a trainee the public view and the facilitator the answer key', async () => {
    const t = await call(h.app, 'GET', path(), { token: ada() });
    expect(t.status).toBe(200);
    expect(t.body.audience).toBe('trainee');
    expect(t.body.you).toMatchObject({ name: 'Ada', role: 'commander' });
    expect(t.body.scenario.briefing).toContain('Shopfront');
    for (const hidden of ['expected', 'faults', 'scripts', 'injects', 'joinCode', 'seed', 'journal']) {
      expect(t.body).not.toHaveProperty(hidden);
      expect(t.body.scenario).not.toHaveProperty(hidden);
    }
    expect(t.body.participants.map((p: any) => p.name)).toEqual(['Ada', 'Bo', 'Cy']);
    const f = await call(h.app, 'GET', path(), { token: d.facilitator });
    expect(f.body.audience).toBe('facilitator');
    expect(f.body.scenario.expected.severity).toBe('SEV2');
    expect(f.body.faults.map((x: any) => [x.id, x.status])).toEqual([['pool-exhaustion', 'pending'], ['catalog-cache-expiry', 'pending'], ['orders-db-failover', 'pending']]);
    expect(f.body.joinCode).toBe(d.joinCode);
    // three joins, and Ada taking the commander role she joined as
    expect(f.body.journal.map((e: any) => e.kind === 'command' ? e.command.type : e.kind)).toEqual(['join', 'assign_role', 'join', 'join']);
  });
});

describe('POST /api/drills/:id/commands', () => {
  it('runs the facilitator clock controls and refuses them to trainees with 403', async () => {
    expect((await call(h.app, 'POST', path('/commands'), { token: ada(), body: { type: 'start' } })).body.error.code).toBe('facilitator_only');
    const started = await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
    expect(started.events.map((e: any) => e.event.type)).toEqual(['drill_started']);
    expect((await call(h.app, 'POST', path('/commands'), { token: d.facilitator, body: { type: 'start' } })).body.error.code).toBe('already_started');
    await runFor(h, 120, 60);
    const view = await call(h.app, 'GET', path(), { token: ada() });
    expect(view.body.clock).toEqual({ t: 120, speed: 60, phase: 'running', paused: false });
    for (const c of [{ type: 'pause' }, { type: 'resume' }, { type: 'set_speed', speed: 2 }, { type: 'end' }, { type: 'inject_fault', fault: 'orders-db-failover' }]) {
      const r = await call(h.app, 'POST', path('/commands'), { token: d.trainees.Bo!, body: c });
      expect([r.status, r.body.error.code]).toEqual([403, 'facilitator_only']);
    }
    await command(h.app, d, d.facilitator, { type: 'pause' });
    await runFor(h, 600, 60);
    expect((await call(h.app, 'GET', path(), { token: ada() })).body.clock).toEqual({ t: 120, speed: 60, phase: 'paused', paused: true });
    const paused = await call(h.app, 'POST', path('/commands'), { token: ada(), body: { type: 'add_note', text: 'x' } });
    expect([paused.status, paused.body.error.code]).toEqual([409, 'drill_paused']);
    await command(h.app, d, d.facilitator, { type: 'resume' });
    await command(h.app, d, d.facilitator, { type: 'set_speed', speed: 120 });
    await runFor(h, 240, 120);
    expect((await call(h.app, 'GET', path(), { token: ada() })).body.clock.t).toBe(360);
    const tooFast = await call(h.app, 'POST', path('/commands'), { token: d.facilitator, body: { type: 'set_speed', speed: 500 } });
    expect([tooFast.status, tooFast.body.error.code]).toEqual([400, 'invalid_command']);
    expect(tooFast.body.error.message).toContain('1x to 120x');
    await command(h.app, d, d.facilitator, { type: 'end' });
    const ended = await call(h.app, 'POST', path('/commands'), { token: ada(), body: { type: 'add_note', text: 'x' } });
    expect([ended.status, ended.body.error.code]).toEqual([409, 'drill_ended']);
  });

  it('accepts trainee commands with 202 {seq} once started, and refuses them before', async () => {
    const early = await call(h.app, 'POST', path('/commands'), { token: ada(), body: { type: 'declare_incident', severity: 'SEV2' } });
    expect([early.status, early.body.error.code]).toEqual([409, 'drill_not_started']);
    await command(h.app, d, d.facilitator, { type: 'start' });
    await runFor(h, 30);
    const r = await call(h.app, 'POST', path('/commands'), { token: ada(), body: { type: 'declare_incident', severity: 'SEV2' } });
    expect(r.status).toBe(202);
    expect(r.body.seq).toBe(6);
    expect(r.body.events.at(-1)).toEqual({ seq: 6, event: { t: 30, type: 'incident_declared', severity: 'SEV2', title: 'Checkout slows down on a busy afternoon', by: 'Ada' } });
  });

  it('refuses observers with 403, invalid commands with 400, rule refusals with 409 and the engine code', async () => {
    await command(h.app, d, d.facilitator, { type: 'start' });
    const obs = await call(h.app, 'POST', path('/commands'), { token: d.trainees.Cy!, body: { type: 'add_note', text: 'hi' } });
    expect([obs.status, obs.body.error.code]).toEqual([403, 'read_only']);
    const unknown = await call(h.app, 'POST', path('/commands'), { token: ada(), body: { type: 'ack_alrt', alert: 'X' } });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'invalid_command']);
    expect(unknown.body.error.message).toContain('did you mean "ack_alert"');
    const missing = await call(h.app, 'POST', path('/commands'), { token: ada(), body: { type: 'page_team' } });
    expect(missing.body.error.message).toContain('page_team needs "team"');
    const rule = await call(h.app, 'POST', path('/commands'), { token: ada(), body: { type: 'ack_alert', alert: 'CheckoutHighLatency' } });
    expect(rule.status).toBe(409);
    expect(rule.body.error).toEqual({ code: 'alert_not_firing', message: 'CheckoutHighLatency is not firing, so there is nothing to acknowledge' });
    const team = await call(h.app, 'POST', path('/commands'), { token: ada(), body: { type: 'page_team', team: 'paymnts' } });
    expect([team.status, team.body.error.code]).toEqual([409, 'unknown_team']);
    const commands = (await call(h.app, 'GET', path(), { token: d.facilitator })).body.journal.filter((e: any) => e.kind === 'command');
    expect(commands.map((e: any) => e.command.type), 'only the role Ada took by joining as commander').toEqual(['assign_role']);
  });

  it('lets the facilitator inject a fault, a change and a message', async () => {
    await command(h.app, d, d.facilitator, { type: 'start' });
    const f = await command(h.app, d, d.facilitator, { type: 'inject_fault', fault: 'orders-db-failover' });
    expect(f.events.map((e: any) => e.event.type)).toEqual(['fault_started']);
    const again = await call(h.app, 'POST', path('/commands'), { token: d.facilitator, body: { type: 'inject_fault', fault: 'orders-db-failover' } });
    expect([again.status, again.body.error.code]).toEqual([409, 'fault_already_active']);
    const c = await command(h.app, d, d.facilitator, { type: 'inject_change', change: 'flag-recs' });
    expect(c.events.map((e: any) => e.event.type)).toEqual(['change']);
    const m = await command(h.app, d, d.facilitator, { type: 'inject_message', from: 'CEO', text: 'Status?' });
    expect(m.events[0].event).toMatchObject({ type: 'inject', from: 'CEO', text: 'Status?' });
    const trainee = await call(h.app, 'GET', path(), { token: ada() });
    expect(trainee.body.events.map((e: any) => e.event.type)).toEqual(['participant_joined', 'role_assigned', 'participant_joined', 'participant_joined', 'drill_started', 'change', 'inject']);
    expect(trainee.body.events.map((e: any) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(trainee.body.changes.at(-1)).toMatchObject({ id: 'flag-recs', at: 0 });
  });
});

describe('GET /api/drills/:id/query', () => {
  beforeEach(async () => {
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
    await runFor(h, 600, 60);
  });

  it('answers instant and range queries in the Prometheus format', async () => {
    const inst = await call(h.app, 'GET', path('/query?expr=db_pool_connections_max'), { token: ada() });
    expect(inst.status).toBe(200);
    expect(inst.body).toMatchObject({ status: 'success', now: 600, data: { resultType: 'vector' } });
    expect(inst.body.data.result[0].value).toEqual([600, '10']);
    const range = await call(h.app, 'GET', path('/query?expr=up{service="checkout"}&start=5m&end=10m&step=60'), { token: ada() });
    expect(range.body.data.resultType).toBe('matrix');
    expect(range.body.data.result[0].values.map((v: any) => v[0])).toEqual([300, 360, 420, 480, 540, 600]);
    expect(range.body).not.toHaveProperty('warnings');
  });

  it('keeps trainees in the past: the end is cut at now, a future start or time is refused', async () => {
    const cut = await call(h.app, 'GET', path('/query?expr=up&start=500&end=2h&step=50'), { token: ada() });
    expect(cut.status).toBe(200);
    expect(cut.body.warnings[0]).toContain('end cut to the current sim time');
    const times = cut.body.data.result.flatMap((s: any) => s.values.map((v: any) => v[0]));
    expect(Math.max(...times)).toBe(600);
    const future = await call(h.app, 'GET', path('/query?expr=up&time=601'), { token: ada() });
    expect([future.status, future.body.error.code]).toEqual([400, 'future_time']);
    const start = await call(h.app, 'GET', path('/query?expr=up&start=20m&end=30m'), { token: ada() });
    expect([start.status, start.body.error.code]).toEqual([400, 'future_time']);
    const ahead = await call(h.app, 'GET', path(`/query?expr=${encodeURIComponent('rate(up[5m] offset -1m)')}`), { token: ada() });
    expect([ahead.status, ahead.body.error.code]).toEqual([400, 'future_time']);
  });

  it('refuses bad PromQL, a missing expression and nonsense times with 400', async () => {
    const bad = await call(h.app, 'GET', path('/query?expr=rate(up[5m]'), { token: ada() });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'bad_query']);
    expect((await call(h.app, 'GET', path('/query'), { token: ada() })).body.error.code).toBe('invalid_query');
    const time = await call(h.app, 'GET', path('/query?expr=up&time=yesterday'), { token: ada() });
    expect(time.body.error.message).toContain('"yesterday" is not a sim time');
    expect((await call(h.app, 'GET', path('/query?expr=up'))).status).toBe(401);
  });
});

describe('GET /api/drills/:id/logs', () => {
  beforeEach(async () => {
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
    await runFor(h, 600, 60);
  });

  it('filters by service, level, text and limit, newest last, never past now', async () => {
    const r = await call(h.app, 'GET', path('/logs?service=checkout&level=error,warn&text=hikari&limit=5&from=0&to=2h'), { token: ada() });
    expect(r.status).toBe(200);
    expect(r.body.to).toBe(600);
    expect(r.body.lines).toHaveLength(5);
    for (const l of r.body.lines) {
      expect(l.service).toBe('checkout');
      expect(['error', 'warn']).toContain(l.level);
      expect(l.text.toLowerCase()).toContain('hikari');
      expect(l.t).toBeLessThanOrEqual(600);
    }
    const ts = r.body.lines.map((l: any) => l.t);
    expect(ts).toEqual([...ts].sort((a: number, b: number) => a - b));
    const repeated = await call(h.app, 'GET', path('/logs?service=web&service=catalog&limit=50'), { token: ada() });
    expect(new Set(repeated.body.lines.map((l: any) => l.service))).toEqual(new Set(['web', 'catalog']));
  });

  it('refuses an unknown service or level, a future window and a bad limit', async () => {
    expect((await call(h.app, 'GET', path('/logs?service=nope'), { token: ada() })).body.error.code).toBe('unknown_service');
    expect((await call(h.app, 'GET', path('/logs?level=fatal'), { token: ada() })).status).toBe(400);
    expect((await call(h.app, 'GET', path('/logs?from=1h'), { token: ada() })).body.error.code).toBe('future_time');
    expect((await call(h.app, 'GET', path('/logs?limit=0'), { token: ada() })).status).toBe(400);
    expect((await call(h.app, 'GET', path('/logs?limit=ten'), { token: ada() })).status).toBe(400);
  });
});

describe('GET /api/drills/:id/live over plain HTTP', () => {
  it('checks the token first (401), then asks for an upgrade (426)', async () => {
    expect((await call(h.app, 'GET', path('/live?token=dh_nope'))).status).toBe(401);
    const r = await call(h.app, 'GET', path(`/live?token=${ada()}`));
    expect([r.status, r.body.error.code]).toEqual([426, 'upgrade_required']);
  });
});
