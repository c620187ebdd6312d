/**
 * The real server as a child process: killed with SIGKILL mid-drill, restarted on the same data
 * directory, it has every acknowledged command and the drill exactly where a replay of the
 * stored journal puts it. Polls with timeouts; no fixed sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseScenario } from '../../server/scenario/loader.js';
import { apply } from '../../server/sim/apply.js';
import { advance, createSimulation } from '../../server/sim/engine.js';
import { readStoredData } from '../../server/store/lowdb.js';
import { EXAMPLE_TEXT } from '../helpers/scenario.js';
import { until } from './support.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_EVENTS = new Set(['drill_started', 'drill_paused', 'drill_resumed', 'speed_changed', 'drill_ended', 'participant_joined']);
const children: ChildProcess[] = [];

interface Server { readonly proc: ChildProcess; readonly url: string; out: string; err: string; exit?: number | null }

/** Only the example scenario, so scenario files others are editing cannot get in the way. */
const SCENARIOS = mkdtempSync(join(tmpdir(), 'dh-scenarios-'));
writeFileSync(join(SCENARIOS, 'checkout-db-pool.yaml'), EXAMPLE_TEXT);

function launch(dataDir: string): Server & { ready: Promise<void> } {
  const env = { ...process.env, PORT: '0', DRILLHALL_DATA: dataDir, DRILLHALL_SCENARIOS: SCENARIOS, NODE_ENV: 'production' };
  const proc = spawn(process.execPath, ['bin/drillhall.js', 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(proc);
  const s: Server & { ready: Promise<void>; url: string } = { proc, url: '', out: '', err: '', ready: Promise.resolve() };
  proc.stdout!.on('data', (b) => { s.out += String(b); });
  proc.stderr!.on('data', (b) => { s.err += String(b); });
  proc.on('exit', (code) => { s.exit = code; });
  s.ready = until(() => /listening on (http:\/\/\S+)/.exec(s.out)?.[1] ?? (s.exit !== undefined ? 'exited' : undefined), 'the server to listen', 30_000).then((url) => {
    if (url === 'exited') throw new Error(`server exited ${s.exit}: ${s.err}`);
    s.url = url;
  });
  s.ready.catch(() => undefined); // launches expected to fail are awaited through `exited` instead
  return s;
}

async function started(dataDir: string): Promise<Server> {
  const s = launch(dataDir);
  await s.ready;
  return s;
}

async function exited(s: Server): Promise<number | null> {
  await until(() => s.exit !== undefined, 'the server to exit', 15_000);
  return s.exit!;
}

async function api(s: Server, method: string, path: string, token?: string, body?: unknown): Promise<any> {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('a server killed with SIGKILL', () => {
  it('restarts with every acknowledged command and the drill where a replay of its journal puts it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dh-restart-'));
    const first = await started(dir);
    const { id, joinCode, facilitatorToken: fac } = (await api(first, 'POST', '/api/drills', undefined, { scenarioId: 'checkout-db-pool', seed: '11' })).body;
    const ada = (await api(first, 'POST', `/api/drills/${id}/participants`, undefined, { joinCode, name: 'Ada', role: 'commander' })).body.token;
    const seen: any[] = [];
    const ws = new WebSocket(`${first.url.replace('http', 'ws')}/api/drills/${id}/live?token=${fac}`);
    ws.on('message', (data) => { const m = JSON.parse(String(data)); if (m.type === 'events') seen.push(...m.events); });
    ws.on('error', () => undefined);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', lastSeq: 0 })));
    expect((await api(first, 'POST', `/api/drills/${id}/commands`, fac, { type: 'start', speed: 120 })).status).toBe(202);
    // Joining as commander took the role: the first command in the journal is Ada's own assign_role.
    const acked: unknown[] = [{ type: 'assign_role', role: 'commander', name: 'Ada' }];
    const send = async (command: unknown) => {
      const r = await api(first, 'POST', `/api/drills/${id}/commands`, ada, command);
      expect(r.status).toBe(202);
      acked.push(command);
    };
    await send({ type: 'declare_incident', severity: 'SEV3', title: 'Checkout is slow' });
    await send({ type: 'page_team', team: 'payments' });
    for (let i = 0; i < 5; i++) await send({ type: 'add_note', text: `note ${i}` });
    await until(() => seen.some((e) => e.event.type === 'alert_firing'), 'an alert to fire', 20_000);
    await send({ type: 'set_severity', severity: 'SEV2' });
    first.proc.kill('SIGKILL');
    await exited(first);
    ws.terminate();

    const second = await started(dir);
    const view = (await api(second, 'GET', `/api/drills/${id}`, fac)).body;
    expect(view.journal.filter((e: any) => e.kind === 'command').map((e: any) => e.command)).toEqual(acked);
    expect(view.clock.phase).toBe('paused');
    const lastEvent = view.events.at(-1).event;
    expect(lastEvent).toEqual({ t: view.clock.t, by: 'server', type: 'drill_paused', reason: 'server restarted' });
    expect(view.clock.t).toBeGreaterThanOrEqual(Math.max(...seen.map((e) => e.event.t), ...view.journal.map((e: any) => e.t)));
    // Everything seen before the kill is there, with the same numbers.
    expect(view.events.slice(0, seen.length)).toEqual(seen);

    // An uninterrupted replay of the stored journal gives the same engine events.
    const onDisk = readStoredData(join(dir, 'drillhall.json'));
    const stored = onDisk.drills[id]!;
    const parsed = parseScenario(onDisk.scenarios[stored.scenarioHash]!.source, 'x.yaml');
    if (!parsed.ok) throw new Error('stored scenario does not parse');
    const replay = createSimulation(parsed.scenario, stored.seed);
    for (const e of stored.log) {
      advance(replay, e.t);
      if (e.kind === 'command') expect(apply(replay, e.command, e.by).ok).toBe(true);
    }
    advance(replay, stored.clock.t);
    expect(view.events.map((e: any) => e.event).filter((e: any) => !SERVER_EVENTS.has(e.type))).toEqual(JSON.parse(JSON.stringify(replay.events)));
    expect(seen.map((e) => e.event).filter((e) => !SERVER_EVENTS.has(e.type))).toEqual(JSON.parse(JSON.stringify(replay.events)).slice(0, seen.filter((e) => !SERVER_EVENTS.has(e.event.type)).length));

    // Tokens survive; the drill resumes from where it was.
    expect((await api(second, 'GET', `/api/drills/${id}`, ada)).status).toBe(200);
    expect((await api(second, 'POST', `/api/drills/${id}/commands`, fac, { type: 'resume' })).status).toBe(202);

    // SIGTERM: a clean exit that releases the lock.
    second.proc.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
    expect(existsSync(join(dir, 'drillhall.json.lock'))).toBe(false);
  }, 90_000);

  it('refuses to start a second server on the same data, or on a corrupt file, and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dh-restart-'));
    const first = await started(dir);
    const second = launch(dir);
    expect(await exited(second)).toBe(1);
    expect(second.err).toContain(`is in use by another Drillhall server (pid ${first.proc.pid}`);
    first.proc.kill('SIGTERM');
    expect(await exited(first)).toBe(0);

    const broken = mkdtempSync(join(tmpdir(), 'dh-restart-'));
    writeFileSync(join(broken, 'drillhall.json'), '{"version":1,"drills":');
    const third = launch(broken);
    expect(await exited(third)).toBe(1);
    expect(third.err).toContain(`the data file ${join(broken, 'drillhall.json')} is not valid JSON`);
    expect(readFileSync(join(broken, 'drillhall.json'), 'utf8')).toBe('{"version":1,"drills":');
  }, 60_000);
});
