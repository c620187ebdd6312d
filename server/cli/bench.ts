import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { headlessThroughput, rangeQueryCost } from '../bench/headless.js';
import { formatProblem, loadScenarioFile } from '../scenario/loader.js';
import type { Io } from './main.js';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** `drillhall bench [--scenario FILE] [--json]`: the benchmarks `npm run bench` runs. */
export async function benchCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { scenario: { type: 'string' }, json: { type: 'boolean', default: false }, hours: { type: 'string', default: '24' } } });
  const file = values.scenario ?? join(SCENARIOS, (await readdir(SCENARIOS)).filter((f) => f.endsWith('.yaml')).sort()[0]!);
  const loaded = await loadScenarioFile(file);
  if (!loaded.ok) { loaded.problems.forEach((p) => io.err(formatProblem(p))); return 1; }
  const r = headlessThroughput(loaded.scenario, Number(values.hours) * 3600);
  const queries = rangeQueryCost(loaded.scenario);
  if (values.json) { io.out(JSON.stringify({ headless: r, rangeQuery: queries })); return 0; }
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  io.out(`headless simulation: ${r.scenario}, ${r.simSeconds / 3600} h of sim time`);
  io.out(`  engine    ${fmt(r.samples)} series samples in ${r.engineSeconds.toFixed(3)} s = ${fmt(r.engineSamplesPerSec)} samples/s`);
  io.out(`  baseline  ${fmt(r.samples)} seeded random draws in ${r.baselineSeconds.toFixed(3)} s = ${fmt(r.baselineSamplesPerSec)} draws/s`);
  io.out(`  engine / baseline time: ${r.ratio.toFixed(1)}x`);
  io.out('range query, 1 h of sim time at a 15 s step:');
  for (const q of queries) io.out(`  ${q.expr}: ${q.series} series, ${fmt(q.points)} points, median ${q.medianMs.toFixed(1)} ms, p90 ${q.p90Ms.toFixed(1)} ms over ${q.runs} runs`);
  return 0;
}
