/**
 * Live fan-out: N drills x M WebSocket clients on loopback, held for a while. Each drill runs its
 * clock and has one driver sending notes, so every client gets a steady stream of events. The
 * run reports what clients got (events per second, latency from the server's publish stamp `at`
 * to receipt), whether they got all of it (every client's stream checked for gaps, repeats and
 * resyncs; every acknowledged note seen), the drivers' command acknowledgement time (validate,
 * apply, fsync, publish), and the server's CPU, RSS and heap after a full GC, sampled through
 * the run so a leak shows as a slope.
 *
 * Then a plain `ws` server broadcasts the very same payloads on the same schedule to the same
 * number of clients, in the same run: the baseline, for the first `baselineSeconds`.
 *
 * Each server runs in its own child process (child.ts: this CLI, `bench --child ...`), so its
 * CPU and memory are its own and the clients in this process do not blur them.
 */
import WebSocket from 'ws';
import { Child, type ChildStats } from './child.js';
import { Histogram, newCursor, slope, Tally, type Cursor, type Integrity } from './tally.js';

export interface FanoutOptions {
  readonly drills: number;
  /** WebSocket clients per drill (observers), besides the driver */
  readonly clients: number;
  /** measured seconds of the Drillhall run */
  readonly seconds: number;
  readonly speed: number;
  /** notes each drill's driver sends per second */
  readonly notesPerSecond: number;
  readonly scenarioId: string;
  /** how much of the recorded schedule the plain ws baseline replays (s) */
  readonly baselineSeconds: number;
  /** sample memory and throughput this often (s) */
  readonly sampleSeconds: number;
  /**
   * after the drivers stop, keep every client connected this long (s) with the clocks running:
   * the heap should not move once nothing new is stored
   */
  readonly settleSeconds: number;
}

/**
 * The options of one fan-out run, and the second size `npm run bench` holds: 160 drills of 50
 * clients (8,160 WebSockets), for five minutes, clients included (README, "Benchmarks").
 */
export const FANOUT_DEFAULTS: FanoutOptions = {
  drills: 160, clients: 50, seconds: 300, speed: 10, notesPerSecond: 2, scenarioId: 'checkout-db-pool', baselineSeconds: 60, sampleSeconds: 30,
  settleSeconds: 60,
};

/** The sizes `npm run bench` holds, one after the other: many small drills fast, then fewer, busier ones. */
export const FANOUT_SIZES: readonly Pick<FanoutOptions, 'drills' | 'clients' | 'speed'>[] = [
  { drills: 500, clients: 10, speed: 60 },
  { drills: 160, clients: 50, speed: 10 },
];

export interface RunStats {
  readonly seconds: number;
  readonly messagesPerSec: number;
  readonly eventsPerSec: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly cpuPercent: number;
  readonly peakRssMb: number;
}

/** One sampling window of the Drillhall run. */
export interface Sample {
  /** seconds since the drills started */
  readonly at: number;
  readonly eventsPerSec: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  /** the drivers' command acknowledgements in this window */
  readonly ackP50Ms: number;
  readonly ackP99Ms: number;
  readonly cpuPercent: number;
  readonly rssMb: number;
  /**
   * V8 heap in use right after its latest full garbage collection (its own, not forced: a forced
   * one would stop the server mid-window): what the server really holds
   */
  readonly heapMb: number;
  /** everything stored: data file, clock checkpoints, journals */
  readonly dataFileMb: number;
  /** store writes per second (data file, clocks, journal appends), and what they wrote */
  readonly writesPerSec: number;
  readonly writeMbPerSec: number;
}

