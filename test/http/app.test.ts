import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hc } from 'hono/client';
import { describe, expect, it } from 'vitest';
import { DrillService } from '../../server/drills/service.js';
import { createApp, type AppType } from '../../server/http/app.js';
import { openMemoryStore } from '../../server/store/lowdb.js';
import type { DrillStore } from '../../server/store/store.js';
import { call, catalog, FakeClock, harness, setupDrill } from '../drills/support.js';

describe('GET /healthz', () => {
  it('is 200 while the store takes writes', async () => {
    const { app } = await harness();
    const r = await call(app, 'GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', drills: 0 });
  });

  it('is 503, and changes are refused with 503, once a write fails', async () => {
    const inner = await openMemoryStore();
    let failing = false;
    const store: DrillStore = {
      location: ':flaky:', list: () => inner.list(), get: (id) => inner.get(id), scenario: (h) => inner.scenario(h),
      create: (...a) => inner.create(...a), join: (...a) => inner.join(...a), setClock: (...a) => inner.setClock(...a), flush: () => inner.flush(), close: () => inner.close(),
      setAfterAction: (...a) => (failing ? Promise.reject(new Error('disk full')) : inner.setAfterAction(...a)),
      append: (...a) => (failing ? Promise.reject(new Error('disk full')) : inner.append(...a)),
    };
    const service = await DrillService.open({ store, catalog, now: new FakeClock().now });
    const app = createApp({ service, webRoot: '/nonexistent' });
    const d = await setupDrill(app);
    failing = true;
    const r = await call(app, 'POST', `/api/drills/${d.id}/commands`, { token: d.facilitator, body: { type: 'start' } });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('store_unavailable');
    expect(r.body.error.message).toContain('disk full');
    expect((await call(app, 'GET', '/healthz')).status).toBe(503);
    expect((await call(app, 'POST', '/api/drills', { body: { scenarioId: 'checkout-db-pool' } })).status).toBe(503);
    // Reads still work.
    expect((await call(app, 'GET', `/api/drills/${d.id}`, { token: d.trainees.Ada! })).status).toBe(200);
  });
});

describe('the page at /', () => {
  it('lists the built-in scenarios and shows how to start a drill with curl until the web app is built', async () => {
    const { app } = await harness();
    const r = await call(app, 'GET', '/');
    expect(r.status).toBe(200);
    expect(r.text).toContain('<a href="/api/scenarios/checkout-db-pool">Checkout slows down on a busy afternoon</a>');
    expect(r.text).toContain("curl -s -X POST http://localhost/api/drills -H 'Content-Type: application/json' \\");
  });

  it('serves the built web app when dist/web has one, with its page for client-side routes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dh-web-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(root, 'app.js'), 'console.log(1)');
    const service = await DrillService.open({ store: await openMemoryStore(), catalog });
    const app = createApp({ service, webRoot: root });
    expect((await call(app, 'GET', '/')).text).toContain('<title>app</title>');
    expect((await call(app, 'GET', '/app.js')).text).toBe('console.log(1)');
    expect((await call(app, 'GET', '/drills/abc')).text).toContain('<title>app</title>');
    expect((await call(app, 'GET', '/api/scenarios')).body.scenarios).toHaveLength(1);
    expect((await call(app, 'GET', '/api/nope')).status).toBe(404);
  });
});

describe('errors', () => {
  it('share one shape: unknown API routes are JSON 404s', async () => {
    const { app } = await harness();
    const r = await call(app, 'GET', '/api/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: { code: 'not_found', message: 'no route GET /api/nothing-here; see docs/api.md' } });
  });
});

describe('AppType', () => {
  it('types a hono client the web app can use', async () => {
    const { app } = await harness();
    const client = hc<AppType>('http://localhost', { fetch: (input: RequestInfo | URL, init?: RequestInit) => app.request(input, init) });
    const list = await client.api.scenarios.$get();
    expect((await list.json()).scenarios[0]!.id).toBe('checkout-db-pool');
    const created = await client.api.drills.$post({ json: { scenarioId: 'checkout-db-pool' } });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect('joinCode' in body && body.joinCode).toMatch(/^[A-Z2-9]{8}$/);
  });
});
