import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fanoutChild } from '../bench/child.js';
import { delivered, FANOUT_DEFAULTS, FANOUT_SIZES, fanoutBench, HELD, notHeld, type FanoutOptions, type FanoutResult } from '../bench/fanout.js';
import { headlessThroughput, rangeQueryCost } from '../bench/headless.js';
import { appendCost, commandHeap, endedDrillsHeap } from '../bench/store.js';
import { buildWeb, measure, WEB_JS_BUDGET } from './build.js';
import { exposedSeries, sourceSeries } from '../scenario/catalog.js';
import { formatProblem, loadScenarioFile } from '../scenario/loader.js';
import type { Io } from './io.js';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

const FANOUT_OPTIONS = {
  'skip-fanout': { type: 'boolean', default: false },
  drills: { type: 'string', default: String(FANOUT_DEFAULTS.drills) },
  clients: { type: 'string', default: String(FANOUT_DEFAULTS.clients) },
  seconds: { type: 'string', default: String(FANOUT_DEFAULTS.seconds) },
  speed: { type: 'string', default: String(FANOUT_DEFAULTS.speed) },
  notes: { type: 'string', default: String(FANOUT_DEFAULTS.notesPerSecond) },
  /** internal: run as one of the fan-out benchmark's server processes */
  child: { type: 'string' },
} as const;

/**
 * `drillhall bench [--scenario FILE] [--hours H] [--repetitions N] [--json] [--drills N --clients M --seconds S --speed X
 * --notes R | --skip-fanout]`: the benchmarks `npm run bench` runs. Exits 1 when the fan-out
 * lost, repeated or reordered any event.
 */
export async function benchCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { scenario: { type: 'string' }, json: { type: 'boolean', default: false }, hours: { type: 'string', default: '24' }, repetitions: { type: 'string', default: '7' }, ...FANOUT_OPTIONS } });
  if (values.child) return fanoutChild(values.child, Number(values.clients));
  const fanoutOptions = readFanoutOptions(values);
  if (fanoutOptions instanceof Error) { io.err(`drillhall bench: ${fanoutOptions.message}`); return 2; }
  const repetitions = Number(values.repetitions);
  if (!Number.isInteger(repetitions) || repetitions < 1) { io.err(`drillhall bench: --repetitions must be a whole number of at least 1, not "${values.repetitions}"`); return 2; }
  const file = values.scenario ?? await largestScenario();
  const loaded = await loadScenarioFile(file);
  if (!loaded.ok) { loaded.problems.forEach((p) => io.err(formatProblem(p))); return 1; }
  const r = headlessThroughput(loaded.scenario, Number(values.hours) * 3600, { warmup: 2, repetitions });
  const queries = rangeQueryCost(loaded.scenario);
  const appends = await appendCost();
  const heap = await endedDrillsHeap();
  const perCommand = await commandHeap();
  // Without a size on the command line, every size in FANOUT_SIZES; with one, that one.
  const sized = args.some((a) => /^--(drills|clients|speed)\b/.test(a));
  const fanouts: FanoutResult[] = [];
  if (!values['skip-fanout']) {
    for (const size of sized ? [{}] : FANOUT_SIZES) fanouts.push(await fanoutBench({ ...fanoutOptions, ...size }));
  }
  // Built afresh: a stale dist/web would report an old size.
  await buildWeb();
  const bundle = measure();
  const ok = fanouts.every((f) => delivered(f.drillhall));
  if (values.json) { io.out(JSON.stringify({ headless: r, rangeQuery: queries, appends, heap, perCommand, bundle, fanouts })); return ok ? 0 : 1; }
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const ms = (x: number) => `${(x * 1000).toFixed(1)} ms`;
  const ratio = (f: { median: number; min: number; max: number }) => `${f.median.toFixed(1)}x (${f.min.toFixed(1)}-${f.max.toFixed(1)}x)`;
  io.out(`headless simulation: ${r.scenario} (${r.series} series, ${r.rules} alert rules), ${r.simSeconds / 3600} h of sim time = ${fmt(r.samples)} series samples; median (min-max) of ${r.repetitions} runs after ${r.warmup} warm-up runs`);
  io.out(`  baseline       ${fmt(r.samples)} seeded random draws: ${ms(r.baseline.seconds.median)} (${ms(r.baseline.seconds.min)}-${ms(r.baseline.seconds.max)}) = ${fmt(r.baseline.samplesPerSec.median)} draws/s`);
  for (const [name, f] of [['with rules', r.withRules], ['without rules', r.withoutRules]] as const) {
    io.out(`  ${name.padEnd(14)} ${ms(f.seconds.median)} (${ms(f.seconds.min)}-${ms(f.seconds.max)}) = ${fmt(f.samplesPerSec.median)} samples/s; engine / baseline time ${ratio(f.ratio)}`);
  }
  io.out('range query, 1 h of sim time at a 15 s step:');
  for (const q of queries) io.out(`  ${q.expr}: ${q.series} series, ${fmt(q.points)} points, median ${q.medianMs.toFixed(1)} ms, p90 ${q.p90Ms.toFixed(1)} ms over ${q.runs} runs`);
  io.out(`store, one acknowledged command (append and fsync), ${appends.appends} each, median (p99):`);
  io.out(`  empty data directory             ${appends.emptyMs.median.toFixed(2)} ms (${appends.emptyMs.p99.toFixed(2)} ms), ${Math.round(appends.emptyBytes)} bytes written`);
  io.out(`  ${`${appends.storedMb.toFixed(1)} MB stored (${appends.drills} drills x ${appends.entriesPerDrill})`.padEnd(32)} ${appends.fullMs.median.toFixed(2)} ms (${appends.fullMs.p99.toFixed(2)} ms), ${Math.round(appends.fullBytes)} bytes written`);
  io.out(`heap as ended drills accumulate (checkout-db-pool run to its end at 120x, after a full GC):`);
  io.out(`  ${heap.points.map((p) => `${p.ended} ended: ${p.heapMb.toFixed(1)} MB (${p.inMemory} in memory)`).join('; ')}`);
  io.out(`heap a running drill keeps per command (${fmt(perCommand.commands)} notes, after a full GC): ${Math.round(perCommand.heapBytes)} bytes; its journal wrote ${Math.round(perCommand.diskBytes)} bytes per command`);
  const within = bundle.jsGzipBytes <= WEB_JS_BUDGET;
  io.out(`web bundle: ${bundle.files} files, JavaScript ${(bundle.jsGzipBytes / 1024).toFixed(1)} KiB gzipped, ${within ? 'within' : 'OVER'} the ${WEB_JS_BUDGET / 1024} KiB budget (${(bundle.bytes / 1024).toFixed(0)} KiB on disk with source maps; sent precompressed, brotli when the browser takes it)`);
  for (const f of fanouts) printFanout(f, io);
  return ok ? 0 : 1;
}