export interface DrillhallStats extends RunStats {
  readonly sockets: number;
  readonly commands: number;
  readonly ackP50Ms: number;
  readonly ackP99Ms: number;
  /** every client's stream, checked; `lost` also counts events a client never got by the end */
  readonly integrity: Integrity;
  /** notes acknowledged to the drivers, and how many of them the checked clients saw, in order */
  readonly notesAcked: number;
  readonly notesSeen: number;
  readonly samples: readonly Sample[];
  /** growth of the heap after GC from the first sample to the last, per minute */
  readonly heapSlopeMbPerMin: number;
  /** that growth per acknowledged command (each is kept: journal, timeline, engine) */
  readonly heapBytesPerCommand: number;
  /** heap after GC when the drivers stopped and `settleSeconds` later, clients still connected */
  readonly settle: { readonly seconds: number; readonly heapFromMb: number; readonly heapToMb: number; readonly messages: number };
  /** the bench process's own CPU (the clients), for judging whether it was the limit */
  readonly clientCpuPercent: number;
}

export interface FanoutResult {
  readonly options: FanoutOptions;
  readonly drillhall: DrillhallStats;
  readonly baseline: RunStats;
}

/**
 * What "held" means: every event delivered, and in every sampling window event latency p99 at
 * most 250 ms and command acknowledgement p99 at most 50 ms (so acks cannot grow with the data).
 */
export const HELD = { eventP99Ms: 250, ackP99Ms: 50 } as const;

/** Why the run did not hold, or an empty list. */
export function notHeld(r: DrillhallStats): string[] {
  const out: string[] = [];
  if (!delivered(r)) out.push('not every event was delivered');
  const slow = r.samples.filter((s) => s.latencyP99Ms > HELD.eventP99Ms);
  if (slow.length) out.push(`event latency p99 over ${HELD.eventP99Ms} ms in ${slow.length} of ${r.samples.length} windows`);
  const slowAcks = r.samples.filter((s) => s.ackP99Ms > HELD.ackP99Ms);
  if (slowAcks.length) out.push(`command ack p99 over ${HELD.ackP99Ms} ms in ${slowAcks.length} of ${r.samples.length} windows`);
  return out;
}

/** True when every event reached every client, in order, and every acknowledged note was seen. */
export function delivered(r: DrillhallStats): boolean {
  const i = r.integrity;
  return i.lost === 0 && i.reordered === 0 && i.unsynced === 0 && i.resyncs === 0 && i.errors === 0 && r.notesSeen === r.notesAcked;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function open(url: string, onText: (t: string) => void): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('message', (d) => onText(String(d)));
  return new Promise((res, rej) => { ws.once('open', () => res(ws)); ws.once('error', rej); });
}

/** Open `n` sockets, a few at a time: a thousand handshakes at once only measures the backlog. */
async function openMany(n: number, make: (i: number) => Promise<WebSocket>): Promise<WebSocket[]> {
  const out: WebSocket[] = [];
  for (let i = 0; i < n; i += 50) out.push(...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, k) => make(i + k)))));
  return out;
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

/**
 * Client 0 of each drill also reads the notes themselves: they must be the driver's, in the
 * order sent, none missing. `bench note 7/12` is drill 7's twelfth note.
 */
class NoteCheck {
  seen = 0;
  outOfOrder = 0;
  constructor(readonly drill: number) {}
  take(text: string): void {
    if (!text.startsWith('{"type":"events"')) return;
    for (const e of (JSON.parse(text) as { events: { event: { type: string; text?: string } }[] }).events) {
      if (e.event.type !== 'note_added') continue;
      const m = /^bench note (\d+)\/(\d+)$/.exec(e.event.text ?? '');
      if (!m || Number(m[1]) !== this.drill) continue;
      if (Number(m[2]) === this.seen) this.seen++;
      else this.outOfOrder++;
    }
  }
}

