/**
 * After the drill: the postmortem draft and submission, the scored report with the reviewer's
 * comments and overrides, publishing it to trainees, and the exports. The scoring itself is
 * the pure scorer's (server/scoring); this module decides who may see and change what, and
 * keeps every change durable before it is acknowledged.
 *
 * The report is computed, never stored: the drill's journal, its submitted postmortem and the
 * reviews are stored, and the same inputs always score the same.
 */
import {
  applyReview, checkReviews, impactNumbers, Postmortem, postmortemMarkdown, prefillTimeline, reportJson, scoreDrill,
  type Review, type ScoreReport, type TimelineEntry,
} from '../scoring/index.js';
import { collectFacts, mainFaultStart } from '../scoring/facts.js';
import { formatDuration } from '../../contract/duration.js';
import type { Scenario } from '../scenario/schema.js';
import type { SimEvent } from '../../contract/events.js';
import type { DrillRecord } from '../store/schema.js';
import { type Principal } from './access.js';
import { refusal, type Refusal, type Outcome } from '../../contract/refusal.js';
import { backtest, type BacktestOutcome, type BacktestRequest } from './backtest.js';
import { afterOf, isPublished, type ActionItemRecord, type AfterAction, type PostmortemDraft, type Submission } from '../store/after-action.js';
import { isTraineeVisible, type LiveDrill } from './live.js';
import type { ReviewService } from './review.js';
import { carriedItems } from './team-records.js';
import { newId } from './tokens.js';

/** What GET /postmortem answers. */
export interface PostmortemView {
  readonly draft: PostmortemDraft | null;
  /** wall-clock ms of the last saved draft */
  readonly savedAt: number | null;
  readonly savedBy: string | null;
  readonly prefill: { readonly timeline: readonly TimelineEntry[] };
  readonly submitted: Submission | null;
  /** open action items of this drill's team from its earlier drills */
  readonly carried: readonly ActionItemRecord[];
  /** the drill's own impact numbers: the facilitator's at any time, trainees' once submitted */
  readonly impact: ImpactView | null;
}

export interface ImpactView {
  /** from the first firing alert to the resolution (else the fix, else now), sim seconds */
  readonly durationSeconds: number;
  /** 5xx requests over the incident, all services; null when the scenario cannot count them */
  readonly failedRequests: number | null;
  /** how the failed requests were counted */
  readonly query?: string;
}

export interface ReportMarker {
  readonly t: number;
  readonly label: string;
  readonly kind: 'action' | 'expected' | 'change' | 'alert';
}

/** What GET /report answers. */
export interface ReportView {
  readonly report: ScoreReport;
  readonly published: boolean;
  readonly postmortem: Postmortem | null;
  readonly reviews: readonly Review[];
  /** facilitator only: the answer key, for overlays */
  readonly expected?: Scenario['expected'] & { readonly mainFaultStart: number | null };
  readonly markers: readonly ReportMarker[];
}

function drillOf(service: ReviewService, p: Principal): LiveDrill {
  return service.drill(p.drillId)!;
}

function recordOf(service: ReviewService, p: Principal): Readonly<DrillRecord> {
  return service.record(p.drillId)!;
}

const ended = (d: LiveDrill) => d.clock.phase === 'ended';

function notEnded(what: string): Refusal {
  return refusal(409, 'drill_not_ended', `${what} once the drill has ended; the facilitator ends it`);
}

/** Observers watch: they read the postmortem but do not write it. */
function mayWrite(p: Principal): Refusal | undefined {
  if (p.audience === 'trainee' && p.role === 'observer') return refusal(403, 'read_only', 'observers can read the postmortem but not write it');
  return undefined;
}

function facilitatorOnly(p: Principal, what: string): Refusal | undefined {
  return p.audience === 'facilitator' ? undefined : refusal(403, 'facilitator_only', `only the facilitator can ${what}`);
}

/** Trainees read the report once the facilitator has published it; the facilitator always. */
export function mayReadReport(service: ReviewService, p: Principal): Refusal | undefined {
  if (p.audience === 'facilitator' || isPublished(recordOf(service, p))) return undefined;
  return refusal(403, 'not_published', 'the facilitator has not published the report yet');
}

