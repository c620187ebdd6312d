/**
 * The answer key against what the team has done so far, computed live in the facilitator's
 * browser from the same event model the room uses. It mirrors the scorer's references (alerts
 * from their first firing, mitigation and fix from the main fault's start, one extra page
 * tolerated) but it is a live progress view, not the score: the server scores after the drill.
 */
import type { DrillModel } from './drill-model.js';
import { SEVERITIES, type Severity } from '../../contract/commands.js';
import type { Scenario as FullScenario } from './api-types.js';

/** The parts of the scenario the key reads. */
type Scenario = Pick<FullScenario, 'id' | 'expected' | 'actions' | 'alerts' | 'runbooks' | 'teams' | 'faults'>;
import type { DrillEvent } from '../../contract/events.js';
import { formatClock, formatDuration } from '../../contract/duration.js';
import { DEFAULT_CADENCE, EXTRA_PAGE_TOLERANCE, mainFaults } from '../../contract/scoring.js';

/** done: met in time; late / partial: met, not fully; waiting: not yet, not yet due; overdue: due and not met; missed: the drill ended without it; bad: a harmful move. */
export type Mark = 'done' | 'late' | 'partial' | 'waiting' | 'overdue' | 'missed' | 'bad';

export interface KeyItem { readonly label: string; readonly mark: Mark; readonly detail: string }
export interface KeySection { readonly id: string; readonly title: string; readonly target: string; readonly items: readonly KeyItem[] }

type Ev<T extends DrillEvent['type']> = Extract<DrillEvent, { type: T }>;

const LEVELS: readonly Severity[] = SEVERITIES;

interface Ctx {
  readonly s: Scenario;
  readonly m: DrillModel;
  readonly now: number;
  readonly ended: boolean;
  readonly of: <T extends DrillEvent['type']>(type: T) => Ev<T>[];
}

const by = (who?: string) => (who ? ` by ${who}` : '');
const at = formatClock;
const dur = formatDuration;

/**
 * The answer key as sections of items, each marked. `now` is the current sim time.
 * @example answerKeyProgress(scenario, model, 720).find((s) => s.id === 'detection')?.items[0]?.mark // 'done'
 */
export function answerKeyProgress(s: Scenario, m: DrillModel, now: number): KeySection[] {
  const ended = m.clock?.phase === 'ended';
  const of = <T extends DrillEvent['type']>(type: T) => m.events.filter((e): e is Ev<T> => e.type === type);
  const c: Ctx = { s, m, now, ended, of };
  return [detection(c), triage(c), escalation(c), mitigation(c), rootCause(c), communication(c), resolution(c)];
}

/** Not met yet: overdue past the deadline, missed once the drill is over, else waiting. */
function pendingMark(c: Ctx, deadline: number | undefined): Mark {
  if (c.ended) return 'missed';
  return deadline !== undefined && c.now > deadline ? 'overdue' : 'waiting';
}

function firstFiring(c: Ctx): { alert: string; t: number } | undefined {
  const fired = c.m.alerts.filter((a) => a.firedAt !== undefined).sort((a, b) => a.firedAt! - b.firedAt!);
  return fired[0] ? { alert: fired[0].alert, t: fired[0].firedAt! } : undefined;
}

function mainFaultStart(c: Ctx): number | undefined {
  const main = new Set(mainFaults(c.s));
  return c.of('fault_started').find((e) => main.has(e.fault))?.t;
}

/** When the team could first have known: the first firing alert, else the main fault's start. */
function awareFrom(c: Ctx): { t: number; what: string } | undefined {
  const ff = firstFiring(c);
  if (ff) return { t: ff.t, what: `${ff.alert} fired` };
  const start = mainFaultStart(c);
  return start !== undefined ? { t: start, what: 'the fault began' } : undefined;
}

