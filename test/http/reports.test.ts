import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../server/node/serve.js';
import { parseReportJson } from '../../server/scoring/index.js';
import { openMemoryStore } from '../../server/store/lowdb.js';
import type { DrillStore } from '../../server/store/store.js';
import { call, catalog, command, FakeClock, harness, setupDrill, until, type DrillSetup, type Harness } from '../drills/support.js';
import { CHECKOUT_POSTMORTEM, endDrill, playGolden, submitGood } from './after-support.js';

let h: Harness;
let d: DrillSetup;

beforeEach(async () => {
  h = await harness();
  d = await setupDrill(h.app, { Ada: 'commander', Bo: 'operations', Cy: 'observer' });
});

const path = (rest: string) => `/api/drills/${d.id}${rest}`;
const ada = () => d.trainees.Ada!;
const cy = () => d.trainees.Cy!;

/** The drill played by the book and ended, as most after-action tests need it. */
async function ended(): Promise<void> {
  await playGolden(h, d, ada(), 'Ada');
  await endDrill(h, d);
}

describe('GET and PUT /api/drills/:id/postmortem', () => {
  it('starts empty; a trainee saves a draft in any phase, durably, and everyone reads it back', async () => {
    const empty = await call(h.app, 'GET', path('/postmortem'), { token: cy() });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ draft: null, savedAt: null, savedBy: null, prefill: { timeline: [] }, submitted: null, carried: [], impact: null });

    const draft = { summary: 'Checkout slowed after a config change', timeline: [{ t: 240, text: 'Config change' }], action_items: [{ title: 'Alert on pool', priority: '' as const }] };
    h.clock.wait(5);
    const saved = await call(h.app, 'PUT', path('/postmortem'), { token: ada(), body: { draft } });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ savedAt: h.clock.ms, savedBy: 'Ada' });
    expect(h.store.get(d.id)!.after!.draft).toEqual(draft);

    const again = await call(h.app, 'GET', path('/postmortem'), { token: d.trainees.Bo });
    expect(again.body).toMatchObject({ draft, savedAt: h.clock.ms, savedBy: 'Ada' });
    // The last write wins, the facilitator's too.
    const fac = await call(h.app, 'PUT', path('/postmortem'), { token: d.facilitator, body: { draft: { summary: 'v2' } } });
    expect(fac.body.savedBy).toBe('Facilitator');
    expect((await call(h.app, 'GET', path('/postmortem'), { token: ada() })).body.draft).toEqual({ summary: 'v2' });
  });

  it('prefills the timeline from what trainees saw, and shows the impact to the facilitator only until a submission', async () => {
    await ended();
    const trainee = await call(h.app, 'GET', path('/postmortem'), { token: ada() });
    expect(trainee.body.prefill.timeline[0]).toEqual({ t: 240, text: expect.stringContaining('maximumPoolSize 50 -> 10') });
    expect(trainee.body.prefill.timeline.map((e: any) => e.text).join('\n')).not.toMatch(/pool-exhaustion|fault/i);
    expect(trainee.body.impact).toBeNull();
    const fac = await call(h.app, 'GET', path('/postmortem'), { token: d.facilitator });
    expect(fac.body.impact).toEqual({ durationSeconds: expect.any(Number), failedRequests: expect.any(Number), query: expect.stringContaining('http_requests_total') });
    await submitGood(h, d, ada());
    expect((await call(h.app, 'GET', path('/postmortem'), { token: cy() })).body.impact).toEqual(fac.body.impact);
  });

  it('refuses observers (403 read_only) and drafts of the wrong shape or size (400 naming the field)', async () => {
    const obs = await call(h.app, 'PUT', path('/postmortem'), { token: cy(), body: { draft: { summary: 'x' } } });
    expect([obs.status, obs.body.error.code]).toEqual([403, 'read_only']);
    const unknown = await call(h.app, 'PUT', path('/postmortem'), { token: ada(), body: { draft: { sumary: 'x' } } });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'invalid_body']);
    expect(unknown.body.error.message).toContain('sumary');
    const long = await call(h.app, 'PUT', path('/postmortem'), { token: ada(), body: { draft: { timeline: Array.from({ length: 501 }, (_, i) => ({ t: i, text: 'x' })) } } });
    expect(long.status).toBe(400);
    expect(long.body.error.issues[0].path).toBe('draft.timeline');
    const items = await call(h.app, 'PUT', path('/postmortem'), { token: ada(), body: { draft: { action_items: Array.from({ length: 51 }, () => ({ title: 'x' })) } } });
    expect(items.body.error.issues[0].path).toBe('draft.action_items');
    const big = await call(h.app, 'PUT', path('/postmortem'), { token: ada(), body: { draft: { summary: 'x'.repeat(20_001) } } });
    expect(big.body.error.issues[0].path).toBe('draft.summary');
    expect(h.store.get(d.id)!.after).toBeUndefined();
  });
});

