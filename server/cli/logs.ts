import { parseArgs } from 'node:util';
import { formatClock, parseDuration } from '../../contract/duration.js';
import { logsBetween } from '../sim/logs.js';
import { LOG_LEVELS, type LogLevel } from '../../contract/logs.js';
import { DRILL_OPTIONS, replayDrill } from './drill-args.js';
import type { Io } from './io.js';

const LEVELS: readonly LogLevel[] = LOG_LEVELS;

/**
 * `drillhall logs <scenario> [--seed S] [--script NAME] [--from 5m] [--to 15m] [--service S]
 * [--level warn] [--grep TEXT] [--limit N]`: the log lines trainees would see, so authors can
 * check their templates and fault lines headless.
 */
export async function logsCommand(args: string[], io: Io): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args, allowPositionals: true,
    options: {
      ...DRILL_OPTIONS, from: { type: 'string', default: '0s' }, to: { type: 'string' }, service: { type: 'string', multiple: true },
      level: { type: 'string' }, grep: { type: 'string' }, limit: { type: 'string', default: '200' },
    },
  });
  const file = positionals[0];
  if (!file) { io.err('usage: drillhall logs <file> [--seed S] [--script NAME] [--from 5m] [--to 15m] [--service S] [--level warn] [--grep TEXT] [--limit N]'); return 2; }
  const from = parseDuration(v.from!);
  const to = v.to === undefined ? undefined : parseDuration(v.to);
  if (from === undefined || from < 0 || (v.to !== undefined && (to === undefined || to <= from))) { io.err('--from and --to are sim times like 5m and 15m, with --to after --from'); return 2; }
  const min = v.level === undefined ? 0 : LEVELS.indexOf(v.level as LogLevel);
  if (min < 0) { io.err(`--level is one of ${LEVELS.join(', ')}`); return 2; }
  const limit = Number(v.limit);
  if (!Number.isInteger(limit) || limit <= 0) { io.err('--limit is a positive whole number'); return 2; }
  const replay = await replayDrill(file, v, (s) => to ?? s.duration, io);
  if (!replay) return 1;
  const d = replay.result.drill;
  const lines = logsBetween(d.scenario, d.seed, d.faults, from, to ?? d.scenario.duration, {
    levels: LEVELS.slice(min), limit, ...(v.service ? { services: v.service } : {}), ...(v.grep ? { text: v.grep } : {}),
  });
  for (const l of lines) io.out(`${formatClock(l.t)}  ${l.level.toUpperCase().padEnd(5)} ${l.service}: ${l.text}`);
  if (lines.length === 0) io.err('no log lines match');
  return 0;
}
