/**
 * The first four phases: detection, triage, escalation and mitigation. Each turns the drill's
 * facts into criteria (a share of the phase and a fraction earned, with one sentence why) and
 * penalties; credit.ts scales them to the phase's weight.
 */
import type { Severity } from '../scenario/schema.js';
import { clock, dur, lateness, list, timeCredit, type Criterion, type Penalty, type PhaseDraft } from './credit.js';
import { expectedAlerts, firstFiring, mainFaultStart, type AlertEpisode, type Facts } from './facts.js';
import { restoration } from './restoration.js';
import { EXTRA_PAGE_TOLERANCE } from '../../contract/scoring.js';

const by = (who?: string) => (who && who !== 'script' ? ` by ${who}` : '');

/** True once the team took ownership: declared, or started a mitigation or fix from the key. */
export function engaged(f: Facts): boolean {
  const e = f.scenario.expected;
  const keyActions = new Set([...(e.mitigate?.any_of ?? []), ...e.fix.any_of]);
  return f.declared !== undefined || f.actions.some((a) => keyActions.has(a.action));
}

/**
 * Detection: time from the first firing of an expected alert to the first acknowledgement of
 * one, and whether every expected alert that fired was acknowledged or folded into the
 * declared incident.
 */
export function scoreDetection(f: Facts): PhaseDraft {
  const s = f.scenario;
  const exp = expectedAlerts(s);
  const target = s.expected.acknowledge_within;
  const eps = f.episodes.filter((e) => exp.has(e.alert));
  const acks = f.acks.filter((a) => exp.has(a.alert));
  const did = [
    ...firstPerAlert(eps).map((e) => `${e.alert} fired at ${clock(e.firedAt)}`),
    ...acks.map((a) => `acknowledged ${a.alert} at ${clock(a.t)}${by(a.by)}`),
  ];
  return {
    target: `Acknowledge ${list([...exp])} within ${dur(target)} of the first one firing`,
    did,
    criteria: [ackCriterion(f, eps, acks, target), coverageCriterion(f, eps)],
  };
}

function ackCriterion(f: Facts, eps: readonly AlertEpisode[], acks: Facts['acks'], target: number): Criterion {
  const base = { id: 'ack_time', label: 'Time to acknowledge', share: 0.7 };
  const first = eps[0];
  const ack = acks[0];
  if (first && ack) {
    const elapsed = Math.max(0, ack.t - first.firedAt);
    return { ...base, fraction: timeCredit(elapsed, target), explanation: `Acknowledged ${ack.alert} ${dur(elapsed)} after ${first.alert} fired; ${lateness(elapsed, target)}.` };
  }
  // Nothing acknowledged. If the team was already working the incident and the expected
  // alerts stopped firing (because they fixed it), the page went unanswered only until then:
  // judge that time against the target, so fixing sooner never scores less than acking late.
  const cleared = eps.every((e) => e.resolvedAt !== undefined);
  if (first && cleared && engaged(f)) {
    const elapsed = Math.max(...eps.map((e) => e.resolvedAt!)) - first.firedAt;
    return { ...base, fraction: timeCredit(elapsed, target), explanation: `No expected alert was acknowledged, but they stopped firing ${dur(elapsed)} after ${first.alert} fired while the team was working the incident; ${lateness(elapsed, target)}.` };
  }
  if (!first) {
    return engaged(f)
      ? { ...base, fraction: 1, explanation: 'No expected alert fired: the team was on the incident before any page.' }
      : { ...base, fraction: 0, explanation: 'No expected alert fired and the team never took up the incident.' };
  }
  return { ...base, fraction: 0, explanation: `${first.alert} fired at ${clock(first.firedAt)} and was never acknowledged; target ${dur(target)}.` };
}

/**
 * When an expected alert's first firing was handled: acknowledged, taken into the declared
 * incident (at the declaration, or at the firing if declared before), or, once the team was
 * engaged, cleared by their work. Taking the earliest keeps it monotone: handling any of these
 * sooner never scores less.
 */
function handledAt(f: Facts, e: AlertEpisode): { t: number; how: string } | undefined {
  const ways: { t: number; how: string }[] = [];
  if (e.ackedAt !== undefined) ways.push({ t: e.ackedAt, how: 'acknowledged' });
  const d = f.declared?.t;
  if (d !== undefined && d <= (e.resolvedAt ?? f.now)) ways.push({ t: Math.max(d, e.firedAt), how: 'taken into the declared incident' });
  if (e.resolvedAt !== undefined && engaged(f)) ways.push({ t: e.resolvedAt, how: 'cleared while the team worked the incident' });
  return ways.sort((a, b) => a.t - b.t)[0];
}

