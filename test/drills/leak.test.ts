/**
 * Plays the scenario's golden path through the API as trainees would, keeps every response and
 * every WebSocket message a trainee got, and checks none of it gives the answer away or shows
 * the future.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../server/node/serve.js';
import { scenarioScript } from '../../server/sim/runner.js';
import { openMemoryStore } from '../../server/store/lowdb.js';
import { EXAMPLE_TEXT, mustParse } from '../helpers/scenario.js';
import { catalog, FakeClock, until } from './support.js';

const scenario = mustParse(EXAMPLE_TEXT);
const SPEED = 60;

interface Seen { readonly simNow: number; readonly what: string; readonly text: string }

let server: RunningServer;
let clock: FakeClock;
let simNow = 0;
const seen: Seen[] = [];
let facilitatorView: any;
const sockets: WebSocket[] = [];

async function api(method: string, path: string, token?: string, body?: unknown, keep = true): Promise<any> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (keep) seen.push({ simNow, what: `${method} ${path.split('?')[0]} -> ${res.status}`, text });
  return { status: res.status, body: JSON.parse(text) };
}

function watch(id: string, token: string, name: string): () => number {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/drills/${id}/live?token=${token}`);
  sockets.push(ws);
  let last = 0;
  ws.on('message', (data) => {
    const text = String(data);
    seen.push({ simNow, what: `ws ${name}`, text });
    const m = JSON.parse(text);
    if (m.type === 'events') last = m.events.at(-1)?.seq ?? last;
    if (m.type === 'snapshot') last = m.seq;
  });
  ws.on('open', () => ws.send(JSON.stringify({ type: 'hello' })));
  return () => last;
}

beforeAll(async () => {
  clock = new FakeClock();
  server = await startServer({ port: 0, hostname: '127.0.0.1', store: await openMemoryStore(), catalog, now: clock.now, tickMs: 0, hub: { heartbeatMs: 0, clockIntervalMs: 0 }, webRoot: '/nonexistent' });
  const created = (await api('POST', '/api/drills', undefined, { scenarioId: scenario.id, seed: '7' }, false)).body;
  const { id, joinCode, facilitatorToken: fac } = created;
  const join = async (name: string, role: string) => (await api('POST', `/api/drills/${id}/participants`, undefined, { joinCode, name, role })).body.token as string;
  const ada = await join('Ada', 'commander');
  const bo = await join('Bo', 'scribe');
  const cy = await join('Cy', 'observer');
  const lasts = [watch(id, ada, 'Ada'), watch(id, bo, 'Bo'), watch(id, cy, 'Cy')];
  const live = server.service.drill(id)!;
  const caughtUp = () => until(() => lasts.every((l) => l() === live.latestSeq('trainee')), 'trainee sockets to catch up');
  await api('POST', `/api/drills/${id}/commands`, fac, { type: 'start', speed: SPEED }, false);
  const lookAround = async () => {
    await api('GET', `/api/drills/${id}`, ada);
    await api('GET', `/api/drills/${id}`, cy);
    await api('GET', `/api/scenarios/${scenario.id}`);
    await api('GET', `/api/drills/${id}/logs?level=error,warn&limit=20`, bo);
    await api('GET', `/api/drills/${id}/query?expr=${encodeURIComponent('sum by (service) (rate(http_requests_total[5m]))')}&start=0&end=3h&step=60`, ada);
    await api('GET', `/api/drills/${id}/query?expr=${encodeURIComponent('ALERTS')}`, ada);
  };
  const runTo = async (t: number) => {
    while (simNow < t) {
      const step = Math.min(30, t - simNow);
      clock.wait(step / SPEED);
      simNow += step;
      await server.service.tick();
      await caughtUp();
      if (simNow % 120 === 0) await lookAround();
    }
  };
  for (const step of scenarioScript(scenario, 'golden')) {
    await runTo(step.at);
    const r = await api('POST', `/api/drills/${id}/commands`, ada, step.command);
    expect(r.status, `${step.command.type} at ${step.at}: ${JSON.stringify(r.body)}`).toBe(202);
    await caughtUp();
  }
  await runTo(scenario.duration);
  await lookAround();
  facilitatorView = (await api('GET', `/api/drills/${id}`, fac, undefined, false)).body;
  await afterTheDrill(id, fac, { Ada: ada, Cy: cy }, caughtUp);
}, 120_000);

/**
 * Every after-action endpoint, as a trainee (Ada) and an observer (Cy) call it once the drill
 * has ended and before the report is published: what they get back joins `seen`.
 */
async function afterTheDrill(id: string, fac: string, tokens: Record<string, string>, caughtUp: () => Promise<unknown>): Promise<void> {
  await api('POST', `/api/drills/${id}/commands`, fac, { type: 'end' }, false);
  await caughtUp();
  const pm = { summary: 'Checkout slowed down and some orders failed until the config was rolled back.', timeline: [{ t: 360, text: 'Pool alert fired' }] };
  for (const token of Object.values(tokens)) {
    await api('GET', `/api/drills/${id}`, token);
    await api('GET', `/api/drills/${id}/postmortem`, token);
    await api('PUT', `/api/drills/${id}/postmortem`, token, { draft: pm });
    await api('POST', `/api/drills/${id}/postmortem/submit`, token, { postmortem: pm });
    await api('GET', `/api/drills/${id}/postmortem`, token);
    await api('GET', `/api/drills/${id}/report`, token);
    await api('GET', `/api/drills/${id}/report.json`, token);
    await api('GET', `/api/drills/${id}/postmortem.md`, token);
    await api('POST', `/api/drills/${id}/reviews`, token, { itemId: 'postmortem.root_cause', comment: 'fine' });
    await api('POST', `/api/drills/${id}/publish`, token, { published: true });
    await api('POST', `/api/drills/${id}/backtest`, token, { expr: 'db_pool_pending_threads > 5', for: '2m' });
    await api('GET', `/api/teams/anyone/history`, token);
  }
  afterStatuses.push(...seen.filter((x) => x.what.includes('/postmortem') || x.what.includes('/report') || x.what.includes('/reviews') || x.what.includes('/publish')).map((x) => x.what));
}

