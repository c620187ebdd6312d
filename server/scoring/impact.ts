/**
 * The drill's own impact numbers, for checking the postmortem's: how long the incident lasted
 * and how many requests failed, the latter asked of the drill's recorded series with PromQL,
 * as a trainee would in the query view.
 */
import { compile, instantQuery } from '../promql/index.js';
import type { Simulation } from '../sim/engine.js';
import { clock, dur, type Criterion } from './credit.js';
import { collectFacts, mainFaultStart, type Facts } from './facts.js';
import { customerImpactWindow } from './restoration.js';

/** A claimed number is accepted within this factor of the drill's own (either way). */
export const IMPACT_FACTOR = 2;

export interface ImpactNumbers {
  /** from the first firing alert (else the fault's start) */
  readonly from: number;
  /** incident length to the fix and to the resolution, and the customers' own window: a claim near any is fair */
  readonly durations: readonly number[];
  /** the same durations, each with what it measures */
  readonly named: readonly { readonly label: string; readonly seconds: number }[];
  /** from the first firing alert to the resolution, else the fix, else now */
  readonly incidentSeconds: number;
  /** failed requests over the incident: all services, then each service (the main fault's first) */
  readonly failedRequests: readonly { readonly scope: string; readonly count: number }[];
  /** what `failedRequests` counts, when the key says (expected.impact_count); else failed requests */
  readonly what?: string;
  /** the 5xx the incident's window holds when they stayed at background level (and so are not listed) */
  readonly background?: number;
  readonly query?: string;
}

/**
 * The drill's impact: duration from the first firing alert to the fix and to the resolution
 * (or to now when neither happened), the customers' window (the impact faults' first bad
 * minute to their recovery), and 5xx requests from the main fault's start to the
 * resolution via `sum(increase(http_requests_total{code=~"5.."}[window]))`, when the scenario
 * has such a counter.
 */
export function impactNumbers(drill: Simulation, f: Facts = collectFacts(drill)): ImpactNumbers {
  const start = mainFaultStart(f);
  const from = f.episodes[0]?.firedAt ?? start ?? 0;
  const fixes = f.mainFaults.map((id) => f.faultChanges.find((c) => c.fault === id && c.status === 'resolved')?.t);
  const fixT = fixes.length > 0 && fixes.every((t) => t !== undefined) ? Math.max(...(fixes as number[])) : undefined;
  const ends = [fixT, f.resolved?.t].filter((t): t is number => t !== undefined && t > from);
  const customer = customerImpactWindow(f);
  const incident = (ends.length > 0 ? ends : [f.now]).map((t) => t - from);
  const named = [
    ...(fixT !== undefined && fixT > from ? [{ label: 'from the first alert to the fix', seconds: fixT - from }] : []),
    ...(f.resolved && f.resolved.t > from ? [{ label: 'to the resolution', seconds: f.resolved.t - from }] : []),
    ...(ends.length === 0 ? [{ label: 'from the first alert to now', seconds: f.now - from }] : []),
    ...(customer && customer.to > customer.from ? [{ label: 'of customer impact', seconds: customer.to - customer.from }] : []),
  ];
  const durations = named.map((d) => d.seconds);
  const failedRequests: { scope: string; count: number }[] = [];
  const counted = f.scenario.expected.impact_count;
  const hasCounter = counted !== undefined || f.scenario.metrics.some((m) => m.name === 'http_requests_total' && m.series.some((s) => 'code' in s.labels));
  const qStart = start ?? from;
  const qEnd = f.resolved?.t ?? f.now;
  const window = Math.round(qEnd - qStart);
  const base = { from, durations, named, incidentSeconds: incident.at(-1)!, failedRequests };
  if (!hasCounter || window < f.scenario.settings.scrape_interval) return base;
  const at = Math.round(qEnd * 1000);
  const count = (q: string) => {
    const v = instantQuery(compile(q), drill.metrics.store, at);
    return v.type === 'vector' ? v.samples : [];
  };
  if (counted) {
    const q = `sum(increase(${counted.counter}[${window}s]))`;
    const n = count(q)[0]?.value;
    if (n !== undefined && Number.isFinite(n) && n > 0) failedRequests.push({ scope: counted.what, count: Math.round(n) });
    return { ...base, what: counted.what, query: `${q} at ${clock(qEnd)}` };
  }
  // 5xx at background level (a few a minute on a healthy system) are not the incident's:
  // nothing to compare a claim with, like a drill with no such counter.
  const background = backgroundFailures(drill, qStart, window);
  // All services, then each service: a team may count the failures its customers saw at the
  // front door or where the fault lives, and either is the drill's own number.
  const total = count(`sum(increase(http_requests_total{code=~"5.."}[${window}s]))`)[0]?.value;
  const query = `sum(increase(http_requests_total{code=~"5.."}[${window}s])) at ${clock(qEnd)}`;
  if (total === undefined || !Number.isFinite(total) || total <= 2 * background) return { ...base, query, ...(total !== undefined ? { background: Math.round(total) } : {}) };
  if (total > 0) failedRequests.push({ scope: 'all services', count: Math.round(total) });
  const main = new Set(f.mainFaults.map((id) => f.scenario.faults.find((x) => x.id === id)?.service));
  const rows = count(`sum by (service) (increase(http_requests_total{code=~"5.."}[${window}s]))`)
    .map((x) => ({ scope: x.labels.service ?? 'unlabelled', count: Math.round(x.value) })).filter((x) => Number.isFinite(x.count) && x.count > 0);
  rows.sort((a, b) => Number(main.has(b.scope)) - Number(main.has(a.scope)) || b.count - a.count || a.scope.localeCompare(b.scope));
  failedRequests.push(...rows);
  return { ...base, query };
}

