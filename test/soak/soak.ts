/**
 * Crash-and-restart soak: the real server as a child process runs scenarios' golden scripts
 * through the HTTP API while the clock runs at 120x, and is killed with SIGKILL at random points
 * (mid-request, mid-write, right after start-up, while a WebSocket catches up). After every
 * restart, for every drill:
 *
 * - every acknowledged command is in the journal, in order; the one in flight at the kill may
 *   be there or not, and nothing else is;
 * - every event seen over the WebSocket before the kill is there with the same number;
 * - the drill is back at (at least) the sim time of the last event seen;
 * - an uninterrupted replay of the stored journal (createSimulation, then advance and apply each
 *   line) produces exactly the engine events the server shows.
 *
 * `npm run soak` runs 50 kills or more (test/soak/main.ts); `npm test` runs 3 (soak.test.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import WebSocket from 'ws';
import { loadCatalog } from '../../server/drills/catalog.js';
import { parseScenario } from '../../server/scenario/loader.js';
import { apply } from '../../server/sim/apply.js';
import { parseCommand } from '../../server/scenario/commands.js';
import { type Command } from '../../contract/commands.js';
import { FACILITATOR_COMMANDS, type CommandType } from '../../contract/commands.js';
import { advance, createSimulation } from '../../server/sim/engine.js';
import { parseStoreText } from '../../server/store/file.js';
import { SCENARIO_DIR } from '../helpers/scenario.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_EVENTS = new Set(['drill_started', 'drill_paused', 'drill_resumed', 'speed_changed', 'drill_ended', 'participant_joined']);

export interface SoakOptions {
  readonly kills: number;
  readonly seed: number;
  /** stop (and report) after this long even if not all kills are done */
  readonly maxSeconds: number;
  readonly log?: (line: string) => void;
}

export interface SoakReport {
  readonly kills: number;
  readonly restarts: number;
  readonly drills: number;
  readonly drillsFinished: number;
  readonly acked: number;
  readonly refused: number;
  readonly inFlightAtKill: number;
  readonly inFlightKept: number;
  readonly eventsSeen: number;
  readonly checks: number;
  readonly seconds: number;
}

/** A small seeded generator (mulberry32): the same seed, the same kill points. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Step { readonly at: number; readonly command: Command }

interface TrackedDrill {
  readonly id: string;
  readonly scenarioId: string;
  readonly facilitator: string;
  trainee?: string;
  readonly joinCode: string;
  readonly script: readonly Step[];
  next: number;
  readonly acked: Command[];
  /** sent, no answer yet: if the server died meanwhile, it may or may not be stored */
  inFlight?: Command;
  /** the command in flight is the golden step `next` (not a note) */
  inFlightIsStep: boolean;
  refused: number;
  /** the facilitator's stream as seen over the WebSocket, by seq */
  readonly seen: Map<number, unknown>;
  finished: boolean;
}

class Server {
  out = '';
  err = '';
  exit: number | null | undefined;
  url = '';
  readonly proc: ChildProcess;

  constructor(dataDir: string, scenariosDir: string) {
    const env = {
      ...process.env, PORT: '0', DRILLHALL_DATA: dataDir, DRILLHALL_SCENARIOS: scenariosDir, NODE_ENV: 'production',
      DRILLHALL_RATE_COMMANDS: 'off', DRILLHALL_RATE_QUERIES: 'off', DRILLHALL_RATE_MESSAGES: 'off', DRILLHALL_RATE_CREATE: 'off',
    };
    this.proc = spawn(process.execPath, ['bin/drillhall.js', 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout!.on('data', (b) => { this.out += String(b); });
    this.proc.stderr!.on('data', (b) => { this.err += String(b); });
    this.proc.on('exit', (code) => { this.exit = code; });
  }

  /** Resolves with the URL once it listens; rejects if it exits first. */
  async ready(ms = 60_000): Promise<string> {
    const end = Date.now() + ms;
    for (;;) {
      const m = /listening on (http:\/\/\S+)/.exec(this.out);
      if (m) return (this.url = m[1]!);
      if (this.exit !== undefined) throw new Error(`the server exited (${this.exit}) before listening:\n${this.err}`);
      if (Date.now() > end) throw new Error(`the server did not listen within ${ms} ms:\n${this.out}\n${this.err}`);
      await sleep(10);
    }
  }

  async kill(): Promise<void> {
    if (this.exit === undefined) this.proc.kill('SIGKILL');
    while (this.exit === undefined) await sleep(5);
  }

  async stop(): Promise<number | null> {
    if (this.exit === undefined) this.proc.kill('SIGTERM');
    const end = Date.now() + 20_000;
    while (this.exit === undefined && Date.now() < end) await sleep(10);
    if (this.exit === undefined) await this.kill();
    return this.exit ?? null;
  }
}

function normal(c: Command): Command {
  const r = parseCommand(c);
  return r.ok ? r.command : c;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

class Killed extends Error {}

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const log = o.log ?? (() => undefined);
  const random = rng(o.seed);
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'dh-soak-data-'));
  const scenariosDir = mkdtempSync(join(tmpdir(), 'dh-soak-scenarios-'));
  // Only scenarios that validate now: others may be mid-edit in the working tree.
  const { catalog } = await loadCatalog(SCENARIO_DIR);
  for (const e of catalog.list()) writeFileSync(join(scenariosDir, e.file), e.source);
  const scenarioIds = catalog.ids();
  const drills: TrackedDrill[] = [];
  const stats = { kills: 0, restarts: 0, acked: 0, refused: 0, inFlightAtKill: 0, inFlightKept: 0, checks: 0, finished: 0 };
  let server: Server | undefined;

