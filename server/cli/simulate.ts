import { parseArgs } from 'node:util';
import { formatClock, parseDuration } from '../../contract/duration.js';
import { scoreDrill, scoreSummary } from '../scoring/score.js';
import { describeEvent, sentence } from '../../contract/event-text.js';
import { simulateReport } from '../sim/runner.js';
import { DRILL_OPTIONS, replayDrill } from './drill-args.js';
import type { Io } from './io.js';

/**
 * `drillhall simulate <file> --seed S [--script NAME | --actions FILE] [--until 2h] [--json]`:
 * run a scenario headless and print its timeline, or one JSON object.
 */
export async function simulateCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { ...DRILL_OPTIONS, until: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const file = positionals[0];
  if (!file) { io.err('usage: drillhall simulate <file> --seed S [--script NAME | --actions FILE] [--until 2h] [--json]'); return 2; }
  if (values.script && values.actions) { io.err('give either --script or --actions, not both'); return 2; }
  const asked = values.until !== undefined ? parseDuration(values.until) : undefined;
  if (values.until !== undefined && (asked === undefined || asked <= 0)) { io.err(`--until: "${values.until}" is not a duration like 45m or 2h`); return 2; }
  const run = await replayDrill(file, values, (sc) => asked ?? sc.duration, io);
  if (!run) return 1;
  const { scenario: s, result } = run;
  const until = asked ?? s.duration;
  const report = simulateReport(s, result, until);
  // No postmortem exists in a headless run, so its phases are pending and left out of the total.
  const score = scoreDrill(s, result.drill);
  if (values.json) { io.out(JSON.stringify({ ...report, score: { total: score.total, ...(score.restoration ? { restoration: score.restoration } : {}), phases: score.phases } })); return 0; }
  io.out(`${s.title} (${s.id}), seed ${values.seed}, until ${formatClock(until)}`);
  const lines = [
    ...report.events.map((e, i) => {
      const d = describeEvent(e, { team: (id) => s.teams[id]?.name ?? id });
      return { t: e.t, i, text: `${d.topic.toUpperCase().padEnd(8)}  ${sentence(d)}` };
    }),
    ...report.refused.map((r, i) => ({ t: r.at, i: report.events.length + i, text: `${'REFUSED'.padEnd(8)}  ${r.command.type}: ${r.code}: ${r.message}` })),
  ].sort((a, b) => a.t - b.t || a.i - b.i);
  for (const l of lines) io.out(`${formatClock(l.t)}  ${l.text}`);
  io.out(`alerts fired: ${report.alerts.length}; still firing: ${report.alerts.filter((a) => a.resolvedAt === null).length}`);
  io.out(scoreSummary(score));
  return 0;
}