/** The report as it stands: the scorer's, with the postmortem graded once submitted. */
function baseReport(d: LiveDrill, after: AfterAction): ScoreReport {
  return scoreDrill(d.scenario, d.engine, after.submitted?.postmortem);
}

/** Reports of ended drills, which only a new submission or review changes (the history reads many). */
const reports = new WeakMap<LiveDrill, { readonly after: AfterAction; readonly report: ScoreReport }>();

/** The report with the reviews applied: what everybody sees. */
export function currentReport(d: LiveDrill, after: AfterAction): ScoreReport {
  if (!ended(d)) return applyReview(baseReport(d, after), after.reviews);
  const hit = reports.get(d);
  if (hit?.after === after) return hit.report;
  const report = applyReview(baseReport(d, after), after.reviews);
  reports.set(d, { after, report });
  return report;
}

function impactView(d: LiveDrill): ImpactView {
  const n = impactNumbers(d.engine);
  return {
    durationSeconds: n.incidentSeconds,
    failedRequests: n.failedRequests[0]?.count ?? null,
    ...(n.query ? { query: n.query } : {}),
  };
}

/** GET /postmortem: the draft, the prefilled timeline, the submission and carried action items. */
export function postmortemView(service: ReviewService, p: Principal): PostmortemView {
  const d = drillOf(service, p);
  const record = recordOf(service, p);
  const after = afterOf(record);
  const now = d.publishedT;
  return {
    draft: after.draft ?? null,
    savedAt: after.savedAt ?? null,
    savedBy: after.savedBy ?? null,
    prefill: { timeline: prefillTimeline(d.engine).filter((e) => e.t <= now) },
    submitted: after.submitted ?? null,
    carried: carriedItems(service, record),
    impact: p.audience === 'facilitator' || after.submitted ? impactView(d) : null,
  };
}

/** PUT /postmortem: save the draft, whatever the drill's phase. Last write wins. */
export async function saveDraft(service: ReviewService, p: Principal, draft: PostmortemDraft): Promise<Outcome<{ savedAt: number; savedBy: string }>> {
  const denied = mayWrite(p);
  if (denied) return denied;
  const savedAt = service.now();
  const after = { ...afterOf(recordOf(service, p)), draft, savedAt, savedBy: p.name };
  const r = await service.setAfterAction(p.drillId, after);
  if (!r.ok) return r;
  return { ok: true, savedAt, savedBy: p.name };
}

const titleKey = (t: string) => t.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * The team's action items from a submitted postmortem, replacing the drill's earlier ones. An
 * item whose title is unchanged keeps its id and status, so re-submitting a corrected postmortem
 * does not reopen what the team already finished. Untitled items are not tracked.
 */
export function actionItemsFrom(drillId: string, pm: Postmortem, previous: readonly ActionItemRecord[], now: number): ActionItemRecord[] {
  const left = [...previous];
  return pm.action_items.filter((a) => a.title.trim().length > 0).map((a) => {
    const i = left.findIndex((x) => titleKey(x.title) === titleKey(a.title));
    const same = i >= 0 ? left.splice(i, 1)[0] : undefined;
    return {
      id: same?.id ?? newId(), drillId, title: a.title.trim(), owner: a.owner, priority: a.priority ?? null, type: a.type ?? null, due: a.due,
      status: same?.status ?? 'open', createdAt: same?.createdAt ?? now, ...(same?.doneAt !== undefined ? { doneAt: same.doneAt } : {}),
    };
  });
}

/** What POST /postmortem/submit answers: who submitted when, and the report to whoever may read it. */
export interface SubmitReply {
  readonly submitted: { readonly at: number; readonly by: string };
  readonly published: boolean;
  /** the graded report: the facilitator's always, trainees' only once it is published (it holds the answer key's targets) */
  readonly report: ScoreReport | null;
}