describe('POST /api/drills/:id/postmortem/submit', () => {
  it('is refused with 409 drill_not_ended until the drill has ended', async () => {
    await command(h.app, d, d.facilitator, { type: 'start' });
    const r = await call(h.app, 'POST', path('/postmortem/submit'), { token: ada(), body: { postmortem: CHECKOUT_POSTMORTEM } });
    expect([r.status, r.body.error.code]).toEqual([409, 'drill_not_ended']);
  });

  it('refuses an invalid postmortem with 400, naming the section', async () => {
    await ended();
    const bad = { ...CHECKOUT_POSTMORTEM, action_items: [{ title: 'Page on pool pending threads', owner: 'payments', priority: 'P5', due: '2w' }] };
    const r = await call(h.app, 'POST', path('/postmortem/submit'), { token: ada(), body: { postmortem: bad } });
    expect([r.status, r.body.error.code]).toEqual([400, 'invalid_postmortem']);
    expect(r.body.error.message).toMatch(/^the postmortem's action items section is invalid \(0\.priority\): /);
    expect(r.body.error.issues[0]).toMatchObject({ path: 'postmortem.action_items.0.priority', message: expect.stringMatching(/^action items: /) });
    const extra = await call(h.app, 'POST', path('/postmortem/submit'), { token: ada(), body: { postmortem: { ...CHECKOUT_POSTMORTEM, impact: { ...CHECKOUT_POSTMORTEM.impact, cost: 3 } } } });
    expect(extra.body.error.message).toMatch(/impact section/);
    const obs = await call(h.app, 'POST', path('/postmortem/submit'), { token: cy(), body: { postmortem: CHECKOUT_POSTMORTEM } });
    expect([obs.status, obs.body.error.code]).toEqual([403, 'read_only']);
  });

  it('grades it, keeps it, and makes the action items; a re-submission replaces both', async () => {
    await ended();
    const mine = await submitGood(h, d, ada());
    // A trainee's reply confirms the submission but holds no report before it is published.
    expect(mine).toEqual({ submitted: { at: h.clock.ms, by: 'Ada' }, published: false, report: null });
    const r = (await call(h.app, 'GET', path('/report'), { token: d.facilitator })).body;
    const pm = r.report.phases.find((p: any) => p.phase === 'postmortem');
    expect(pm).toMatchObject({ pending: false, possible: 15 });
    expect(r.report.total).toBeGreaterThanOrEqual(90);
    const view = (await call(h.app, 'GET', path('/postmortem'), { token: ada() })).body;
    expect(view.submitted).toMatchObject({ at: h.clock.ms, by: 'Ada', postmortem: { summary: CHECKOUT_POSTMORTEM.summary } });
    const items = h.store.get(d.id)!.after!.actionItems;
    expect(items.map((a) => [a.title, a.status, a.priority, a.drillId])).toEqual(CHECKOUT_POSTMORTEM.action_items!.map((a) => [a.title, 'open', a.priority, d.id]));

    const fewer = { ...CHECKOUT_POSTMORTEM, action_items: CHECKOUT_POSTMORTEM.action_items!.slice(0, 1) };
    const again = await call(h.app, 'POST', path('/postmortem/submit'), { token: d.trainees.Bo, body: { postmortem: fewer } });
    expect(again.status).toBe(201);
    const after = h.store.get(d.id)!.after!;
    expect(after.submitted!.by).toBe('Bo');
    expect(after.actionItems.map((a) => a.id)).toEqual([items[0]!.id]);
  });
});

describe('GET /api/drills/:id/report', () => {
  it('is the facilitator\'s until published: trainees get 403 not_published', async () => {
    await ended();
    const r = await call(h.app, 'GET', path('/report'), { token: ada() });
    expect([r.status, r.body.error.code]).toEqual([403, 'not_published']);
    expect((await call(h.app, 'GET', path('/report'), { token: cy() })).status).toBe(403);
  });

  it('works before a postmortem exists (its phases pending), with the key and markers for the facilitator', async () => {
    await ended();
    const r = await call(h.app, 'GET', path('/report'), { token: d.facilitator });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ published: false, postmortem: null, reviews: [] });
    expect(r.body.report.phases.filter((p: any) => p.pending).map((p: any) => p.phase)).toEqual(['postmortem', 'follow_up']);
    expect(r.body.report.total).toBeGreaterThanOrEqual(90);
    expect(r.body.expected).toMatchObject({ severity: 'SEV2', mainFaultStart: 300, fix: { any_of: expect.any(Array) } });
    const kinds = new Set(r.body.markers.map((m: any) => m.kind));
    expect([...kinds].sort()).toEqual(['action', 'alert', 'change', 'expected']);
    expect(r.body.markers).toContainEqual({ t: 360, label: 'CheckoutPoolSaturated fired', kind: 'alert' });
    expect(r.body.markers).toContainEqual({ t: 840, label: 'Roll back checkout config to the previous version (Ada)', kind: 'action' });
    expect(r.body.markers).toContainEqual({ t: 300 + 25 * 60, label: 'Fix due (25m)', kind: 'expected' });
    expect(r.body.markers.map((m: any) => m.t)).toEqual([...r.body.markers.map((m: any) => m.t)].sort((a, b) => a - b));
  });
});