function detection(c: Ctx): KeySection {
  const e = c.s.expected;
  const names = e.alerts.length > 0 ? e.alerts : c.s.alerts.map((a) => a.alert);
  const items = names.map((name): KeyItem => {
    const rows = c.m.alerts.filter((a) => a.alert === name);
    const fired = rows.filter((a) => a.firedAt !== undefined).sort((a, b) => a.firedAt! - b.firedAt!)[0];
    if (!fired) return { label: name, mark: c.ended ? 'missed' : 'waiting', detail: c.ended ? 'never fired' : 'has not fired yet' };
    const acked = rows.filter((a) => a.acknowledgedAt !== undefined).sort((a, b) => a.acknowledgedAt! - b.acknowledgedAt!)[0];
    if (acked) {
      const took = Math.max(0, acked.acknowledgedAt! - fired.firedAt!);
      return { label: name, mark: took <= e.acknowledge_within ? 'done' : 'late', detail: `fired ${at(fired.firedAt!)}, acknowledged ${dur(took)} later${by(acked.acknowledgedBy)}` };
    }
    // As the scorer does: an alert the declared incident already covers was handled.
    const declared = c.m.incident.declaredAt;
    if (declared !== undefined && declared <= (fired.resolvedAt ?? c.now)) {
      const took = Math.max(0, declared - fired.firedAt!);
      return { label: name, mark: took <= e.acknowledge_within ? 'done' : 'late', detail: `fired ${at(fired.firedAt!)}, not acknowledged but covered by the incident ${declared > fired.firedAt! ? `declared ${dur(took)} later` : 'already declared'}` };
    }
    const open = c.now - fired.firedAt!;
    return { label: name, mark: pendingMark(c, fired.firedAt! + e.acknowledge_within), detail: c.ended ? `fired ${at(fired.firedAt!)}, never acknowledged` : `fired ${at(fired.firedAt!)}, not acknowledged (${dur(open)} so far)` };
  });
  return { id: 'detection', title: 'Detection', target: `Acknowledge within ${dur(e.acknowledge_within)} of firing`, items };
}

function triage(c: Ctx): KeySection {
  const e = c.s.expected;
  const d = c.of('incident_declared')[0];
  const ref = awareFrom(c);
  const target = `Declare ${e.severity} within ${dur(e.declare_within)}`;
  if (!d) {
    const mark = pendingMark(c, ref ? ref.t + e.declare_within : undefined);
    return { id: 'triage', title: 'Triage', target, items: [{ label: 'Incident declared', mark, detail: c.ended ? 'never declared' : ref ? `not yet; ${dur(Math.max(0, c.now - ref.t))} since ${ref.what}` : 'not yet; nothing has fired' }] };
  }
  const current = c.m.incident.severity ?? d.severity;
  const off = Math.abs(LEVELS.indexOf(current) - LEVELS.indexOf(e.severity));
  const changes = c.of('severity_changed');
  const sevDetail = `${current}${changes.length ? ` (declared ${d.severity}, changed ${changes.length}×)` : ''}; key ${e.severity}${off === 1 ? ', one level off' : off > 1 ? `, ${off} levels off` : ''}`;
  const took = ref ? Math.max(0, d.t - ref.t) : 0;
  return {
    id: 'triage', title: 'Triage', target, items: [
      { label: 'Severity', mark: off === 0 ? 'done' : off === 1 ? 'partial' : 'bad', detail: sevDetail },
      { label: 'Declared', mark: !ref || took <= e.declare_within ? 'done' : 'late', detail: `${at(d.t)}${by(d.by)}${ref ? `, ${dur(took)} after ${ref.what}` : ', before any alert fired'}` },
    ],
  };
}

function escalation(c: Ctx): KeySection {
  const e = c.s.expected;
  const ref = awareFrom(c);
  const pages = c.of('team_paged');
  const teamName = (id: string) => c.s.teams[id]?.name ?? id;
  const items: KeyItem[] = e.page.map((team) => {
    const p = pages.find((x) => x.team === team);
    if (!p) return { label: `Page ${teamName(team)}`, mark: pendingMark(c, ref ? ref.t + e.page_within : undefined), detail: c.ended ? 'never paged' : 'not paged yet' };
    const took = ref ? Math.max(0, p.t - ref.t) : 0;
    return { label: `Page ${teamName(team)}`, mark: took <= e.page_within ? 'done' : 'late', detail: `paged ${at(p.t)}${by(p.by)}${ref ? `, ${dur(took)} after ${ref.what}` : ''}` };
  });
  const extra = [...new Set(pages.map((p) => p.team))].filter((t) => !e.page.includes(t));
  if (extra.length > 0) {
    items.push({ label: 'Extra pages', mark: extra.length > EXTRA_PAGE_TOLERANCE ? 'bad' : 'partial', detail: `${extra.map(teamName).join(', ')} (the key does not need ${extra.length === 1 ? 'it' : 'them'}; ${EXTRA_PAGE_TOLERANCE} extra is tolerated)` });
  }
  const ic = c.of('role_assigned').find((r) => r.role === 'commander');
  items.push({ label: 'Commander named', mark: ic ? 'done' : c.ended ? 'missed' : 'waiting', detail: ic ? `${ic.name} at ${at(ic.t)}` : 'nobody yet' });
  return { id: 'escalation', title: 'Escalation', target: e.page.length ? `Page ${e.page.map(teamName).join(', ')} within ${dur(e.page_within)}` : 'No team needs paging', items };
}