/** The Drillhall run: returns its stats and, per drill, what client 0 received when. */
async function runDrillhall(o: FanoutOptions): Promise<{ stats: DrillhallStats; schedule: [number, string][][] }> {
  const child = new Child('drillhall', ['--clients', String(o.clients)]);
  const { url } = (await child.ready()) as { url: string };
  const drills = await createDrills(url, o);
  const wsUrl = (d: Drill, token: string) => `${url.replace('http', 'ws')}/api/drills/${d.id}/live?token=${token}`;
  const tally = new Tally();
  const cursors: Cursor[][] = drills.map((d) => d.trainees.map(() => newCursor()));
  const notes = drills.map((_, i) => new NoteCheck(i));
  const recordings: [number, string][][] = drills.map(() => []);
  let startedAt = 0;
  const sockets: WebSocket[] = [];
  for (const [i, d] of drills.entries()) {
    const conns = await openMany(d.trainees.length, (c) => open(wsUrl(d, d.trainees[c]!), (text) => {
      tally.take(text, cursors[i]![c]!);
      if (c !== 0) return;
      notes[i]!.take(text);
      if (startedAt > 0 && Date.now() - startedAt <= o.baselineSeconds * 1000) recordings[i]!.push([Date.now() - startedAt, text]);
    }));
    for (const ws of conns) ws.send(JSON.stringify({ type: 'hello' }));
    sockets.push(...conns);
  }
  const acks = new Histogram();
  let ackWindow = new Histogram();
  const ackedSeq = drills.map(() => 0);
  const acked = drills.map(() => 0);
  const sentAt = new Map<string, number>();
  const drivers = await Promise.all(drills.map((d, i) => open(wsUrl(d, d.driver), (text) => {
    const m = /^\{"type":"ack","id":"([^"]+)","seq":(\d+)/.exec(text);
    if (!m) return;
    acks.add(Date.now() - sentAt.get(m[1]!)!);
    ackWindow.add(Date.now() - sentAt.get(m[1]!)!);
    sentAt.delete(m[1]!);
    acked[i]!++;
    ackedSeq[i] = Math.max(ackedSeq[i]!, Number(m[2]));
  })));
  await sleep(500);
  tally.reset();
  // Collected before the clocks start: a forced full collection would stop the server mid-window.
  const first = await child.stats(true);
  const firstAt = Date.now();
  for (const d of drills) await post(`${url}/api/drills/${d.id}/commands`, { type: 'start', speed: o.speed }, d.fac);
  startedAt = Date.now();
  const clientCpu = process.cpuUsage();
  const samples: Sample[] = [];
  // The first window's CPU is over the starts too, so its rate is over their time as well.
  let last = { stats: first, at: firstAt };
  const record = (s: ChildStats) => {
    const now = Date.now();
    const w = tally.window();
    const secs = (now - last.at) / 1000;
    const ack = ackWindow;
    ackWindow = new Histogram();
    samples.push({
      at: Math.round((now - startedAt) / 1000), eventsPerSec: w.events / secs, latencyP50Ms: w.p50, latencyP99Ms: w.p99,
      ackP50Ms: ack.percentile(50), ackP99Ms: ack.percentile(99),
      cpuPercent: ((s.cpuMicros - last.stats.cpuMicros) / (secs * 1e6)) * 100,
      rssMb: s.rssKb / 1024, heapMb: s.heapKb / 1024, dataFileMb: s.dataBytes / 1024 / 1024,
      writesPerSec: (s.writes - last.stats.writes) / secs, writeMbPerSec: (s.writtenBytes - last.stats.writtenBytes) / secs / 1024 / 1024,
    });
    last = { stats: s, at: now };
  };
  let sampling: Promise<void> = Promise.resolve();
  const sampler = setInterval(() => { sampling = child.stats(false).then(record); }, o.sampleSeconds * 1000);
  const sent = drills.map(() => 0);
  const note = (i: number) => {
    const id = `n${i}-${sent[i]}`;
    sentAt.set(id, Date.now());
    drivers[i]!.send(JSON.stringify({ type: 'command', id, command: { type: 'add_note', text: `bench note ${i}/${sent[i]}` } }));
    sent[i]!++;
  };
  // Each driver on its own phase, spread evenly over the interval, as people in different drills
  // type independently: in lockstep every drill's note lands in the same millisecond and the last
  // of 500 waits for the 499 before it.
  const interval = 1000 / o.notesPerSecond;
  const timers: ReturnType<typeof setInterval>[] = [];
  const phases = drivers.map((_, i) => setTimeout(() => { note(i); timers.push(setInterval(() => note(i), interval)); }, (interval * i) / drivers.length));
  await sleep(o.seconds * 1000);
  for (const t of [...phases, ...timers]) clearTimeout(t);
  clearInterval(sampler);
  await sampling;
  const after = await child.stats(true);
  const wall = (Date.now() - startedAt) / 1000;
  if (wall - (samples.at(-1)?.at ?? 0) >= 1) record(after);
  const clientUsage = process.cpuUsage(clientCpu);
  // Let the last acks and events arrive, then count what each client never got.
  for (let waited = 0; waited < 10_000 && (sentAt.size > 0 || cursors.some((cs, i) => cs.some((c) => (c.next ?? 1) - 1 < ackedSeq[i]!))); waited += 100) await sleep(100);
  const base = summarise(tally, wall, first, after);
  const settleFrom = await child.stats(true);
  const settleMessages = tally.messages;
  const settleStart = Date.now();
  await sleep(o.settleSeconds * 1000);
  const settleTo = await child.stats(true);
  const settle = { seconds: (Date.now() - settleStart) / 1000, heapFromMb: settleFrom.heapKb / 1024, heapToMb: settleTo.heapKb / 1024, messages: tally.messages - settleMessages };
  let missing = 0;
  cursors.forEach((cs, i) => {
    const final = Math.max(ackedSeq[i]!, ...cs.map((c) => (c.next ?? 1) - 1));
    for (const c of cs) missing += final - ((c.next ?? 1) - 1);
  });
  for (const ws of [...sockets, ...drivers]) ws.terminate();
  await child.stop();
  return {
    stats: {
      ...base,
      sockets: sockets.length + drivers.length,
      commands: acks.count, ackP50Ms: acks.percentile(50), ackP99Ms: acks.percentile(99),
      integrity: { ...tally.integrity, lost: tally.lost + missing, reordered: tally.reordered + notes.reduce((a, n) => a + n.outOfOrder, 0) },
      notesAcked: acked.reduce((a, n) => a + n, 0), notesSeen: notes.reduce((a, n) => a + n.seen, 0),
      samples,
      heapSlopeMbPerMin: slope(samples.map((s) => s.at / 60), samples.map((s) => s.heapMb)),
      heapBytesPerCommand: ((after.heapKb - first.heapKb) * 1024) / Math.max(1, acks.count),
      settle,
      clientCpuPercent: ((clientUsage.user + clientUsage.system) / (wall * 1e6)) * 100,
    },
    schedule: recordings,
  };
}