function coverageCriterion(f: Facts, eps: readonly AlertEpisode[]): Criterion {
  const target = f.scenario.expected.acknowledge_within;
  const fired = firstPerAlert(eps);
  const base = { id: 'coverage', label: 'Expected alerts handled', share: fired.length > 0 ? 0.3 : 0 };
  if (fired.length === 0) return { ...base, fraction: 0, explanation: 'No expected alert fired.' };
  const judged = fired.map((e) => ({ e, h: handledAt(f, e) }));
  const credit = judged.map(({ e, h }) => (h ? timeCredit(h.t - e.firedAt, target) : 0));
  const notes = judged.filter((_, i) => credit[i]! < 1).map(({ e, h }) => (h
    ? `${e.alert} was ${h.how} ${dur(h.t - e.firedAt)} after it fired; ${lateness(h.t - e.firedAt, target)}.`
    : `${e.alert} fired at ${clock(e.firedAt)} and was neither acknowledged nor taken into a declared incident.`));
  const explanation = notes.length === 0
    ? `Every expected alert that fired (${list(fired.map((e) => e.alert))}) was handled within ${dur(target)}.`
    : `${notes.length} of ${fired.length} expected alerts were not handled within ${dur(target)}: ${notes[0]!}`;
  return { ...base, fraction: credit.reduce((a, b) => a + b, 0) / fired.length, explanation, notes };
}

function firstPerAlert(eps: readonly AlertEpisode[]): AlertEpisode[] {
  const seen = new Set<string>();
  return eps.filter((e) => !seen.has(e.alert) && seen.add(e.alert));
}

/** The moment the team could first have known: first alert firing, else the main fault's start. */
export function awareFrom(f: Facts): { t: number; what: string } {
  const ff = firstFiring(f);
  if (ff) return { t: ff.firedAt, what: `${ff.alert} (the first alert) fired` };
  const start = mainFaultStart(f);
  return start !== undefined ? { t: start, what: 'the fault began' } : { t: 0, what: 'the drill started' };
}

const LEVELS: readonly Severity[] = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
/** 1 for the right level, half for one level off, nothing further away. */
export function severityCredit(got: Severity, want: Severity): number {
  const d = Math.abs(LEVELS.indexOf(got) - LEVELS.indexOf(want));
  return d === 0 ? 1 : d === 1 ? 0.5 : 0;
}
/** Correcting the severity later is worth three quarters of getting it right first time. */
const CORRECTED = 0.75;

/** Triage: the declared severity against the key, and time to declare from the first firing alert. */
export function scoreTriage(f: Facts): PhaseDraft {
  const e = f.scenario.expected;
  const ref = awareFrom(f);
  const d = f.declared;
  const did = d ? [`declared ${d.severity} at ${clock(d.t)}${by(d.by)}`, ...f.severityChanges.map((c) => `changed severity ${c.from} to ${c.to} at ${clock(c.t)}`)] : [];
  const target = `Declare ${e.severity} within ${dur(e.declare_within)} of the first alert firing`;
  if (!d) {
    return { target, did, criteria: [
      { id: 'severity', label: 'Severity', share: 0.5, fraction: 0, explanation: `No incident was declared; the key expects ${e.severity}.` },
      { id: 'declare_time', label: 'Time to declare', share: 0.5, fraction: 0, explanation: `No incident was declared; target ${dur(e.declare_within)} after ${ref.what}.` },
    ] };
  }
  const elapsed = Math.max(0, d.t - ref.t);
  return { target, did, criteria: [
    severityCriterion(f, d.severity, e.severity),
    { id: 'declare_time', label: 'Time to declare', share: 0.5, fraction: timeCredit(elapsed, e.declare_within), explanation: `Declared ${dur(elapsed)} after ${ref.what}; ${lateness(elapsed, e.declare_within)}.` },
  ] };
}

function severityCriterion(f: Facts, initial: Severity, want: Severity): Criterion {
  const base = { id: 'severity', label: 'Severity', share: 0.5 };
  const c0 = severityCredit(initial, want);
  const last = f.severityChanges.at(-1);
  if (c0 === 1 || !last) {
    const off = c0 === 1 ? 'matches the key' : c0 === 0.5 ? `is one level off the expected ${want}: half credit` : `is two or more levels off the expected ${want}`;
    return { ...base, fraction: c0, explanation: `Declared ${initial}, which ${off}.` };
  }
  const c1 = CORRECTED * severityCredit(last.to, want);
  const fraction = Math.max(c0, c1);
  return { ...base, fraction, explanation: `Declared ${initial} and changed it to ${last.to} at ${clock(last.t)}; the key expects ${want}: ${Math.round(fraction * 100)}% credit.` };
}