/** The first of `anyOf` done (or running), judged against `within` of the main fault's start. */
function windowItem(c: Ctx, label: string, win: { any_of: readonly string[]; within: number }): KeyItem {
  const start = mainFaultStart(c);
  const runs = c.m.actions.filter((a) => win.any_of.includes(a.action));
  const done = runs.filter((a) => a.completedAt !== undefined).sort((a, b) => a.completedAt! - b.completedAt!)[0];
  if (done) {
    const took = start !== undefined ? done.completedAt! - start : undefined;
    const mark: Mark = took === undefined || took <= win.within ? 'done' : 'late';
    return { label, mark, detail: `${done.label} done ${at(done.completedAt!)}${by(done.by)}${took !== undefined ? `, ${dur(Math.max(0, took))} after the fault began` : ''}` };
  }
  const deadline = start !== undefined ? start + win.within : undefined;
  const running = runs.find((a) => a.completedAt === undefined);
  if (running) return { label, mark: pendingMark(c, deadline), detail: `${running.label} running${by(running.by)}, done at ${at(running.doneAt)}` };
  return { label, mark: pendingMark(c, deadline), detail: start === undefined ? `the fault ${c.ended ? 'never started' : 'has not started'}` : c.ended ? `never done; it was due by ${at(deadline!)}` : `not yet; due by ${at(deadline!)}` };
}

function actionLabels(c: Ctx, ids: readonly string[]): string {
  return ids.map((id) => c.s.actions.find((a) => a.id === id)?.label ?? id).join(' or ');
}

function mitigation(c: Ctx): KeySection {
  const e = c.s.expected;
  const win = e.mitigate ?? e.fix;
  const items: KeyItem[] = [windowItem(c, 'Mitigated', win)];
  const harmful = c.m.actions.filter((a) => e.harmful.includes(a.action));
  if (harmful.length === 0) items.push({ label: 'Harmful actions', mark: 'done', detail: e.harmful.length ? `none taken (avoid ${actionLabels(c, e.harmful)})` : 'none in this scenario' });
  for (const a of harmful) items.push({ label: 'Harmful action', mark: 'bad', detail: `${a.label} at ${at(a.startedAt)}${by(a.by)}` });
  return { id: 'mitigation', title: 'Mitigation', target: `${actionLabels(c, win.any_of)} within ${dur(win.within)} of the fault`, items };
}

const norm = (t: string) => t.toLowerCase().replace(/[^a-z0-9.]+/g, ' ').trim();

function rootCause(c: Ctx): KeySection {
  const e = c.s.expected;
  const hyps = c.of('hypothesis_stated');
  const text = ` ${hyps.map((h) => norm(h.text)).join(' ')} `;
  const items: KeyItem[] = [];
  const last = hyps.at(-1);
  items.push({ label: 'Hypothesis stated', mark: last ? 'done' : c.ended ? 'missed' : 'waiting', detail: last ? `${hyps.length}×, last at ${at(last.t)}${by(last.by)}: "${last.text}"` : 'none yet' });
  for (const concept of e.root_cause) {
    const hit = concept.find((syn) => text.includes(` ${norm(syn)}`));
    items.push({ label: `Mentions "${concept[0]}"`, mark: hit ? 'done' : c.ended ? 'missed' : 'waiting', detail: hit ? `said "${hit}"` : `any of: ${concept.join(', ')}` });
  }
  const pins = c.of('evidence_pinned');
  for (const ev of e.evidence) {
    const pin = pins.find((p) => evidenceMatches(ev, p));
    items.push({ label: `Evidence: ${ev.description}`, mark: pin ? 'done' : c.ended ? 'missed' : 'waiting', detail: pin ? `pinned ${at(pin.t)}${by(pin.by)}` : 'not pinned' });
  }
  return { id: 'root_cause', title: 'Root cause', target: `Hypothesis covering ${e.root_cause.length} concept${e.root_cause.length === 1 ? '' : 's'}; pin the key evidence`, items };
}