describe('POST /api/drills/:id/reviews', () => {
  it('keeps the override beside the original, with the reason, who and when; comments accumulate', async () => {
    await ended();
    await submitGood(h, d, ada());
    const before = (await call(h.app, 'GET', path('/report'), { token: d.facilitator })).body.report;
    const item = before.phases.find((p: any) => p.phase === 'root_cause').items.find((i: any) => i.earned < i.possible);
    const comment = await call(h.app, 'POST', path('/reviews'), { token: d.facilitator, body: { itemId: item.id, comment: 'Close enough: they named the pool.' } });
    expect(comment.status).toBe(201);
    const r = await call(h.app, 'POST', path('/reviews'), { token: d.facilitator, body: { itemId: item.id, override: { earned: item.possible, reason: 'The hypothesis says "pool size" in other words' } } });
    expect(r.status).toBe(201);
    const reviewed = r.body.report.phases.find((p: any) => p.phase === 'root_cause').items.find((i: any) => i.id === item.id);
    expect(reviewed).toMatchObject({
      earned: item.possible, original: item.earned, explanation: item.explanation,
      override: { earned: item.possible, reason: expect.stringContaining('pool size'), by: 'Facilitator', at: new Date(h.clock.ms).toISOString() },
      comments: [{ text: 'Close enough: they named the pool.', by: 'Facilitator' }],
    });
    expect(r.body.report.total).toBeGreaterThan(before.total);
    const view = (await call(h.app, 'GET', path('/report'), { token: d.facilitator })).body;
    expect(view.report).toEqual(r.body.report);
    expect(view.reviews).toHaveLength(2);
    expect(h.store.get(d.id)!.after!.reviews.map((x) => x.by)).toEqual(['Facilitator', 'Facilitator']);
  });

  it('refuses trainees (403), unknown items, points out of range and overrides without a reason (400)', async () => {
    await ended();
    const t = await call(h.app, 'POST', path('/reviews'), { token: ada(), body: { itemId: 'detection.ack_time', comment: 'x' } });
    expect([t.status, t.body.error.code]).toEqual([403, 'facilitator_only']);
    const unknown = await call(h.app, 'POST', path('/reviews'), { token: d.facilitator, body: { itemId: 'detection.nope', comment: 'x' } });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'unknown_item']);
    const range = await call(h.app, 'POST', path('/reviews'), { token: d.facilitator, body: { itemId: 'detection.ack_time', override: { earned: 99, reason: 'generous' } } });
    expect([range.status, range.body.error.code]).toEqual([400, 'earned_out_of_range']);
    expect(range.body.error.message).toMatch(/detection\.ack_time can be given 0 to [\d.]+ points, not 99/);
    const blank = await call(h.app, 'POST', path('/reviews'), { token: d.facilitator, body: { itemId: 'detection.ack_time', override: { earned: 1, reason: '  ' } } });
    expect([blank.status, blank.body.error.code]).toEqual([400, 'missing_reason']);
    const none = await call(h.app, 'POST', path('/reviews'), { token: d.facilitator, body: { itemId: 'detection.ack_time', override: { earned: 1 } } });
    expect(none.body.error.code).toBe('missing_reason');
    const empty = await call(h.app, 'POST', path('/reviews'), { token: d.facilitator, body: { itemId: 'detection.ack_time' } });
    expect([empty.status, empty.body.error.code]).toEqual([400, 'invalid_body']);
    expect(h.store.get(d.id)!.after).toBeUndefined();
  });
});