/** The built-in scenario with the most exposed series: the headless benchmark's default. */
async function largestScenario(): Promise<string> {
  let best = { file: join(SCENARIOS, 'checkout-db-pool.yaml'), series: -1 };
  for (const name of (await readdir(SCENARIOS)).filter((f) => f.endsWith('.yaml')).sort()) {
    const loaded = await loadScenarioFile(join(SCENARIOS, name));
    if (!loaded.ok) continue;
    const series = exposedSeries(sourceSeries(loaded.scenario)).length;
    if (series > best.series) best = { file: join(SCENARIOS, name), series };
  }
  return best.file;
}

function readFanoutOptions(v: Record<'drills' | 'clients' | 'seconds' | 'speed' | 'notes', string>): FanoutOptions | Error {
  const n = (name: keyof typeof v, min: number) => {
    const x = Number(v[name]);
    if (!Number.isFinite(x) || x < min) throw new Error(`--${name} must be a number of at least ${min}, not "${v[name]}"`);
    return x;
  };
  try {
    const seconds = n('seconds', 1);
    return {
      ...FANOUT_DEFAULTS, drills: Math.round(n('drills', 1)), clients: Math.round(n('clients', 1)), seconds,
      speed: n('speed', 0.1), notesPerSecond: n('notes', 0.1),
      sampleSeconds: Math.max(1, Math.min(FANOUT_DEFAULTS.sampleSeconds, seconds / 5)),
      settleSeconds: Math.max(1, Math.min(FANOUT_DEFAULTS.settleSeconds, seconds / 5)),
    };
  } catch (err) {
    return err as Error;
  }
}