/** POST /postmortem/submit: grade the postmortem (once the drill has ended) and keep it. */
export async function submitPostmortem(service: ReviewService, p: Principal, pm: Postmortem): Promise<Outcome<SubmitReply>> {
  const denied = mayWrite(p);
  if (denied) return denied;
  const d = drillOf(service, p);
  if (!ended(d)) return notEnded('A postmortem can be submitted');
  const at = service.now();
  const current = afterOf(recordOf(service, p));
  const after: AfterAction = {
    ...current,
    submitted: { at, by: p.name, postmortem: pm },
    actionItems: actionItemsFrom(d.id, pm, current.actionItems, at),
  };
  const r = await service.setAfterAction(p.drillId, after);
  if (!r.ok) return r;
  // Journaled too, so the whole team sees "Ada submitted the postmortem" in order, live.
  const told = await service.journal(d.id, (t) => ({ kind: 'submit', t, who: p.who, by: p.name }));
  if (!told.ok) return told;
  const readable = mayReadReport(service, p) === undefined;
  return { ok: true, submitted: { at, by: p.name }, published: isPublished(recordOf(service, p)), report: readable ? currentReport(d, after) : null };
}

/** GET /report: the reviewed report, with markers for the charts. */
export async function reportView(service: ReviewService, p: Principal): Promise<Outcome<{ view: ReportView }>> {
  const denied = mayReadReport(service, p);
  if (denied) return denied;
  const d = drillOf(service, p);
  await service.settled(d);
  const record = recordOf(service, p);
  const after = afterOf(record);
  const start = mainFaultStart(collectFacts(d.engine));
  const view: ReportView = {
    report: currentReport(d, after),
    published: isPublished(record),
    postmortem: after.submitted?.postmortem ?? null,
    reviews: after.reviews,
    ...(p.audience === 'facilitator' ? { expected: { ...d.scenario.expected, mainFaultStart: start ?? null } } : {}),
    markers: markers(d, start),
  };
  return { ok: true, view };
}

/** The exports: the report as JSON, and the submitted postmortem as Markdown. */
export async function reportExport(service: ReviewService, p: Principal, format: 'json' | 'markdown'): Promise<Outcome<{ text: string }>> {
  const denied = mayReadReport(service, p);
  if (denied) return denied;
  const d = drillOf(service, p);
  await service.settled(d);
  const after = afterOf(recordOf(service, p));
  const report = currentReport(d, after);
  const pm = after.submitted?.postmortem;
  if (format === 'json') return { ok: true, text: reportJson(d.scenario, d.engine, report, pm) };
  if (!pm) return refusal(404, 'no_postmortem', 'no postmortem has been submitted for this drill yet');
  return { ok: true, text: postmortemMarkdown(d.scenario, d.engine, pm, report) };
}

export interface ReviewInput {
  readonly itemId: string;
  readonly comment?: string | undefined;
  readonly override?: { readonly earned: number; readonly reason?: string | undefined } | undefined;
}

/**
 * POST /reviews: a facilitator's comment or override on one item, stamped with who and when.
 * Refused, as data from `checkReviews`, for an unknown item, points out of range or an override
 * without a reason.
 */
export async function addReview(service: ReviewService, p: Principal, input: ReviewInput): Promise<Outcome<{ report: ScoreReport }>> {
  const denied = facilitatorOnly(p, 'review the report');
  if (denied) return denied;
  const d = drillOf(service, p);
  await service.settled(d);
  const current = afterOf(recordOf(service, p));
  const at = new Date(service.now()).toISOString();
  const review: Review = {
    itemId: input.itemId, by: p.name, at,
    ...(input.comment !== undefined ? { comment: input.comment } : {}),
    ...(input.override ? { override: { earned: input.override.earned, reason: (input.override.reason ?? '').trim(), by: p.name, at } } : {}),
  };
  const base = baseReport(d, current);
  const problem = checkReviews(base, [review])[0];
  if (problem) return refusal(400, problem.code, problem.message);
  const after = { ...current, reviews: [...current.reviews, review] };
  const r = await service.setAfterAction(p.drillId, after);
  if (!r.ok) return r;
  return { ok: true, report: applyReview(base, after.reviews) };
}

