/**
 * Live fan-out: N drills x M WebSocket clients on loopback, clocks at 60x, one driver per drill
 * sending notes. Measures what clients get (events per second, latency from the server's publish
 * stamp `at` to receipt), the drivers' command acknowledgement time (validate, apply, fsync,
 * publish), and the server's CPU and peak RSS. Then a plain `ws` server broadcasts the very same
 * payloads on the same schedule to the same number of clients, in the same run: the baseline.
 *
 * Each server runs in its own child process (this CLI, `bench --child ...`), so its CPU and
 * memory are its own and the clients in this process do not blur them.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';

const BIN = fileURLToPath(new URL('../../bin/drillhall.js', import.meta.url));

export interface FanoutOptions {
  readonly drills: number;
  readonly clients: number;
  /** measured seconds per server */
  readonly seconds: number;
  readonly speed: number;
  /** notes each drill's driver sends per second */
  readonly notesPerSecond: number;
  readonly scenarioId: string;
}

export const FANOUT_DEFAULTS: FanoutOptions = { drills: 4, clients: 25, seconds: 8, speed: 60, notesPerSecond: 10, scenarioId: 'checkout-db-pool' };

export interface RunStats {
  readonly messagesPerSec: number;
  readonly eventsPerSec: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly cpuPercent: number;
  readonly peakRssMb: number;
}

export interface FanoutResult {
  readonly options: FanoutOptions;
  readonly drillhall: RunStats & { readonly commands: number; readonly ackP50Ms: number; readonly ackP99Ms: number };
  readonly baseline: RunStats;
}

interface ChildStats { readonly cpuMicros: number; readonly peakRssKb: number }
type ToChild = { type: 'stats' } | { type: 'stop' } | { type: 'schedule'; rooms: [number, string][][] } | { type: 'go' };
type FromChild = { type: 'ready'; url: string } | ({ type: 'stats' } & ChildStats) | { type: 'done' };

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** What one group of clients got. Only counts and the `at` stamp are read, not the whole JSON. */
class Sink {
  readonly latencies: number[] = [];
  messages = 0;
  events = 0;
  recording: [number, string][] | undefined;
  startedAt = 0;

  /** `record`: keep the message for the baseline's schedule (one client per drill does). */
  take(text: string, record = false): void {
    const now = Date.now();
    this.messages++;
    if (record && this.recording) this.recording.push([now - this.startedAt, text]);
    if (!text.startsWith('{"type":"events"')) return;
    this.events += text.split('{"seq":').length - 1;
    const at = /"at":(\d+)\}$/.exec(text);
    if (at) this.latencies.push(now - Number(at[1]));
  }
}

