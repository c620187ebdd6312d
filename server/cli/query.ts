import { parseArgs } from 'node:util';
import { compile, instantQuery, PromQLError, rangeQuery, toApiData } from '../promql/index.js';
import { parseDuration } from '../../contract/duration.js';
import { DRILL_OPTIONS, replayDrill } from './drill-args.js';
import type { Io } from './io.js';

function seconds(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const s = parseDuration(text);
  if (s === undefined || s < 0) throw new Error(`--${flag}: "${text}" is not a sim time like 30m or 1h`);
  return s;
}

/**
 * `drillhall query <scenario> --seed S [--script NAME] --at 30m 'expr'` (instant) or
 * `--start 0 --end 1h --step 15s` (range). `--json` prints the Prometheus HTTP API's `data`.
 */
export async function queryCommand(args: string[], io: Io): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { ...DRILL_OPTIONS, at: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' }, step: { type: 'string', default: '15s' }, json: { type: 'boolean', default: false } },
  });
  const [file, expr] = positionals;
  if (!file || !expr) { io.err("usage: drillhall query <scenario> [--seed S] [--script NAME] (--at 30m | --start 0 --end 1h [--step 15s]) [--json] 'expr'"); return 2; }
  let compiled;
  try { compiled = compile(expr); } catch (err) {
    if (err instanceof PromQLError) { io.err(`${expr}\n${' '.repeat(err.offset)}^\n${err.message}`); return 1; }
    throw err;
  }
  const at = seconds('at', v.at);
  const start = seconds('start', v.start);
  const end = seconds('end', v.end);
  const step = seconds('step', v.step)!;
  const isRange = start !== undefined || end !== undefined;
  if (isRange && (start === undefined || end === undefined || end < start || step <= 0)) { io.err('a range query needs --start and --end (end after start) and a positive --step'); return 2; }
  if (!isRange && at === undefined) { io.err('give --at for an instant query, or --start/--end for a range query'); return 2; }
  const until = isRange ? end! : at!;
  const replay = await replayDrill(file, v, () => until, io);
  if (!replay) return 1;
  const store = replay.result.drill.metrics.store;
  const value = isRange ? rangeQuery(compiled, store, start! * 1000, end! * 1000, step * 1000) : instantQuery(compiled, store, at! * 1000);
  const data = toApiData(value);
  if (v.json) { io.out(JSON.stringify(data)); return 0; }
  io.out(formatData(data));
  return 0;
}

function labelsText(m: Record<string, string>): string {
  const { __name__: name, ...rest } = m;
  const inner = Object.entries(rest).map(([k, val]) => `${k}=${JSON.stringify(val)}`).join(', ');
  return `${name ?? ''}{${inner}}`;
}

/** Human-readable result, like the Prometheus console's table. */
export function formatData(data: ReturnType<typeof toApiData>): string {
  switch (data.resultType) {
    case 'scalar': return `scalar ${data.result[1]} @ ${data.result[0]}`;
    case 'string': return `string ${JSON.stringify(data.result[1])}`;
    case 'vector':
      if (data.result.length === 0) return '(empty result)';
      return data.result.map((r) => `${labelsText(r.metric)}  ${r.value[1]}`).join('\n');
    case 'matrix':
      if (data.result.length === 0) return '(empty result)';
      return data.result.map((r) => `${labelsText(r.metric)}\n${r.values.map(([t, val]) => `  ${t}  ${val}`).join('\n')}`).join('\n');
  }
}