function evidenceMatches(ev: Scenario['expected']['evidence'][number], p: Ev<'evidence_pinned'>): boolean {
  const ref = p.ref.toLowerCase();
  if (ev.metric) return (p.kind === 'chart' || p.kind === 'query') && ref.includes(ev.metric.toLowerCase());
  if (ev.log) return p.kind === 'log' && ref.includes(ev.log.toLowerCase());
  if (ev.change) return p.kind === 'change' && p.ref === ev.change;
  if (ev.team) return p.kind === 'answer' && p.ref.startsWith(`${ev.team}/`);
  return false;
}

function communication(c: Ctx): KeySection {
  const e = c.s.expected;
  const sev = c.m.incident.severity ?? e.severity;
  const every = e.status_updates?.every ?? DEFAULT_CADENCE[sev];
  const wantExternal = e.status_updates?.external ?? true;
  const ups = c.m.statusUpdates;
  const items: KeyItem[] = [];
  const declared = c.m.incident.declaredAt;
  for (const audience of ['internal', 'external'] as const) {
    if (audience === 'external' && !wantExternal) continue;
    const list = ups.filter((u) => u.audience === audience);
    const last = list.at(-1);
    if (!every) { items.push({ label: `${cap(audience)} updates`, mark: 'done', detail: `${list.length} posted; no cadence expected at ${sev}` }); continue; }
    const since = last?.t ?? declared;
    const due = since !== undefined ? since + every : undefined;
    const resolved = c.m.incident.resolvedAt !== undefined;
    const mark: Mark = last && (resolved || c.ended || (due !== undefined && c.now <= due)) ? 'done' : last ? 'overdue' : pendingMark(c, due);
    const detail = `${list.length} posted${last ? `, last ${at(last.t)}${by(last.by)}` : ''}${!resolved && !c.ended && due !== undefined ? `; next due ${at(due)}` : ''}`;
    items.push({ label: `${cap(audience)} updates`, mark, detail });
  }
  return { id: 'communication', title: 'Communication', target: every ? `A status update every ${dur(every)}${wantExternal ? ', internal and external' : ''}` : 'No cadence expected', items };
}

function resolution(c: Ctx): KeySection {
  const e = c.s.expected;
  const items: KeyItem[] = [windowItem(c, 'Fixed', e.fix)];
  const ver = c.of('verification');
  const lastVer = ver.at(-1);
  items.push({ label: 'Verified', mark: lastVer?.passed ? 'done' : lastVer ? 'partial' : c.ended ? 'missed' : 'waiting', detail: lastVer ? `${lastVer.passed ? 'passed' : 'failed'} at ${at(lastVer.t)}${by(lastVer.by)}: ${lastVer.reason}` : 'not checked yet' });
  const res = c.of('incident_resolved')[0];
  items.push({ label: 'Resolved', mark: res ? (res.verified ? 'done' : 'partial') : c.ended ? 'missed' : 'waiting', detail: res ? `${at(res.t)}${by(res.by)}${res.verified ? ', after a passing verification' : ', without a passing verification'}` : 'not yet' });
  const flagged = c.of('doc_flagged');
  for (const doc of e.docs_to_update) {
    const f = flagged.find((x) => x.runbook === doc);
    const title = c.s.runbooks.find((r) => r.id === doc)?.title ?? doc;
    items.push({ label: `Flag runbook: ${title}`, mark: f ? 'done' : c.ended ? 'missed' : 'waiting', detail: f ? `flagged ${at(f.t)}${by(f.by)}` : 'not flagged' });
  }
  return { id: 'resolution', title: 'Resolution', target: `${actionLabels(c, e.fix.any_of)} within ${dur(e.fix.within)}; verify before resolving`, items };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