  const api = async (method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> => {
    let res: Response;
    try {
      res = await fetch(`${server!.url}${path}`, {
        method, headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new Killed();
    }
    try {
      return { status: res.status, body: await res.json() };
    } catch {
      throw new Killed();
    }
  };

  try {
    while (stats.kills < o.kills && (Date.now() - started) / 1000 < o.maxSeconds) {
      server = new Server(dataDir, scenariosDir);
      // Some kills land during start-up: the journal replay, the restart pause being written.
      const early = random() < 0.1;
      const delay = early ? random() * 400 : 150 + random() * 2500;
      const killAt = early ? Date.now() + delay : undefined;
      try {
        if (killAt === undefined) {
          await server.ready();
          stats.restarts++;
          await verifyAll(server, drills, dataDir, api, stats);
          let failed: unknown;
          const life = drive(server, drills, scenarioIds, random, api, stats, log).catch((err: unknown) => { if (!(err instanceof Killed)) failed = err; });
          await Promise.race([life, sleep(delay)]);
          await server.kill();
          await life;
          if (failed) throw failed;
        } else {
          await sleep(killAt - Date.now());
        }
      } catch (err) {
        if (!(err instanceof Killed)) throw err;
      }
      await server.kill();
      stats.kills++;
      for (const d of drills) if (d.inFlight) stats.inFlightAtKill++;
      log(`kill ${stats.kills}/${o.kills}${early ? ' (during start-up)' : ''} after ${Math.round(delay)} ms; ${stats.acked} commands acknowledged so far`);
    }
    // A last clean life: everything must check out, and SIGTERM must exit 0 and free the lock.
    server = new Server(dataDir, scenariosDir);
    await server.ready();
    stats.restarts++;
    await verifyAll(server, drills, dataDir, api, stats);
    const code = await server.stop();
    if (code !== 0) throw new Error(`the server did not exit cleanly on SIGTERM (${code}):\n${server.err}`);
    return {
      kills: stats.kills, restarts: stats.restarts, drills: drills.length, drillsFinished: stats.finished, acked: stats.acked, refused: stats.refused,
      inFlightAtKill: stats.inFlightAtKill, inFlightKept: stats.inFlightKept, eventsSeen: drills.reduce((n, d) => n + d.seen.size, 0),
      checks: stats.checks, seconds: Math.round((Date.now() - started) / 1000),
    };
  } catch (err) {
    throw new Error(`soak failed after ${stats.kills} kills (seed ${o.seed}, data kept in ${dataDir}): ${(err as Error).stack}\nserver stderr:\n${server?.err ?? ''}`);
  } finally {
    await server?.kill();
    rmSync(scenariosDir, { recursive: true, force: true });
  }
}

type Api = (method: string, path: string, token?: string, body?: unknown) => Promise<{ status: number; body: any }>;
type Stats = { acked: number; refused: number; inFlightKept: number; checks: number; finished: number };

/** After a restart: each drill's journal, events and clock against what was acknowledged and seen, and against a replay. */
async function verifyAll(server: Server, drills: TrackedDrill[], dataDir: string, api: Api, stats: Stats): Promise<void> {
  if (drills.length === 0) return;
  const file = parseStoreText('drillhall.json', readFileSync(join(dataDir, 'drillhall.json'), 'utf8'));
  for (const d of drills) {
    const r = await api('GET', `/api/drills/${d.id}`, d.facilitator);
    if (r.status !== 200) throw new Error(`drill ${d.id}: GET after restart: ${r.status} ${JSON.stringify(r.body)}`);
    const view = r.body;
    // A join as commander is followed by the joiner taking the role: journaled, but not a command the soak sent.
    const taken = (e: any, prev: any) => e.command.type === 'assign_role' && prev?.kind === 'join' && prev.who === e.who;
    const commands = (view.journal as any[]).filter((e, i, all) => e.kind === 'command' && !taken(e, all[i - 1])).map((e) => e.command);
    const kept = d.inFlight !== undefined && commands.length === d.acked.length + 1 && isDeepStrictEqual(commands.at(-1), normal(d.inFlight));
    if (kept) {
      d.acked.push(normal(d.inFlight!));
      stats.inFlightKept++;
      stats.acked++;
      if (d.inFlightIsStep) d.next++;
    }
    if (!isDeepStrictEqual(commands, d.acked)) {
      throw new Error(`drill ${d.id}: the journal's commands are not the acknowledged ones (in flight: ${JSON.stringify(d.inFlight)}):\n journal ${JSON.stringify(commands)}\n acked   ${JSON.stringify(d.acked)}`);
    }
    d.inFlight = undefined;
    for (const [seq, event] of d.seen) {
      if (!isDeepStrictEqual(view.events[seq - 1], { seq, event })) throw new Error(`drill ${d.id}: event ${seq} seen before the kill is ${JSON.stringify(view.events[seq - 1])} now, was ${JSON.stringify(event)}`);
    }
    const lastSeen = Math.max(0, ...[...d.seen.values()].map((e: any) => e.t));
    if (view.clock.t < lastSeen) throw new Error(`drill ${d.id}: back at ${view.clock.t}s, but events up to ${lastSeen}s were seen`);
    // An uninterrupted replay of the stored journal gives exactly the engine events shown.
    const record = file.drills[d.id];
    if (!record) throw new Error(`drill ${d.id} is not in the data file`);
    const parsed = parseScenario(file.scenarios[record.scenarioHash]!.source, `${d.scenarioId}.yaml`);
    if (!parsed.ok) throw new Error(`drill ${d.id}: its stored scenario does not load`);
    const replay = createSimulation(parsed.scenario, view.seed);
    for (const e of view.journal as any[]) {
      advance(replay, e.t);
      if (e.kind === 'command' && !apply(replay, e.command, e.by).ok) throw new Error(`drill ${d.id}: journal command ${JSON.stringify(e)} is refused on replay`);
    }
    advance(replay, view.clock.t);
    const shown = (view.events as any[]).map((e) => e.event).filter((e) => !SERVER_EVENTS.has(e.type));
    if (JSON.stringify(shown) !== JSON.stringify(replay.events)) throw new Error(`drill ${d.id}: the events shown differ from a replay of the journal (${shown.length} shown, ${replay.events.length} replayed)`);
    stats.checks++;
  }
}

/** One life of the server: keep the current drill's golden script going until the kill. */
async function drive(server: Server, drills: TrackedDrill[], scenarioIds: readonly string[], random: () => number, api: Api, stats: Stats, log: (s: string) => void): Promise<void> {
  for (;;) {
    let d = drills.findLast((x) => !x.finished);
    if (!d) d = await newDrill(drills, scenarioIds, random, api);
    if (!d.trainee) {
      const j = await api('POST', `/api/drills/${d.id}/participants`, undefined, { joinCode: d.joinCode, name: `Ada${drills.length}-${Math.floor(random() * 1e6)}`, role: 'commander' });
      if (j.status !== 201) throw new Error(`join: ${j.status} ${JSON.stringify(j.body)}`);
      d.trainee = j.body.token;
    }
    const view = (await api('GET', `/api/drills/${d.id}`, d.facilitator)).body;
    const phase = view.clock.phase;
    if (phase === 'created') await control(api, d, { type: 'start', speed: 120 });
    else if (phase === 'paused') await control(api, d, { type: 'resume' });
    else if (phase === 'ended') { d.finished = true; stats.finished++; continue; }
    const ws = watch(server, d);
    try {
      await runScript(server, d, api, ws, random, stats);
      await control(api, d, { type: 'end' });
      d.finished = true;
      stats.finished++;
      log(`drill ${d.id} (${d.scenarioId}) finished its golden script: ${d.acked.length} commands`);
    } finally {
      ws.close();
    }
  }
}

async function newDrill(drills: TrackedDrill[], scenarioIds: readonly string[], random: () => number, api: Api): Promise<TrackedDrill> {
  const scenarioId = scenarioIds[drills.length % scenarioIds.length]!;
  const c = await api('POST', '/api/drills', undefined, { scenarioId, seed: String(Math.floor(random() * 1e9)) });
  if (c.status !== 201) throw new Error(`create: ${c.status} ${JSON.stringify(c.body)}`);
  const v = await api('GET', `/api/drills/${c.body.id}`, c.body.facilitatorToken);
  const script = (v.body.scenario.scripts.golden as { at: number; command: Command }[]).map((s) => ({ at: s.at, command: s.command }));
  const d: TrackedDrill = { id: c.body.id, scenarioId, facilitator: c.body.facilitatorToken, joinCode: c.body.joinCode, script, next: 0, acked: [], inFlightIsStep: false, refused: 0, seen: new Map(), finished: false };
  drills.push(d);
  return d;
}

async function control(api: Api, d: TrackedDrill, c: unknown): Promise<void> {
  const r = await api('POST', `/api/drills/${d.id}/commands`, d.facilitator, c);
  if (r.status !== 202 && r.status !== 409) throw new Error(`${JSON.stringify(c)}: ${r.status} ${JSON.stringify(r.body)}`);
}

interface Watch { t(): number; problem(): string | undefined; close(): void }

/** The facilitator's live stream: every event seen is recorded by seq; pongs carry the sim time. */
function watch(server: Server, d: TrackedDrill): Watch {
  let t = 0;
  let problem: string | undefined;
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/drills/${d.id}/live?token=${d.facilitator}`);
  const lastSeq = Math.max(0, ...d.seen.keys());
  ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', lastSeq })));
  ws.on('error', () => undefined);
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    const record = (events: { seq: number; event: any }[]) => {
      for (const e of events) {
        const before = d.seen.get(e.seq);
        if (before !== undefined && !isDeepStrictEqual(before, e.event)) problem ??= `drill ${d.id}: event ${e.seq} was ${JSON.stringify(before)}, is now ${JSON.stringify(e.event)}`;
        d.seen.set(e.seq, e.event);
        t = Math.max(t, e.event.t);
      }
    };
    if (m.type === 'events') { record(m.events); if (m.clock) t = Math.max(t, m.clock.t); }
    if (m.type === 'snapshot') record(m.view.events);
    if (m.type === 'clock' || m.type === 'pong') t = Math.max(t, m.t);
  });
  const pinger = setInterval(() => { if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'ping' })); }, 50);
  return { t: () => t, problem: () => problem, close: () => { clearInterval(pinger); ws.terminate(); } };
}

/** Send each golden step once the sim clock reaches it, with notes in between; then run a minute on. */
async function runScript(server: Server, d: TrackedDrill, api: Api, ws: Watch, random: () => number, stats: Stats): Promise<void> {
  const last = d.script.at(-1)?.at ?? 0;
  while (d.next < d.script.length || ws.t() < last + 60) {
    if (server.exit !== undefined) throw new Killed();
    const problem = ws.problem();
    if (problem) throw new Error(problem);
    const step = d.script[d.next];
    if (step && ws.t() >= step.at) {
      await send(api, d, step.command, stats, true);
      d.next++;
    } else if (random() < 0.3) {
      await send(api, d, { type: 'add_note', text: `soak note ${d.acked.length}` }, stats, false);
    } else {
      await sleep(20);
    }
  }
}

async function send(api: Api, d: TrackedDrill, command: Command, stats: Stats, isStep: boolean): Promise<void> {
  const token = FACILITATOR_COMMANDS.has(command.type as CommandType) ? d.facilitator : d.trainee!;
  d.inFlight = command;
  d.inFlightIsStep = isStep;
  const r = await api('POST', `/api/drills/${d.id}/commands`, token, command);
  d.inFlight = undefined;
  // As the server journals it (defaults filled in: run_action gets `params: {}`).
  if (r.status === 202) { d.acked.push(normal(command)); stats.acked++; return; }
  if (r.status === 409) { d.refused++; stats.refused++; return; }
  throw new Error(`drill ${d.id}: ${JSON.stringify(command)}: ${r.status} ${JSON.stringify(r.body)}`);
}