/**
 * POST /publish: show the report to trainees (or withdraw it). Publishing is journaled, so the
 * `report_published` event reaches every trainee's stream in order and survives a restart.
 */
export async function setPublished(service: ReviewService, p: Principal, published: boolean): Promise<Outcome<{ published: boolean }>> {
  const denied = facilitatorOnly(p, 'publish the report');
  if (denied) return denied;
  const d = drillOf(service, p);
  if (published && !ended(d)) return notEnded('The report can be published');
  if (isPublished(recordOf(service, p)) === published) return { ok: true, published };
  const r = await service.journal(d.id, (t) => ({ kind: 'publish', t, who: p.who, by: p.name, published }));
  if (!r.ok) return r;
  return { ok: true, published };
}

const TEAM_MOVES: ReadonlySet<SimEvent['type']> = new Set([
  'alert_acknowledged', 'incident_declared', 'severity_changed', 'team_paged', 'action_started', 'status_posted', 'hypothesis_stated', 'verification', 'incident_resolved',
]);

function moveLabel(e: SimEvent): string {
  const who = e.by && e.by !== 'script' ? ` (${e.by})` : '';
  switch (e.type) {
    case 'alert_acknowledged': return `Acknowledged ${e.alert}${who}`;
    case 'incident_declared': return `Declared ${e.severity}${who}`;
    case 'severity_changed': return `Severity ${e.from} to ${e.to}${who}`;
    case 'team_paged': return `Paged ${e.team}${who}`;
    case 'action_started': return `${e.label}${who}`;
    case 'status_posted': return `${e.audience === 'external' ? 'External' : 'Internal'} update${who}`;
    case 'hypothesis_stated': return `Hypothesis${who}`;
    case 'verification': return `Verification ${e.passed ? 'passed' : 'failed'}${who}`;
    case 'incident_resolved': return `Resolved${who}`;
    default: return e.type;
  }
}

/**
 * Markers for the report's charts: what the team did and when, the changes, the first alert
 * firing, and the key's windows (when the main fault began and when mitigation and the fix
 * were due), so expected and actual response sit side by side.
 */
export function markers(d: LiveDrill, faultStart: number | undefined): ReportMarker[] {
  const out: ReportMarker[] = [];
  let fired = false;
  for (const e of d.engine.events) {
    if (!isTraineeVisible(e) || e.t < 0) continue;
    if (e.type === 'change') out.push({ t: e.t, label: `${e.kind === 'deploy' ? 'Deploy' : e.kind === 'flag' ? 'Flag' : 'Config'}: ${e.summary}`, kind: 'change' });
    else if (e.type === 'alert_firing' && !fired) { fired = true; out.push({ t: e.t, label: `${e.alert} fired`, kind: 'alert' }); }
    else if (TEAM_MOVES.has(e.type)) out.push({ t: e.t, label: moveLabel(e), kind: 'action' });
  }
  if (faultStart !== undefined) {
    const x = d.scenario.expected;
    out.push({ t: faultStart, label: 'The incident began', kind: 'expected' });
    if (x.mitigate) out.push({ t: faultStart + x.mitigate.within, label: `Mitigation due (${formatDuration(x.mitigate.within)})`, kind: 'expected' });
    out.push({ t: faultStart + x.fix.within, label: `Fix due (${formatDuration(x.fix.within)})`, kind: 'expected' });
  }
  return out.sort((a, b) => a.t - b.t);
}

/**
 * POST /backtest: the alert-tuning lab. The facilitator may backtest at any time; trainees once
 * the drill has ended (before that, the drill's series would tell them what is coming).
 */
export function backtestDrill(service: ReviewService, p: Principal, req: BacktestRequest): BacktestOutcome {
  const d = drillOf(service, p);
  if (p.audience === 'trainee' && !ended(d)) return notEnded('Trainees can backtest alert rules');
  return backtest({ scenario: d.scenario, seed: d.record.seed, store: d.engine.metrics.store, now: d.publishedT, maxCost: service.maxQueryCost }, req);
}