function printFanout(f: FanoutResult, io: Io): void {
  const o = f.options;
  const d = f.drillhall;
  const i = d.integrity;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const clock = (s: number) => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;
  io.out(`live fan-out: ${o.drills} drills x ${o.clients} clients (${fmt(d.sockets)} WebSockets with the drivers) on loopback, clocks at ${o.speed}x, ${o.notesPerSecond} notes/s per drill, held ${clock(d.seconds)}`);
  const why = notHeld(d);
  io.out(`  ${why.length ? `NOT HELD: ${why.join('; ')}` : `held: every event delivered, event p99 under ${HELD.eventP99Ms} ms in every window, command ack p99 under ${HELD.ackP99Ms} ms`}`);
  io.out(`  delivery: ${delivered(d) ? 'complete' : 'FAILED'}: ${i.lost} lost, ${i.reordered} repeated or out of order, ${i.resyncs} slow-consumer resyncs, ${i.errors} errors; ${fmt(d.notesSeen)} of ${fmt(d.notesAcked)} acknowledged notes seen in order`);
  io.out('   time  events/s  latency p50/p99  ack p50/p99  srv CPU   RSS   heap after GC     stored  writes/s');
  for (const s of d.samples) {
    io.out(`  ${clock(s.at).padStart(5)} ${fmt(s.eventsPerSec).padStart(9)} ${`${s.latencyP50Ms} / ${s.latencyP99Ms} ms`.padStart(16)} ${`${s.ackP50Ms} / ${s.ackP99Ms} ms`.padStart(12)} ${`${s.cpuPercent.toFixed(0)}%`.padStart(8)} ${`${s.rssMb.toFixed(0)} MB`.padStart(7)} ${`${s.heapMb.toFixed(1)} MB`.padStart(13)} ${`${s.dataFileMb.toFixed(2)} MB`.padStart(10)} ${`${s.writesPerSec.toFixed(0)} (${s.writeMbPerSec.toFixed(0)} MB/s)`.padStart(13)}`);
  }
  const first = d.samples[0];
  const last = d.samples.at(-1);
  if (first && last) {
    io.out(`  heap after GC: ${first.heapMb.toFixed(1)} MB at ${clock(first.at)}, ${last.heapMb.toFixed(1)} MB at ${clock(last.at)} (${d.heapSlopeMbPerMin >= 0 ? '+' : ''}${d.heapSlopeMbPerMin.toFixed(2)} MB/min), while the data file grew ${(last.dataFileMb - first.dataFileMb).toFixed(2)} MB`);
  }
  io.out(`  that is ${fmt(d.heapBytesPerCommand)} bytes of heap per acknowledged command, each kept for the drill's lifetime (journal, timeline, engine)`);
  io.out(`  then ${clock(d.settle.seconds)} with the drivers stopped and every client still connected (${fmt(d.settle.messages)} messages): heap after GC ${d.settle.heapFromMb.toFixed(1)} MB -> ${d.settle.heapToMb.toFixed(1)} MB`);
  io.out(`  command ack (validate, apply, fsync, publish): p50 ${d.ackP50Ms} ms, p99 ${d.ackP99Ms} ms over ${fmt(d.commands)} commands${first && last ? `; p99 ${first.ackP99Ms} ms in the first window, ${last.ackP99Ms} ms in the last, with ${last.dataFileMb.toFixed(1)} MB stored` : ''}; the clients took ${d.clientCpuPercent.toFixed(0)}% CPU`);
  const row = (name: string, s: FanoutResult['baseline']) => io.out(`  ${name.padEnd(10)} ${clock(s.seconds).padStart(5)} ${fmt(s.eventsPerSec).padStart(9)} ${fmt(s.messagesPerSec).padStart(9)} ${`${s.latencyP50Ms} / ${s.latencyP99Ms} ms`.padStart(16)} ${`${s.cpuPercent.toFixed(0)}%`.padStart(8)} ${`${s.peakRssMb.toFixed(0)} MB`.padStart(9)}`);
  io.out(`  against a plain ws server sending the same messages on the same schedule (its first ${Math.min(o.seconds, o.baselineSeconds)} s):`);
  io.out('              time  events/s    msgs/s  latency p50/p99  srv CPU  peak RSS');
  row('drillhall', d);
  row('plain ws', f.baseline);
}
