/**
 * The servers under test of the fan-out benchmark (fanout.ts), each in a child process of its
 * own (this CLI, `bench --child drillhall|baseline`), so its CPU and memory are its own and the
 * clients in the parent do not blur them: Drillhall itself, or a plain `ws` server that
 * broadcasts recorded payloads on a recorded schedule (the baseline). Parent and child talk
 * over IPC: `Child` is the parent's handle, `fanoutChild` the child's side.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { NO_RATE_LIMITS } from '../drills/limits.js';
import { startServer } from '../node/serve.js';
import { DATA_FILE_NAME } from '../store/lowdb.js';
import type { DrillStore } from '../store/store.js';

const BIN = fileURLToPath(new URL('../../bin/drillhall.js', import.meta.url));

export interface ChildStats { readonly cpuMicros: number; readonly peakRssKb: number; readonly rssKb: number; readonly heapKb: number; readonly dataBytes: number; readonly writes: number; readonly writtenBytes: number }
export type ToChild = { type: 'stats'; collect: boolean } | { type: 'stop' } | { type: 'schedule'; rooms: [number, string][][] } | { type: 'go' };
export type FromChild = { type: 'ready'; url: string } | ({ type: 'stats' } & ChildStats) | { type: 'done' };

export class Child {
  readonly proc: ChildProcess;
  readonly #waiting: ((m: FromChild) => void)[] = [];
  constructor(kind: 'drillhall' | 'baseline', args: string[] = []) {
    // --expose-gc: memory is sampled right after a full collection, so garbage does not look like a leak.
    this.proc = fork(BIN, ['bench', '--child', kind, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [...process.execArgv, '--expose-gc'] });
    this.proc.on('message', (m) => this.#waiting.shift()?.(m as FromChild));
  }
  ask(m: ToChild): Promise<FromChild> {
    return new Promise((res) => { this.#waiting.push(res); this.proc.send(m); });
  }
  ready(): Promise<FromChild> { return new Promise((res) => this.#waiting.push(res)); }
  /**
   * CPU, memory and writes so far. `collect` runs a full garbage collection first, so the heap is
   * exactly what is held; it stops the server for hundreds of milliseconds with a big heap, so
   * the samples taken while drivers wait for acknowledgements leave it out and report the heap
   * after V8's own latest full collection instead.
   */
  async stats(collect: boolean): Promise<ChildStats> { return (await this.ask({ type: 'stats', collect })) as ChildStats & { type: 'stats' }; }
  async stop(): Promise<void> {
    await this.ask({ type: 'stop' });
    await new Promise<void>((res) => (this.proc.exitCode !== null ? res() : this.proc.once('exit', () => res())));
  }
}

/** Heap in use just after the latest full (mark-compact) collection V8 chose to run. */
let heapAfterMajorGc: number | undefined;
const gcWatch = new PerformanceObserver((list) => {
  if (list.getEntries().some((e) => ((e as { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) heapAfterMajorGc = getHeapStatistics().used_heap_size;
});

function childStats(dataFile: string | undefined, store: DrillStore | undefined, collect: boolean): ChildStats {
  if (collect) (globalThis as { gc?: () => void }).gc?.();
  const u = process.cpuUsage();
  const m = process.memoryUsage();
  let dataBytes = 0;
  // Everything stored: the data file, the clock checkpoints and every drill's journal.
  if (dataFile) {
    const dir = dirname(dataFile);
    for (const f of [dataFile, join(dir, 'clocks.json'), ...listed(join(dir, 'journals'))]) {
      try { dataBytes += statSync(f).size; } catch { /* not written yet */ }
    }
  }
  const w = store?.writeStats?.() ?? { writes: 0, bytes: 0 };
  return { cpuMicros: u.user + u.system, peakRssKb: process.resourceUsage().maxRSS, rssKb: m.rss / 1024, heapKb: (collect ? m.heapUsed : heapAfterMajorGc ?? m.heapUsed) / 1024, dataBytes, writes: w.writes, writtenBytes: w.bytes };
}

/** The child side: `drillhall bench --child drillhall|baseline [--clients M]`, driven over IPC. */
export async function fanoutChild(kind: string, clients: number): Promise<number> {
  const send = (m: FromChild) => process.send!(m);
  gcWatch.observe({ entryTypes: ['gc'] });
  let stop: () => Promise<void>;
  let dataFile: string | undefined;
  let store: DrillStore | undefined;
  const rooms: WebSocket[][] = [];
  let schedule: [number, string][][] = [];
  if (kind === 'drillhall') {
    const dir = mkdtempSync(join(tmpdir(), 'drillhall-bench-'));
    dataFile = join(dir, DATA_FILE_NAME);
    // One address makes every drill and join here: the per-address and per-token rates are off,
    // and a drill takes the driver and every client. Sizes and the live path are as in production.
    const limits = { ...NO_RATE_LIMITS, maxParticipants: clients + 1, maxConnectionsPerDrill: clients + 2 };
    const server = await startServer({ port: 0, hostname: '127.0.0.1', dataDir: dir, warn: () => undefined, limits });
    store = server.store;
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
      if (m.type === 'stats') send({ type: 'stats', ...childStats(dataFile, store, m.collect) });
      if (m.type === 'schedule') { schedule = m.rooms; send({ type: 'done' }); }
      if (m.type === 'go') {
        // The same text, stamped with this server's send time like Drillhall stamps its own.
        schedule.forEach((items, r) => items.forEach(([at, text]) => setTimeout(() => {
          const stamped = text.replace(/"at":\d+/, `"at":${Date.now()}`);
          for (const ws of rooms[r] ?? []) ws.send(stamped);
        }, at)));
        send({ type: 'done' });
      }
      if (m.type === 'stop') {
        void stop().then(() => {
          gcWatch.disconnect();
          send({ type: 'done' });
          process.disconnect();
          res(0);
        });
      }
    });
  });
}

function listed(dir: string): string[] {
  try { return readdirSync(dir).map((f) => join(dir, f)); } catch { return []; }
}
