/**
 * Test support for live drills: a hand-moved clock, a service on lowdb's Memory adapter, an app
 * to call with app.request(), and a few request helpers. Nothing here sleeps.
 */
import { catalogOf } from '../../server/drills/catalog.js';
import { LiveHub } from '../../server/drills/hub.js';
import { DrillService } from '../../server/drills/service.js';
import { createApp } from '../../server/http/app.js';
import { openMemoryStore } from '../../server/store/lowdb.js';
import type { DrillStore } from '../../server/store/store.js';
import { EXAMPLE_TEXT } from '../helpers/scenario.js';

export const SCENARIO_ID = 'checkout-db-pool';
export const catalog = catalogOf({ text: EXAMPLE_TEXT, file: 'checkout-db-pool.yaml' });

/** Wall time that only moves when a test says so. */
export class FakeClock {
  ms = 1_700_000_000_000;
  readonly now = (): number => this.ms;
  /** move wall time on by `seconds` */
  wait(seconds: number): void { this.ms += Math.round(seconds * 1000); }
}

export interface Harness {
  readonly clock: FakeClock;
  readonly store: DrillStore;
  readonly service: DrillService;
  readonly hub: LiveHub;
  readonly app: ReturnType<typeof createApp>;
}

export async function harness(store?: DrillStore, clock = new FakeClock(), scenarios = catalog): Promise<Harness> {
  const s = store ?? (await openMemoryStore());
  const service = await DrillService.open({ store: s, catalog: scenarios, now: clock.now });
  const hub = new LiveHub(service, { heartbeatMs: 0 });
  const app = createApp({ service, hub, webRoot: '/nonexistent-web-root', onUnexpected: (err) => { throw err; } });
  return { clock, store: s, service, hub, app };
}

export interface Call { readonly token?: string; readonly body?: unknown; readonly headers?: Record<string, string> }

/** One request through app.request(); JSON bodies carry Content-Type: application/json. */
export async function call(app: Harness['app'], method: string, path: string, o: Call = {}): Promise<{ status: number; body: any; text: string }> {
  const headers: Record<string, string> = { ...(o.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(o.token ? { Authorization: `Bearer ${o.token}` } : {}), ...o.headers };
  const res = await app.request(path, { method, headers, ...(o.body !== undefined ? { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) } : {}) });
  const text = await res.text();
  let body: any;
  try { body = JSON.parse(text); } catch { body = undefined; }
  return { status: res.status, body, text };
}

export interface DrillSetup {
  readonly id: string;
  readonly joinCode: string;
  readonly facilitator: string;
  readonly trainees: Record<string, string>;
}

/** Create a drill and join the given trainees (name -> role). */
export async function setupDrill(app: Harness['app'], trainees: Record<string, string> = { Ada: 'commander' }, seed = '7'): Promise<DrillSetup> {
  const created = await call(app, 'POST', '/api/drills', { body: { scenarioId: SCENARIO_ID, seed } });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
  const { id, joinCode, facilitatorToken } = created.body as { id: string; joinCode: string; facilitatorToken: string };
  const tokens: Record<string, string> = {};
  for (const [name, role] of Object.entries(trainees)) {
    const j = await call(app, 'POST', `/api/drills/${id}/participants`, { body: { joinCode, name, role } });
    if (j.status !== 201) throw new Error(`join ${name}: ${j.status} ${j.text}`);
    tokens[name] = j.body.token;
  }
  return { id, joinCode, facilitator: facilitatorToken, trainees: tokens };
}

/** Send a command and insist it is accepted. */
export async function command(app: Harness['app'], d: DrillSetup, token: string, body: unknown): Promise<any> {
  const r = await call(app, 'POST', `/api/drills/${d.id}/commands`, { token, body });
  if (r.status !== 202) throw new Error(`${JSON.stringify(body)}: ${r.status} ${r.text}`);
  return r.body;
}

/** Move the drill's sim clock on by `simSeconds` at `speed` and let the server tick. */
export async function runFor(h: Harness, simSeconds: number, speed = 1): Promise<void> {
  h.clock.wait(simSeconds / speed);
  await h.service.tick();
}

/** Poll `check` until it returns a value, or fail after `ms`. For real sockets and processes only. */
export async function until<T>(check: () => T | undefined | false, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
