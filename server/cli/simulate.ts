import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { formatClock, parseDuration } from '../scenario/duration.js';
import { formatProblem, loadScenarioFile } from '../scenario/loader.js';
import { scoreDrill, scoreSummary } from '../scoring/score.js';
import type { SimEvent } from '../sim/events.js';
import { parseScript, runScript, scenarioScript, simulateReport, type ScriptEntry } from '../sim/runner.js';
import type { Io } from './main.js';

/**
 * `drillhall simulate <file> --seed S [--script NAME | --actions FILE] [--until 2h] [--json]`:
 * run a scenario headless and print its timeline, or one JSON object.
 */
export async function simulateCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { seed: { type: 'string', default: '1' }, script: { type: 'string' }, actions: { type: 'string' }, until: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const file = positionals[0];
  if (!file) { io.err('usage: drillhall simulate <file> --seed S [--script NAME | --actions FILE] [--until 2h] [--json]'); return 2; }
  const loaded = await loadScenarioFile(file);
  if (!loaded.ok) { loaded.problems.forEach((p) => io.err(formatProblem(p))); return 1; }
  const s = loaded.scenario;
  if (values.script && values.actions) { io.err('give either --script or --actions, not both'); return 2; }
  let script: ScriptEntry[] = [];
  if (values.script) script = scenarioScript(s, values.script);
  if (values.actions) script = parseScript(parseYaml(await readFile(values.actions, 'utf8'), { maxAliasCount: 100 }), values.actions);
  const until = values.until !== undefined ? parseDuration(values.until) : s.duration;
  if (until === undefined || until <= 0) { io.err(`--until: "${values.until}" is not a duration like 45m or 2h`); return 2; }
  const result = runScript(s, values.seed!, script, until);
  const report = simulateReport(s, result, until);
  // No postmortem exists in a headless run, so its phases are pending and left out of the total.
  const score = scoreDrill(s, result.drill);
  if (values.json) { io.out(JSON.stringify({ ...report, score: { total: score.total, ...(score.restoration ? { restoration: score.restoration } : {}), phases: score.phases } })); return 0; }
  io.out(`${s.title} (${s.id}), seed ${values.seed}, until ${formatClock(until)}`);
  const lines = [
    ...report.events.map((e, i) => ({ t: e.t, i, text: describeEvent(e) })),
    ...report.refused.map((r, i) => ({ t: r.at, i: report.events.length + i, text: `REFUSED ${r.command.type}: ${r.code}: ${r.message}` })),
  ].sort((a, b) => a.t - b.t || a.i - b.i);
  for (const l of lines) io.out(`${formatClock(l.t)}  ${l.text}`);
  io.out(`alerts fired: ${report.alerts.length}; still firing: ${report.alerts.filter((a) => a.resolvedAt === null).length}`);
  io.out(scoreSummary(score));
  return 0;
}

/** One line per event, for people reading a drill in a terminal. */
export function describeEvent(e: SimEvent): string {
  const by = e.by && e.by !== 'script' ? ` [${e.by}]` : '';
  switch (e.type) {
    case 'change': return `CHANGE ${e.kind} ${e.service}${e.version ? ` ${e.version}` : ''}: ${e.summary} (${e.author})`;
    case 'inject': return `MESSAGE from ${e.from} (${e.channel}): ${e.text}`;
    case 'fault_started': return `FAULT started: ${e.fault}: ${e.title}`;
    case 'fault_changed': return `FAULT ${e.fault} now ${e.status} (heading to strength ${e.level.toFixed(2)}): ${e.cause}`;
    case 'alert_pending': case 'alert_firing': case 'alert_resolved':
      return `ALERT ${e.type.slice(6).toUpperCase()} ${e.alert} ${JSON.stringify(e.labels)} value=${Number(e.value.toPrecision(4))}`;
    case 'alert_acknowledged': return `ACK ${e.alert}${by}`;
    case 'incident_declared': return `INCIDENT declared ${e.severity}: ${e.title}${by}`;
    case 'severity_changed': return `SEVERITY ${e.from} -> ${e.to}${by}`;
    case 'team_paged': return `PAGE ${e.team} (joins at ${formatClock(e.joinsAt)})${by}`;
    case 'team_joined': return `JOINED ${e.text}`;
    case 'question_asked': return `ASK ${e.team}: ${e.question}${by}`;
    case 'answer': return `ANSWER ${e.responder} (${e.team}): ${e.text}`;
    case 'action_started': return `ACTION started ${e.action}${Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''} (done at ${formatClock(e.doneAt)})${by}`;
    case 'action_completed': return `ACTION done ${e.action}: ${e.outcome}`;
    case 'status_posted': return `STATUS (${e.audience}): ${e.text}${by}`;
    case 'note_added': return `NOTE ${e.text}${by}`;
    case 'evidence_pinned': return `EVIDENCE ${e.kind}: ${e.ref}${e.note ? ` (${e.note})` : ''}${by}`;
    case 'hypothesis_stated': return `HYPOTHESIS ${e.text}${by}`;
    case 'verification': return `VERIFY ${e.passed ? 'passed' : 'failed'}: ${e.reason}${by}`;
    case 'incident_resolved': return `RESOLVED${e.verified ? ' (verified)' : ' (not verified)'}${e.summary ? `: ${e.summary}` : ''}${by}`;
    case 'doc_flagged': return `DOC ${e.runbook}: ${e.text}${by}`;
    case 'role_assigned': return `ROLE ${e.role} = ${e.name}${by}`;
  }
}
