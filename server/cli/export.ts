import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { openMetricsLines } from '../export/openmetrics.js';
import { parseDuration } from '../../contract/duration.js';
import { DRILL_OPTIONS, replayDrill } from './drill-args.js';
import type { Io } from './io.js';

/**
 * `drillhall export <scenario> --seed S [--script NAME] --until 2h --format openmetrics [--out FILE]`:
 * every series as OpenMetrics text with timestamps, for
 * `promtool tsdb create-blocks-from openmetrics`. Sim time 0 is SIM_EPOCH (see openmetrics.ts).
 */
export async function exportCommand(args: string[], io: Io): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { ...DRILL_OPTIONS, until: { type: 'string' }, format: { type: 'string', default: 'openmetrics' }, out: { type: 'string' } },
  });
  const file = positionals[0];
  if (!file) { io.err('usage: drillhall export <scenario> [--seed S] [--script NAME] [--until 2h] --format openmetrics [--out FILE]'); return 2; }
  if (v.format !== 'openmetrics') { io.err(`--format: only "openmetrics" is supported, not "${v.format}"`); return 2; }
  const until = v.until !== undefined ? parseDuration(v.until) : undefined;
  if (v.until !== undefined && (until === undefined || until <= 0)) { io.err(`--until: "${v.until}" is not a duration like 2h`); return 2; }
  const replay = await replayDrill(file, v, (s) => until ?? s.duration, io);
  if (!replay) return 1;
  const lines = openMetricsLines(replay.scenario, replay.result.drill.metrics.store);
  if (!v.out) { for (const l of lines) io.out(l); return 0; }
  const ws = createWriteStream(v.out);
  for (const l of lines) if (!ws.write(`${l}\n`)) await new Promise<void>((r) => ws.once('drain', () => r()));
  await new Promise<void>((res, rej) => ws.end((err?: Error | null) => (err ? rej(err) : res())));
  io.err(`wrote ${v.out}`);
  return 0;
}
