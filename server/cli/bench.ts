import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FANOUT_DEFAULTS, fanoutBench, fanoutChild, type FanoutResult } from '../bench/fanout.js';
import { headlessThroughput, rangeQueryCost } from '../bench/headless.js';
import { buildWeb, isWebBuilt, measure } from './build.js';
import { formatProblem, loadScenarioFile } from '../scenario/loader.js';
import type { Io } from './main.js';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

const FANOUT_OPTIONS = {
  'skip-fanout': { type: 'boolean', default: false },
  drills: { type: 'string', default: String(FANOUT_DEFAULTS.drills) },
  clients: { type: 'string', default: String(FANOUT_DEFAULTS.clients) },
  seconds: { type: 'string', default: String(FANOUT_DEFAULTS.seconds) },
  /** internal: run as one of the fan-out benchmark's server processes */
  child: { type: 'string' },
} as const;

/**
 * `drillhall bench [--scenario FILE] [--json] [--drills N --clients M --seconds S | --skip-fanout]`:
 * the benchmarks `npm run bench` runs.
 */
export async function benchCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { scenario: { type: 'string' }, json: { type: 'boolean', default: false }, hours: { type: 'string', default: '24' }, ...FANOUT_OPTIONS } });
  if (values.child) return fanoutChild(values.child);
  const file = values.scenario ?? join(SCENARIOS, 'checkout-db-pool.yaml');
  const loaded = await loadScenarioFile(file);
  if (!loaded.ok) { loaded.problems.forEach((p) => io.err(formatProblem(p))); return 1; }
  const r = headlessThroughput(loaded.scenario, Number(values.hours) * 3600);
  const queries = rangeQueryCost(loaded.scenario);
  const fanout = values['skip-fanout'] ? undefined
    : await fanoutBench({ ...FANOUT_DEFAULTS, drills: Number(values.drills), clients: Number(values.clients), seconds: Number(values.seconds) });
  if (!isWebBuilt()) await buildWeb();
  const bundle = measure();
  if (values.json) { io.out(JSON.stringify({ headless: r, rangeQuery: queries, bundle, ...(fanout ? { fanout } : {}) })); return 0; }
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  io.out(`headless simulation: ${r.scenario}, ${r.simSeconds / 3600} h of sim time`);
  io.out(`  engine    ${fmt(r.samples)} series samples in ${r.engineSeconds.toFixed(3)} s = ${fmt(r.engineSamplesPerSec)} samples/s`);
  io.out(`  baseline  ${fmt(r.samples)} seeded random draws in ${r.baselineSeconds.toFixed(3)} s = ${fmt(r.baselineSamplesPerSec)} draws/s`);
  io.out(`  engine / baseline time: ${r.ratio.toFixed(1)}x`);
  io.out('range query, 1 h of sim time at a 15 s step:');
  for (const q of queries) io.out(`  ${q.expr}: ${q.series} series, ${fmt(q.points)} points, median ${q.medianMs.toFixed(1)} ms, p90 ${q.p90Ms.toFixed(1)} ms over ${q.runs} runs`);
  io.out(`web bundle: ${bundle.files} files, JavaScript ${(bundle.jsGzipBytes / 1024).toFixed(1)} kB gzipped (${(bundle.bytes / 1024).toFixed(0)} kB on disk with source maps)`);
  if (fanout) printFanout(fanout, io);
  return 0;
}

function printFanout(f: FanoutResult, io: Io): void {
  const o = f.options;
  const row = (name: string, s: FanoutResult['baseline']) => io.out(`  ${name.padEnd(10)} ${Math.round(s.eventsPerSec).toLocaleString('en-US').padStart(9)} ${Math.round(s.messagesPerSec).toLocaleString('en-US').padStart(9)} ${`${s.latencyP50Ms} / ${s.latencyP99Ms} ms`.padStart(15)} ${`${s.cpuPercent.toFixed(0)}%`.padStart(8)} ${`${s.peakRssMb.toFixed(0)} MB`.padStart(9)}`);
  io.out(`live fan-out: ${o.drills} drills x ${o.clients} WebSocket clients on loopback, ${o.speed}x, ${o.notesPerSecond} notes/s per drill, ${o.seconds} s each`);
  io.out('             events/s    msgs/s   latency p50/p99  srv CPU  peak RSS');
  row('drillhall', f.drillhall);
  row('plain ws', f.baseline);
  io.out(`  drillhall command ack (validate, apply, fsync, publish): p50 ${f.drillhall.ackP50Ms} ms, p99 ${f.drillhall.ackP99Ms} ms over ${f.drillhall.commands} commands`);
}