/**
 * How many 5xx a window of this length holds on the healthy system: the rate before `before`
 * (the main fault's start), over the window. Zero when the drill has no healthy minute to read.
 */
function backgroundFailures(drill: Simulation, before: number, window: number): number {
  const healthy = Math.floor(before);
  if (healthy < 60) return 0;
  const v = instantQuery(compile(`sum(increase(http_requests_total{code=~"5.."}[${healthy}s]))`), drill.metrics.store, healthy * 1000);
  const n = v.type === 'vector' ? v.samples[0]?.value ?? 0 : 0;
  return Number.isFinite(n) ? (n / healthy) * window : 0;
}

/**
 * A duration in prose to seconds: "22 minutes", "about 1h 5m", "1.5 hours", "90s".
 * @example parseHumanDuration('about 1h 5m') // 3900
 */
export function parseHumanDuration(text: string): number | undefined {
  const re = /(\d+(?:[.,]\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b/gi;
  let total = 0;
  let found = false;
  for (const m of text.matchAll(re)) {
    const n = Number(m[1]!.replace(',', '.'));
    const u = m[2]!.toLowerCase();
    total += n * (u.startsWith('h') ? 3600 : u.startsWith('m') ? 60 : 1);
    found = true;
  }
  return found ? total : undefined;
}

/**
 * The quantities in a text: counts and amounts ("3,500", "3.5k", "~1200", "2 million"), never
 * clock times (14:04, 14:04:30), durations (20 minutes), percentages, versions (v5.2.0), dates or
 * the digits of an id (INC-2291, PR #4821, ORD-7731942, gw-a2).
 * @example quantitiesIn('14 failed requests at 14:04 (INC-2291), 3.5k in all') // [14, 3500]
 */
export function quantitiesIn(text: string): number[] {
  const out: number[] = [];
  const re = /(\d[\d,]*(?:\.\d+)?)(\s*(?:k\b|thousand\b|m\b|million\b))?/gi;
  for (const m of text.matchAll(re)) {
    const i = m.index;
    const before = text.slice(Math.max(0, i - 2), i);
    const after = text.slice(i + m[0].length, i + m[0].length + 12);
    if (/[\p{L}#_/-]$|[:.]$|\d$/u.test(before)) continue;
    if (/^[:\-/_.]?\d|^[:%]|^\s*%|^[\p{L}_]/u.test(after) && !m[2]) continue;
    if (/^\s*(?:ms|s|sec|secs|seconds?|m|mins?|minutes?|h|hrs?|hours?|days?|weeks?|percent|pct|gib|gb|mb|mib|kb|bytes?|x\b|times\b)\b/i.test(after) && !m[2]) continue;
    if (/^\s*(?:am|pm|utc)\b/i.test(after)) continue;
    let n = Number(m[1]!.replace(/,/g, ''));
    const suf = m[2]?.trim().toLowerCase();
    if (suf === 'k' || suf === 'thousand') n *= 1000;
    if (suf === 'm' || suf === 'million') n *= 1_000_000;
    if (Number.isFinite(n)) out.push(n);
  }
  return out;
}

const near = (claim: number, ref: number) => ref > 0 && claim >= ref / IMPACT_FACTOR && claim <= ref * IMPACT_FACTOR;

export interface ImpactClaim {
  readonly description: string;
  readonly duration: string;
  readonly minutes?: number | undefined;
  readonly users_affected: string;
  readonly requests_failed?: number | undefined;
}

/**
 * Criterion: the impact is quantified and close to the drill's own numbers. Half for the
 * duration, half for the failed requests (or, when the drill cannot count them, for any number
 * of users or requests); a number given but far off earns a quarter of its half.
 */
export function impactCriterion(drill: Simulation, f: Facts, claim: ImpactClaim): Criterion {
  const n = impactNumbers(drill, f);
  const claimedDur = claim.minutes !== undefined ? claim.minutes * 60 : parseHumanDuration(claim.duration) ?? parseHumanDuration(claim.description);
  const refDur = n.named.map((d) => `${dur(d.seconds)} ${d.label}`).join(', ');
  let fraction = 0;
  const parts: string[] = [];
  if (claimedDur === undefined) parts.push(`no duration given (the drill's: ${refDur})`);
  else if (n.durations.some((d) => near(claimedDur, d))) { fraction += 0.5; parts.push(`duration ${dur(claimedDur)} matches the drill's (${refDur})`); }
  else { fraction += 0.125; parts.push(`duration ${dur(claimedDur)} is more than ${IMPACT_FACTOR}x off the drill's (${refDur})`); }
  const claimed = [...(claim.requests_failed !== undefined ? [claim.requests_failed] : []), ...quantitiesIn(`${claim.users_affected}\n${claim.description}`)];
  const what = n.what ?? 'failed requests';
  const refs = n.what !== undefined ? n.failedRequests.map((r) => String(r.count)).join(' or ') : n.failedRequests.map((r) => `${r.count} (${r.scope})`).join(' or ');
  const quiet = n.background !== undefined ? ` (its HTTP 5xx stayed at background level, ${n.background})` : '';
  if (claimed.length === 0) parts.push(`no number of ${what} or affected users${refs ? ` (the drill's ${what}: ${refs})` : quiet}`);
  else if (n.failedRequests.length === 0) { fraction += 0.5; parts.push(`affected users or ${what} quantified (${claimed[0]})${quiet}`); }
  else {
    const hit = claimed.find((c) => n.failedRequests.some((r) => near(c, r.count)));
    if (hit !== undefined) { fraction += 0.5; parts.push(`${hit} ${what} matches the drill's ${refs}`); }
    else { fraction += 0.125; parts.push(`no number given is within ${IMPACT_FACTOR}x of the drill's ${what}, ${refs}`); }
  }
  const sentence = parts.join('; ');
  return { id: 'impact', label: 'Impact quantified', share: 0.15, fraction, explanation: `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`, ...(n.query ? { notes: [`Failed requests counted with ${n.query}.`] } : {}) };
}