/** The baseline: a plain ws server sends the recorded payloads on the recorded schedule. */
async function runBaseline(o: FanoutOptions, schedule: [number, string][][]): Promise<RunStats> {
  const child = new Child('baseline');
  const { url } = (await child.ready()) as { url: string };
  await child.ask({ type: 'schedule', rooms: schedule });
  const tally = new Tally();
  const sockets: WebSocket[] = [];
  for (let r = 0; r < schedule.length; r++) {
    sockets.push(...(await openMany(o.clients, () => {
      const cursor = newCursor();
      return open(`${url}/?room=${r}`, (text) => tally.take(text, cursor));
    })));
  }
  await sleep(300);
  const before = await child.stats(true);
  const t0 = Date.now();
  await child.ask({ type: 'go' });
  const lastAt = Math.max(0, ...schedule.flatMap((room) => room.map(([at]) => at)));
  await sleep(Math.max(lastAt, Math.min(o.seconds, o.baselineSeconds) * 1000) + 300);
  const after = await child.stats(true);
  const wall = (Date.now() - t0) / 1000;
  for (const ws of sockets) ws.terminate();
  await child.stop();
  return summarise(tally, wall, before, after);
}

function summarise(tally: Tally, wall: number, before: ChildStats, after: ChildStats): RunStats {
  return {
    seconds: wall,
    messagesPerSec: tally.messages / wall,
    eventsPerSec: tally.events / wall,
    latencyP50Ms: tally.latency.percentile(50),
    latencyP99Ms: tally.latency.percentile(99),
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