describe('POST /api/drills/:id/publish', () => {
  it('is the facilitator\'s, once the drill has ended', async () => {
    await command(h.app, d, d.facilitator, { type: 'start' });
    const early = await call(h.app, 'POST', path('/publish'), { token: d.facilitator, body: { published: true } });
    expect([early.status, early.body.error.code]).toEqual([409, 'drill_not_ended']);
    await endDrill(h, d);
    const t = await call(h.app, 'POST', path('/publish'), { token: ada(), body: { published: true } });
    expect([t.status, t.body.error.code]).toEqual([403, 'facilitator_only']);
    const bad = await call(h.app, 'POST', path('/publish'), { token: d.facilitator, body: { published: 'yes' } });
    expect(bad.status).toBe(400);
  });

  it('shows the report to trainees (not the key), as a report_published event in their stream; withdrawing hides it again', async () => {
    await ended();
    await submitGood(h, d, ada());
    const r = await call(h.app, 'POST', path('/publish'), { token: d.facilitator, body: { published: true } });
    expect([r.status, r.body]).toEqual([200, { published: true }]);
    const seen = await call(h.app, 'GET', path('/report'), { token: cy() });
    expect(seen.status).toBe(200);
    expect(seen.body.published).toBe(true);
    expect(seen.body.expected).toBeUndefined();
    expect(seen.body.postmortem.summary).toBe(CHECKOUT_POSTMORTEM.summary);
    const view = (await call(h.app, 'GET', path(''), { token: ada() })).body;
    expect(view.events.at(-1)).toEqual({ seq: view.seq, event: { t: view.clock.t, by: 'Facilitator', type: 'report_published' } });
    // Publishing twice changes nothing.
    await call(h.app, 'POST', path('/publish'), { token: d.facilitator, body: { published: true } });
    expect(h.store.get(d.id)!.log.filter((e) => e.kind === 'publish')).toHaveLength(1);

    const off = await call(h.app, 'POST', path('/publish'), { token: d.facilitator, body: { published: false } });
    expect(off.body).toEqual({ published: false });
    expect((await call(h.app, 'GET', path('/report'), { token: ada() })).body.error.code).toBe('not_published');
  });

  it('survives a restart: the flag, the event at its place, the draft, the submission and the reviews', async () => {
    await ended();
    await call(h.app, 'PUT', path('/postmortem'), { token: ada(), body: { draft: { summary: 'kept' } } });
    await submitGood(h, d, ada());
    await call(h.app, 'POST', path('/reviews'), { token: d.facilitator, body: { itemId: 'detection.ack_time', comment: 'Quick ack.' } });
    await call(h.app, 'POST', path('/publish'), { token: d.facilitator, body: { published: true } });
    const before = await call(h.app, 'GET', path('/report'), { token: ada() });
    const events = (await call(h.app, 'GET', path(''), { token: ada() })).body.events;

    const h2 = await harness(h.store, h.clock);
    expect((await call(h2.app, 'GET', path(''), { token: ada() })).body.events).toEqual(events);
    expect(await call(h2.app, 'GET', path('/report'), { token: ada() })).toEqual(before);
    expect((await call(h2.app, 'GET', path('/postmortem'), { token: ada() })).body.draft).toEqual({ summary: 'kept' });
  });
});