const afterStatuses: string[] = [];

afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  await server?.close();
});

/** Every object inside a parsed payload. */
function* objects(v: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(v)) for (const x of v) yield* objects(x);
  else if (v !== null && typeof v === 'object') {
    yield v as Record<string, unknown>;
    for (const x of Object.values(v)) yield* objects(x);
  }
}

/** The longest stretch of a message that does not depend on {{ query }} numbers. */
function fixedText(text: string): string {
  return text.split(/\{\{.*?\}\}/s).map((x) => x.trim()).sort((a, b) => b.length - a.length)[0]!;
}

const PAST_FIELDS = ['t', 'activeAt', 'firedAt', 'resolvedAt', 'acknowledgedAt', 'startedAt', 'pagedAt', 'joinedAt', 'declaredAt'];

describe('what trainees get during a whole drill', () => {
  it('was a real drill: alerts fired, a team answered, the fix completed, and the facilitator saw the faults', () => {
    const all = seen.map((s) => s.text).join('\n');
    for (const type of ['"alert_firing"', '"answer"', '"action_completed"', '"incident_resolved"', '"inject"']) expect(all).toContain(type);
    expect(seen.filter((s) => s.what.startsWith('ws')).length).toBeGreaterThan(100);
    expect(facilitatorView.events.map((e: any) => e.event.type)).toContain('fault_started');
  });

  it('never contains the answer key, the faults, the scripts or what responders have not been asked', () => {
    const forbidden = [
      ...scenario.faults.flatMap((f) => [f.id, f.title]),
      // the score report and its explanations, which quote the key
      '"phases":', '"possible":', '"mainFaultStart"', 'the key expects', 'the key\'s',
      '"fault_started"', '"fault_changed"',
      ...['expected', 'scripts', 'faults', 'knowledge', 'fallback', 'harmful', 'root_cause', 'effects', 'injects', 'journal', 'seed', 'joinCode'].map((k) => `"${k}":`),
      ...scenario.expected.root_cause.map((group) => JSON.stringify(group)),
      // Only one question was asked (payments, about config changes): every other answer stays unsaid.
      ...Object.entries(scenario.teams).flatMap(([id, t]) => t.knowledge.filter((_, i) => !(id === 'payments' && i === 1)).map((k) => fixedText(k.answer))),
      // Only the rollback ran, so no other action's outcome may show.
      ...scenario.actions.filter((a) => a.id !== 'rollback-pool-config').map((a) => fixedText(a.outcome)),
    ];
    for (const s of seen) {
      // A postmortem has a root-cause section of its own: that key is the trainees' writing.
      const allowed = s.what.includes('/postmortem') ? ['"root_cause":'] : [];
      for (const f of forbidden.filter((x) => !allowed.includes(x))) expect(s.text.includes(f), `${s.what} at ${s.simNow}s contains ${f.slice(0, 60)}`).toBe(false);
    }
  });

  it('after the drill: trainees write and submit the postmortem, and every report route refuses them until it is published', () => {
    const calls = (who: string) => afterStatuses.filter((x) => x.includes(who));
    expect(afterStatuses).toEqual(expect.arrayContaining([
      'PUT /api/drills/ID/postmortem -> 200', 'POST /api/drills/ID/postmortem/submit -> 201',
      'PUT /api/drills/ID/postmortem -> 403', 'POST /api/drills/ID/postmortem/submit -> 403',
    ].map((x) => x.replace('ID', facilitatorView.id))));
    expect(afterStatuses.filter((x) => /report|reviews|publish|postmortem\.md/.test(x) && !x.endsWith('-> 403'))).toEqual([]);
    expect(calls('GET /api/drills/')).not.toEqual([]);
  });

  it('never shows an event, alert or clock from the future', () => {
    for (const s of seen) {
      for (const o of objects(JSON.parse(s.text))) {
        for (const k of PAST_FIELDS) {
          if (typeof o[k] === 'number') expect(o[k] as number, `${s.what}: ${k} in ${JSON.stringify(o).slice(0, 120)}`).toBeLessThanOrEqual(s.simNow);
        }
      }
    }
  });

  it('shows injects and changes only once they have happened', () => {
    const happened = new Map<string, number>();
    for (const { event: e } of facilitatorView.events) {
      if (e.type === 'inject') happened.set(e.text, e.t);
      if (e.type === 'change') {
        const c = scenario.changes.find((x) => x.id === e.change)!;
        happened.set(c.summary, e.t);
        if (c.diff) happened.set(JSON.stringify(c.diff).slice(1, -1), e.t);
      }
    }
    expect(happened.size).toBeGreaterThanOrEqual(4);
    for (const [text, t] of happened) {
      const early = seen.filter((s) => s.simNow < t && s.text.includes(text));
      expect(early.map((s) => `${s.what} at ${s.simNow}s`), text).toEqual([]);
      expect(seen.some((s) => s.text.includes(text)), `trainees eventually see ${text}`).toBe(true);
    }
  });
});
