/**
 * Exports: the postmortem as Markdown in the usual template (for wikis and tickets) and the
 * whole report as JSON (for archives and other tools), the latter validated on the way back in
 * so an edited or truncated file is refused with the path of what is wrong.
 */
import { z } from 'zod';
import { formatClock } from '../../contract/duration.js';
import type { Scenario } from '../scenario/schema.js';
import type { Simulation } from '../sim/engine.js';
import { Postmortem } from './postmortem.js';
import { totalSentence } from '../../contract/total-sentence.js';
import { ScoreReport } from './types.js';

/** Escape a value for one Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>').trim() || ' ';
}

const orNone = (text: string) => (text.trim().length > 0 ? text.trim() : '_Not written._');
const bullets = (xs: readonly string[]) => (xs.length > 0 ? xs.map((x) => `- ${x.replace(/\r?\n/g, ' ')}`).join('\n') : '_Not written._');

function header(s: Scenario, drill: Simulation, report?: ScoreReport): string[] {
  const inc = drill.incident;
  const rows: [string, string][] = [
    ['Scenario', `${s.title} (\`${s.id}\`, ${s.difficulty})`],
    ['Seed', `\`${drill.seed}\``],
    ['Severity', inc.severity ? `${inc.severity}${inc.declaredAt !== undefined ? `, declared at ${formatClock(inc.declaredAt)}` : ''}` : 'not declared'],
    ['Status', inc.resolvedAt !== undefined ? `resolved at ${formatClock(inc.resolvedAt)}` : `not resolved at ${formatClock(drill.t)}`],
    ...(report ? [['Score', `${report.total}/100`] as [string, string]] : []),
  ];
  return ['| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`)];
}

function impactLines(pm: Postmortem): string[] {
  const i = pm.impact;
  const facts = [
    i.duration || i.minutes !== undefined ? `- **Duration:** ${[i.duration, i.minutes !== undefined ? `${i.minutes} minutes` : ''].filter(Boolean).join(', ')}` : '',
    i.users_affected ? `- **Users affected:** ${i.users_affected}` : '',
    i.requests_failed !== undefined ? `- **Failed requests:** ${i.requests_failed}` : '',
  ].filter(Boolean);
  const body = [...facts, ...(i.description ? ['', i.description] : [])];
  return body.length > 0 ? body : ['_Not written._'];
}

function scoreLines(r: ScoreReport): string[] {
  return [
    '', '## Score', '', `Total: **${r.total}/100**. ${totalSentence(r)}`, '',
    '| Phase | Points | Target |', '| --- | --- | --- |',
    ...r.phases.map((p) => `| ${cell(p.title)} | ${p.pending ? 'pending' : `${p.earned}/${p.possible}`} | ${cell(p.target)} |`),
  ];
}

/**
 * The postmortem in the common template: Summary, Impact, Timeline, Root cause and trigger,
 * Contributing factors, Detection, Resolution, Lessons learned (what went well, what went wrong,
 * where we got lucky), Action items; with the score table when a report is given. Sim times
 * appear as the drill clock (T+00:10:00): a drill has no wall-clock date.
 */
export function postmortemMarkdown(s: Scenario, drill: Simulation, pm: Postmortem, report?: ScoreReport): string {
  const timeline = pm.timeline.length > 0
    ? ['| Sim time | Event |', '| --- | --- |', ...[...pm.timeline].sort((a, b) => a.t - b.t).map((e) => `| ${formatClock(e.t)} | ${cell(e.text)} |`)]
    : ['_Not written._'];
  const actions = pm.action_items.length > 0
    ? ['| # | Action | Owner | Priority | Type | Due |', '| --- | --- | --- | --- | --- | --- |',
      ...pm.action_items.map((a, i) => `| ${i + 1} | ${cell(a.title)} | ${cell(a.owner || '-')} | ${a.priority ?? '-'} | ${a.type ?? '-'} | ${cell(a.due || '-')} |`)]
    : ['_None._'];
  const lines = [
    `# Postmortem: ${drill.incident.title ?? s.title}`, '', ...header(s, drill, report), '',
    '## Summary', '', orNone(pm.summary), '',
    '## Impact', '', ...impactLines(pm), '',
    '## Timeline', '', ...timeline, '',
    '## Root cause and trigger', '', `**Root cause.** ${orNone(pm.root_cause)}`, '', `**Trigger.** ${orNone(pm.trigger)}`, '',
    '## Contributing factors', '', bullets(pm.contributing_factors), '',
    '## Detection', '', orNone(pm.detection), '',
    '## Resolution', '', orNone(pm.resolution), '',
    '## Lessons learned', '',
    '### What went well', '', bullets(pm.what_went_well), '',
    '### What went wrong', '', bullets(pm.what_went_wrong), '',
    '### Where we got lucky', '', bullets(pm.where_we_got_lucky), '',
    '## Action items', '', ...actions,
    ...(report ? scoreLines(report) : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** Format tag of exported reports, so a reader can tell a Drillhall report and its version. */
export const REPORT_FORMAT = 'drillhall.report/1';

export const ExportedReport = z.strictObject({
  format: z.literal(REPORT_FORMAT),
  scenario: z.strictObject({ id: z.string(), title: z.string() }),
  seed: z.string(),
  at: z.number().finite().describe('sim seconds the drill had reached'),
  incident: z.strictObject({
    severity: z.string().optional(), title: z.string().optional(), declaredAt: z.number().finite().optional(), resolvedAt: z.number().finite().optional(),
  }),
  score: ScoreReport,
  postmortem: Postmortem.optional(),
});
export type ExportedReport = z.infer<typeof ExportedReport>;

/** The whole report as one plain object: scenario, incident, score (with reviews applied), postmortem. */
export function reportDocument(s: Scenario, drill: Simulation, report: ScoreReport, postmortem?: Postmortem): ExportedReport {
  const inc = drill.incident;
  return {
    format: REPORT_FORMAT,
    scenario: { id: s.id, title: s.title },
    seed: drill.seed,
    at: drill.t,
    incident: {
      ...(inc.severity !== undefined ? { severity: inc.severity } : {}), ...(inc.title !== undefined ? { title: inc.title } : {}),
      ...(inc.declaredAt !== undefined ? { declaredAt: inc.declaredAt } : {}), ...(inc.resolvedAt !== undefined ? { resolvedAt: inc.resolvedAt } : {}),
    },
    score: report,
    ...(postmortem ? { postmortem: Postmortem.parse(postmortem) } : {}),
  };
}

/** The whole report as JSON text; `parseReportJson` reads it back to an equal object. */
export function reportJson(s: Scenario, drill: Simulation, report: ScoreReport, postmortem?: Postmortem): string {
  return `${JSON.stringify(reportDocument(s, drill, report, postmortem), null, 2)}\n`;
}

export type ParsedReport = { readonly ok: true; readonly report: ExportedReport } | { readonly ok: false; readonly message: string };

/** Read an exported report back, refusing anything that is not one, with the path of the first problem. */
export function parseReportJson(text: string): ParsedReport {
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (err) { return { ok: false, message: `not JSON: ${(err as Error).message}` }; }
  const r = ExportedReport.safeParse(raw);
  if (r.success) return { ok: true, report: r.data };
  const issue = r.error.issues[0]!;
  return { ok: false, message: `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` };
}