describe('exports', () => {
  it('GET report.json is the JSON export, an attachment that parseReportJson reads back equal', async () => {
    await ended();
    await submitGood(h, d, ada());
    await call(h.app, 'POST', path('/reviews'), { token: d.facilitator, body: { itemId: 'detection.ack_time', override: { earned: 0, reason: 'acked by the script' } } });
    const res = await h.app.request(path('/report.json'), { headers: { Authorization: `Bearer ${d.facilitator}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${d.id}-report.json"`);
    const text = await res.text();
    const parsed = parseReportJson(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.report).toEqual(JSON.parse(text));
    const report = (await call(h.app, 'GET', path('/report'), { token: d.facilitator })).body.report;
    expect(parsed.report.score).toEqual(report);
    expect(parsed.report.score.phases[0]!.items[0]).toMatchObject({ id: 'detection.ack_time', earned: 0, original: expect.any(Number) });
    expect(parsed.report.postmortem?.summary).toBe(CHECKOUT_POSTMORTEM.summary);
  });

  it('GET postmortem.md is the Markdown template with every section, 404 no_postmortem before a submission', async () => {
    await ended();
    const none = await call(h.app, 'GET', path('/postmortem.md'), { token: d.facilitator });
    expect([none.status, none.body.error.code]).toEqual([404, 'no_postmortem']);
    await submitGood(h, d, ada());
    const res = await h.app.request(path('/postmortem.md'), { headers: { Authorization: `Bearer ${d.facilitator}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${d.id}-postmortem.md"`);
    const md = await res.text();
    expect(md.startsWith('# Postmortem: Checkout slow and failing\n')).toBe(true);
    const lines = md.split('\n');
    for (const heading of ['## Summary', '## Impact', '## Timeline', '## Root cause and trigger', '## Contributing factors', '## Detection', '## Resolution',
      '## Lessons learned', '### What went well', '### What went wrong', '### Where we got lucky', '## Action items', '## Score']) {
      expect(lines).toContain(heading);
    }
    expect(md).not.toContain('_Not written._');
    expect(md).toContain('| T+00:04:00 | Config change CR-2231 lowered checkout maximumPoolSize from 50 to 10 |');
    expect(md).toContain('Page on db_pool_pending_threads above 5 for 2m for checkout');
  });

  it('has the report\'s access: trainees get 403 not_published for both until it is published', async () => {
    await ended();
    await submitGood(h, d, ada());
    for (const p of ['/report.json', '/postmortem.md']) {
      const r = await call(h.app, 'GET', path(p), { token: ada() });
      expect([r.status, r.body.error.code]).toEqual([403, 'not_published']);
    }
    await call(h.app, 'POST', path('/publish'), { token: d.facilitator, body: { published: true } });
    for (const p of ['/report.json', '/postmortem.md']) expect((await call(h.app, 'GET', path(p), { token: cy() })).status).toBe(200);
  });
});

describe('store failures', () => {
  it('a draft that cannot be written is refused with 503 and stops changes, like a command', async () => {
    const inner = await openMemoryStore();
    let failing = false;
    const store: DrillStore = {
      location: ':flaky:', list: () => inner.list(), get: (id) => inner.get(id), scenario: (x) => inner.scenario(x),
      create: (...a) => inner.create(...a), join: (...a) => inner.join(...a), append: (...a) => inner.append(...a), setClock: (...a) => inner.setClock(...a),
      flush: () => inner.flush(), close: () => inner.close(),
      setAfterAction: (...a) => (failing ? Promise.reject(new Error('disk full')) : inner.setAfterAction(...a)),
    };
    const hh = await harness(store);
    const dd = await setupDrill(hh.app, { Ada: 'commander' });
    failing = true;
    const r = await call(hh.app, 'PUT', `/api/drills/${dd.id}/postmortem`, { token: dd.trainees.Ada, body: { draft: { summary: 'x' } } });
    expect([r.status, r.body.error.code]).toEqual([503, 'store_unavailable']);
    expect(r.body.error.message).toContain('disk full');
    expect(hh.service.failure).toBeDefined();
    expect((await call(hh.app, 'POST', `/api/drills/${dd.id}/commands`, { token: dd.facilitator, body: { type: 'start' } })).status).toBe(503);
  });
});

describe('report_published over a real WebSocket', () => {
  let server: RunningServer;
  afterEach(async () => { await server?.close(); });

  it('reaches a connected trainee as an event', async () => {
    const clock = new FakeClock();
    server = await startServer({ port: 0, hostname: '127.0.0.1', store: await openMemoryStore(), catalog, now: clock.now, tickMs: 0, hub: { heartbeatMs: 0 }, webRoot: '/nonexistent' });
    const api = async (method: string, p: string, token?: string, body?: unknown) => {
      const res = await fetch(`${server.url}${p}`, {
        method, headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: await res.json() as any };
    };
    const c = await api('POST', '/api/drills', undefined, { scenarioId: 'checkout-db-pool', seed: '3' });
    const { id, joinCode, facilitatorToken } = c.body;
    const token = (await api('POST', `/api/drills/${id}/participants`, undefined, { joinCode, name: 'Ada', role: 'scribe' })).body.token;
    await api('POST', `/api/drills/${id}/commands`, facilitatorToken, { type: 'start' });
    await api('POST', `/api/drills/${id}/commands`, facilitatorToken, { type: 'end' });

    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/drills/${id}/live?token=${token}`);
    const got: any[] = [];
    ws.on('message', (m) => got.push(JSON.parse(String(m))));
    await new Promise<void>((res, rej) => { ws.once('open', () => res()); ws.once('error', rej); });
    ws.send(JSON.stringify({ type: 'hello' }));
    const snapshot = await until(() => got.find((m) => m.type === 'snapshot'), 'snapshot');
    expect((await api('POST', `/api/drills/${id}/publish`, facilitatorToken, { published: true })).status).toBe(200);
    const msg = await until(() => got.find((m) => m.type === 'events' && m.events.some((e: any) => e.event.type === 'report_published')), 'report_published');
    expect(msg.events).toEqual([{ seq: snapshot.seq + 1, event: { t: expect.any(Number), by: 'Facilitator', type: 'report_published' } }]);
    expect((await api('GET', `/api/drills/${id}/report`, token)).status).toBe(200);
    ws.close();
    await new Promise((res) => ws.once('close', res));
  });
});