class Child {
  readonly proc: ChildProcess;
  readonly #waiting: ((m: FromChild) => void)[] = [];
  constructor(kind: 'drillhall' | 'baseline') {
    this.proc = fork(BIN, ['bench', '--child', kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.proc.on('message', (m) => this.#waiting.shift()?.(m as FromChild));
  }
  ask(m: ToChild): Promise<FromChild> {
    return new Promise((res) => { this.#waiting.push(res); this.proc.send(m); });
  }
  ready(): Promise<FromChild> { return new Promise((res) => this.#waiting.push(res)); }
  async stats(): Promise<ChildStats> { return (await this.ask({ type: 'stats' })) as ChildStats & { type: 'stats' }; }
  async stop(): Promise<void> {
    await this.ask({ type: 'stop' });
    await new Promise<void>((res) => (this.proc.exitCode !== null ? res() : this.proc.once('exit', () => res())));
  }
}

function open(url: string, onText: (t: string) => void): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('message', (d) => onText(String(d)));
  return new Promise((res, rej) => { ws.once('open', () => res(ws)); ws.once('error', rej); });
}

async function post(url: string, body: unknown, token?: string): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

interface Drill { readonly id: string; readonly fac: string; readonly driver: string; readonly trainees: string[] }

async function createDrills(url: string, o: FanoutOptions): Promise<Drill[]> {
  const out: Drill[] = [];
  for (let i = 0; i < o.drills; i++) {
    const d = await post(`${url}/api/drills`, { scenarioId: o.scenarioId, seed: `bench-${i}` });
    const join = async (name: string, role: string) => (await post(`${url}/api/drills/${d.id}/participants`, { joinCode: d.joinCode, name, role })).token as string;
    const driver = await join('Driver', 'scribe');
    const trainees: string[] = [];
    for (let c = 0; c < o.clients; c++) trainees.push(await join(`Client ${c}`, 'observer'));
    out.push({ id: d.id, fac: d.facilitatorToken, driver, trainees });
  }
  return out;
}

/** The Drillhall run: returns its stats and, per drill, what client 0 received when. */
async function runDrillhall(o: FanoutOptions): Promise<{ stats: FanoutResult['drillhall']; schedule: [number, string][][] }> {
  const child = new Child('drillhall');
  const { url } = (await child.ready()) as { url: string };
  const drills = await createDrills(url, o);
  const wsUrl = (d: Drill, token: string) => `${url.replace('http', 'ws')}/api/drills/${d.id}/live?token=${token}`;
  const sinks = drills.map(() => new Sink());
  const sockets: WebSocket[] = [];
  for (const [i, d] of drills.entries()) {
    const conns = await Promise.all(d.trainees.map((t, c) => open(wsUrl(d, t), (text) => sinks[i]!.take(text, c === 0))));
    for (const ws of conns) ws.send(JSON.stringify({ type: 'hello' }));
    sockets.push(...conns);
  }
  const acks: number[] = [];
  const sentAt = new Map<string, number>();
  const drivers = await Promise.all(drills.map((d) => open(wsUrl(d, d.driver), (text) => {
    const m = /^\{"type":"ack","id":"([^"]+)"/.exec(text);
    if (m) acks.push(Date.now() - sentAt.get(m[1]!)!);
  })));
  await new Promise((r) => setTimeout(r, 300));
  for (const s of sinks) { s.startedAt = Date.now(); s.recording = []; s.messages = 0; s.events = 0; s.latencies.length = 0; }
  for (const d of drills) await post(`${url}/api/drills/${d.id}/commands`, { type: 'start', speed: o.speed }, d.fac);
  const before = await child.stats();
  const t0 = Date.now();
  let n = 0;
  const timer = setInterval(() => {
    for (const ws of drivers) {
      const id = `n${n++}`;
      sentAt.set(id, Date.now());
      ws.send(JSON.stringify({ type: 'command', id, command: { type: 'add_note', text: `bench note ${id}` } }));
    }
  }, 1000 / o.notesPerSecond);
  await new Promise((r) => setTimeout(r, o.seconds * 1000));
  clearInterval(timer);
  await new Promise((r) => setTimeout(r, 300));
  const after = await child.stats();
  const wall = (Date.now() - t0) / 1000;
  for (const ws of [...sockets, ...drivers]) ws.terminate();
  await child.stop();
  const stats = summarise(sinks, wall, before, after);
  return {
    stats: { ...stats, commands: acks.length, ackP50Ms: percentile(acks, 50), ackP99Ms: percentile(acks, 99) },
    schedule: sinks.map((s) => s.recording!),
  };
}

/** The baseline: a plain ws server sends the recorded payloads on the recorded schedule. */
async function runBaseline(o: FanoutOptions, schedule: [number, string][][]): Promise<RunStats> {
  const child = new Child('baseline');
  const { url } = (await child.ready()) as { url: string };
  await child.ask({ type: 'schedule', rooms: schedule });
  const sinks = schedule.map(() => new Sink());
  const sockets: WebSocket[] = [];
  for (let r = 0; r < schedule.length; r++) {
    sockets.push(...(await Promise.all(Array.from({ length: o.clients }, () => open(`${url}/?room=${r}`, (text) => sinks[r]!.take(text))))));
  }
  await new Promise((r) => setTimeout(r, 300));
  const before = await child.stats();
  const t0 = Date.now();
  await child.ask({ type: 'go' });
  const last = Math.max(0, ...schedule.flatMap((room) => room.map(([at]) => at)));
  await new Promise((r) => setTimeout(r, Math.max(last, o.seconds * 1000) + 300));
  const after = await child.stats();
  const wall = (Date.now() - t0) / 1000;
  for (const ws of sockets) ws.terminate();
  await child.stop();
  return summarise(sinks, wall, before, after);
}

function summarise(sinks: Sink[], wall: number, before: ChildStats, after: ChildStats): RunStats {
  const latencies = sinks.flatMap((s) => s.latencies);
  return {
    messagesPerSec: sinks.reduce((a, s) => a + s.messages, 0) / wall,
    eventsPerSec: sinks.reduce((a, s) => a + s.events, 0) / wall,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    cpuPercent: ((after.cpuMicros - before.cpuMicros) / (wall * 1e6)) * 100,
    peakRssMb: after.peakRssKb / 1024,
  };
}

/**
 * Run both servers one after the other.
 * @example const r = await fanoutBench({ ...FANOUT_DEFAULTS, seconds: 4 })
 */
export async function fanoutBench(o: FanoutOptions = FANOUT_DEFAULTS): Promise<FanoutResult> {
  const { stats, schedule } = await runDrillhall(o);
  const baseline = await runBaseline(o, schedule);
  return { options: o, drillhall: stats, baseline };
}

function childStats(): ChildStats {
  const u = process.cpuUsage();
  return { cpuMicros: u.user + u.system, peakRssKb: process.resourceUsage().maxRSS };
}

/** The child side: `drillhall bench --child drillhall|baseline`, driven over IPC. */
export async function fanoutChild(kind: string): Promise<number> {
  const send = (m: FromChild) => process.send!(m);
  let stop: () => Promise<void>;
  const rooms: WebSocket[][] = [];
  let schedule: [number, string][][] = [];
  if (kind === 'drillhall') {
    const { startServer } = await import('../cli/serve.js');
    const dir = mkdtempSync(join(tmpdir(), 'drillhall-bench-'));
    const server = await startServer({ port: 0, hostname: '127.0.0.1', dataDir: dir, warn: () => undefined });
    stop = async () => { await server.close(); rmSync(dir, { recursive: true, force: true }); };
    send({ type: 'ready', url: server.url });
  } else {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws, req) => {
      const room = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('room'));
      (rooms[room] ??= []).push(ws);
    });
    stop = () => new Promise((res) => wss.close(() => res()));
    send({ type: 'ready', url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}` });
  }
  return new Promise((res) => {
    process.on('message', (m: ToChild) => {
      if (m.type === 'stats') send({ type: 'stats', ...childStats() });
      if (m.type === 'schedule') { schedule = m.rooms; send({ type: 'done' }); }
      if (m.type === 'go') {
        // The same text, stamped with this server's send time like Drillhall stamps its own.
        schedule.forEach((items, r) => items.forEach(([at, text]) => setTimeout(() => {
          const stamped = text.replace(/"at":\d+/, `"at":${Date.now()}`);
          for (const ws of rooms[r] ?? []) ws.send(stamped);
        }, at)));
        send({ type: 'done' });
      }
      if (m.type === 'stop') void stop().then(() => { send({ type: 'done' }); process.disconnect(); res(0); });
    });
  });
}