/** Teams beyond the key that may be paged without penalty (a second opinion is fair). */

/** Escalation: the expected teams paged in time, a commander named, and no paging of everyone. */
export function scoreEscalation(f: Facts): PhaseDraft {
  const s = f.scenario;
  const e = s.expected;
  const ref = awareFrom(f);
  const criteria: Criterion[] = e.page.map((team) => {
    const p = f.pages.find((x) => x.team === team);
    const name = s.teams[team]?.name ?? team;
    const base = { id: `page.${team}`, label: `Paged ${name}`, share: 0.8 / e.page.length };
    if (!p) return { ...base, fraction: 0, explanation: `${name} was never paged; target ${dur(e.page_within)} after ${ref.what}.` };
    const elapsed = Math.max(0, p.t - ref.t);
    return { ...base, fraction: timeCredit(elapsed, e.page_within), explanation: `Paged ${name} ${dur(elapsed)} after ${ref.what}; ${lateness(elapsed, e.page_within)}.` };
  });
  const ic = f.roles.find((r) => r.role === 'commander');
  criteria.push({
    id: 'commander', label: 'Incident commander named', share: 0.2, fraction: ic ? 1 : f.roles.length > 0 ? 0.5 : 0,
    explanation: ic ? `${ic.name} was named incident commander at ${clock(ic.t)}.` : f.roles.length > 0 ? 'Roles were assigned but nobody was named incident commander: half credit.' : 'Nobody was named incident commander.',
  });
  return {
    target: `Page ${e.page.length > 0 ? list(e.page.map((t) => s.teams[t]?.name ?? t)) : 'no team'} within ${dur(e.page_within)}; name an incident commander; do not page everyone`,
    did: [...f.pages.map((p) => `paged ${p.team} at ${clock(p.t)}${by(p.by)}`), ...f.roles.map((r) => `named ${r.name} ${r.role} at ${clock(r.t)}`)],
    criteria,
    penalties: pagingPenalty(f),
  };
}

function pagingPenalty(f: Facts): Penalty[] {
  const all = Object.keys(f.scenario.teams);
  const expected = new Set(f.scenario.expected.page);
  const paged = [...new Set(f.pages.map((p) => p.team))];
  const extras = paged.filter((t) => !expected.has(t));
  const beyond = Math.max(0, extras.length - EXTRA_PAGE_TOLERANCE);
  const everyone = extras.length > 0 && all.every((t) => paged.includes(t));
  if (beyond === 0 && !everyone) return [];
  const fraction = Math.max(everyone ? 0.5 : 0, 0.25 * beyond);
  const what = everyone ? `Paged every team (${list(all)})` : `Paged ${extras.length} teams the key does not need (${list(extras)})`;
  return [{ id: 'over_paging', label: 'Paging beyond need', fraction, explanation: `${what}; up to ${EXTRA_PAGE_TOLERANCE} extra team is tolerated.` }];
}

/** Share of the mitigation phase's weight each harmful action costs. */
export const HARMFUL_PENALTY = 0.4;

/**
 * Mitigation: how much of the customers' pain the team's actions removed by the target and
 * after it (restoration.ts, from the simulated fault strengths), and harmful actions. The same
 * fraction gates the total (score.ts): restoring service comes first.
 */
export function scoreMitigation(f: Facts): PhaseDraft {
  const s = f.scenario;
  const win = s.expected.mitigate ?? s.expected.fix;
  const r = restoration(f);
  const criterion: Criterion = { id: 'restored', label: 'Service restored', share: r.applies ? 1 : 0, fraction: r.fraction, explanation: r.explanation };
  const harmful = new Set(s.expected.harmful);
  const penalties: Penalty[] = f.actions.filter((a) => harmful.has(a.action)).map((a, i) => ({
    id: `harmful.${a.action}.${i}`, label: 'Harmful action', fraction: HARMFUL_PENALTY,
    explanation: `Ran "${a.label}" at ${clock(a.t)}${by(a.by)}, an action the key lists as harmful.`,
  }));
  return {
    target: `Relieve the impact within ${dur(win.within)} of the fault starting, with ${list(win.any_of)}; avoid ${s.expected.harmful.length > 0 ? list(s.expected.harmful) : 'harmful actions'}`,
    did: f.actions.map((a) => `started ${a.action} at ${clock(a.t)}${a.completedAt !== undefined ? `, done at ${clock(a.completedAt)}` : ''}${by(a.by)}`),
    criteria: [criterion],
    penalties,
  };
}
