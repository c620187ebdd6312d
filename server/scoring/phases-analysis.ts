/**
 * Communication, root cause analysis and resolution: the phases judged from what the team
 * wrote (status updates, pinned evidence, hypotheses) and from whether the fix was real and
 * verified.
 */
import type { Scenario, Severity } from '../scenario/schema.js';
import { clock, dur, lateness, list, timeCredit, type Criterion, type Penalty, type PhaseDraft } from './credit.js';
import { DEFAULT_CADENCE } from '../../contract/scoring.js';
import { faultStatusBefore, highestSeverity, mainFaultStart, type Facts } from './facts.js';
import { affirmedConcepts } from './root-cause.js';
import { normalise, type ConceptMatch } from './text.js';


/** Communication: the gaps between updates against the cadence, an external update, and content. */
export function scoreCommunication(f: Facts): PhaseDraft {
  const e = f.scenario.expected;
  const sev = highestSeverity(f);
  const every = e.status_updates?.every ?? (sev ? DEFAULT_CADENCE[sev] : DEFAULT_CADENCE[e.severity]);
  const wantExternal = e.status_updates?.external ?? (e.severity === 'SEV1' || e.severity === 'SEV2');
  const ext = f.statuses.find((u) => u.audience === 'external');
  const criteria: Criterion[] = [
    cadenceCriterion(f, every, sev),
    {
      id: 'external', label: 'External update', share: wantExternal ? 0.2 : 0, fraction: ext ? 1 : 0,
      explanation: ext ? `Posted an external update at ${clock(ext.t)}.` : 'No external (customer-facing) update was posted; the key expects one.',
    },
    contentCriterion(f),
  ];
  return {
    target: `${every !== undefined ? `An update at least every ${dur(every)} from declaration to resolution` : 'At least one update'}${wantExternal ? ', including an external one' : ''}; each saying the impact, the status and the severity or what comes next`,
    did: f.statuses.map((u) => `${u.audience} update at ${clock(u.t)}`),
    criteria,
  };
}

function cadenceCriterion(f: Facts, every: number | undefined, sev: Severity | undefined): Criterion {
  const base = { id: 'cadence', label: 'Update cadence', share: 0.5 };
  const ups = f.statuses.map((u) => u.t);
  if (ups.length === 0) return { ...base, fraction: 0, explanation: f.declared ? 'No status update was posted during the incident.' : 'No incident was declared and no status update was posted.' };
  if (every === undefined) return { ...base, fraction: 1, explanation: `${sev ?? 'This severity'} has no update cadence; ${ups.length} update(s) posted.` };
  const start = Math.min(f.declared?.t ?? Infinity, ups[0]!);
  const end = f.resolved?.t ?? f.now;
  const marks = [start, ...ups.filter((t) => t >= start && t <= end), end];
  let gap = 0; let from = start;
  for (let i = 1; i < marks.length; i++) if (marks[i]! - marks[i - 1]! > gap) { gap = marks[i]! - marks[i - 1]!; from = marks[i - 1]!; }
  const endWord = f.resolved ? 'resolution' : `${clock(end)} (not resolved)`;
  return {
    ...base, fraction: timeCredit(gap, every),
    explanation: `Longest gap without an update was ${dur(gap)} (from ${clock(from)}; the window runs from declaration to ${endWord}); ${lateness(gap, every)}.`,
  };
}

const IMPACT_WORDS = ['user', 'customer', 'error', 'fail', 'slow', 'latency', 'impact', 'affect', 'degrad', 'unavailabl', 'outag', 'down', 'timeout', 'order', 'request'];
const STATUS_WORDS = ['investigat', 'identifi', 'mitigat', 'fix', 'monitor', 'resolv', 'rollback', 'roll', 'rolling', 'restor', 'recover', 'work', 'cause', 'paged'];
const NEXT_RE = /\bsev[1-4]\b|next update|update (?:again )?(?:in|at|by)\b|\bin \d+ ?(?:min|minutes|m)\b|\bby \d{1,2}:\d{2}|\beta\b|\bwe(?: will|'ll)\b|\bmonitoring\b|\bexpect/i;

/** Which of the three content checks one update passes, by name. */
export function updateContent(text: string, s: Scenario): { impact: boolean; status: boolean; next: boolean } {
  const words = normalise(text);
  const has = (stems: readonly string[]) => words.some((w) => stems.some((st) => w.startsWith(st)));
  const services = Object.keys(s.services).flatMap((k) => normalise(k));
  return { impact: has(IMPACT_WORDS) || words.some((w) => services.includes(w)), status: has(STATUS_WORDS), next: NEXT_RE.test(text) };
}

function contentCriterion(f: Facts): Criterion {
  const base = { id: 'content', label: 'Update content', share: 0.3 };
  if (f.statuses.length === 0) return { ...base, fraction: 0, explanation: 'No status update to judge.' };
  const notes: string[] = [];
  let sum = 0;
  for (const u of f.statuses) {
    const c = updateContent(u.text, f.scenario);
    const missing = [c.impact ? '' : 'the impact', c.status ? '' : 'the current status', c.next ? '' : 'the severity or what comes next'].filter(Boolean);
    sum += (3 - missing.length) / 3;
    if (missing.length > 0) notes.push(`${u.audience} update at ${clock(u.t)} does not say ${list(missing)}.`);
  }
  const fraction = sum / f.statuses.length;
  return { ...base, fraction, notes, explanation: notes.length === 0 ? `All ${f.statuses.length} update(s) state the impact, the status and the severity or what comes next.` : `${notes.length} of ${f.statuses.length} update(s) miss something: ${notes[0]!}` };
}

/** Root cause: pinned evidence covers the key's signals, and a hypothesis names the key's concepts. */
export function scoreRootCause(f: Facts): PhaseDraft {
  const e = f.scenario.expected;
  const evidence: Criterion[] = e.evidence.map((ev) => evidenceCriterion(f, ev, 0.5 / e.evidence.length));
  const best = bestHypothesis(f);
  const matches: ConceptMatch[] = best ? affirmedConcepts(best.text, e.root_cause) : e.root_cause.map((g) => ({ concept: g[0] ?? '' }));
  const hypShare = evidence.length > 0 ? 0.5 : 1;
  const hypotheses: Criterion[] = matches.map((m, i) => ({
    id: `hypothesis.${i + 1}`, label: `Hypothesis names "${m.concept}"`, share: hypShare / matches.length, fraction: m.matched !== undefined ? 1 : 0,
    explanation: !best ? `No root-cause hypothesis was stated; the key expects "${m.concept}" among its concepts.`
      : m.matched !== undefined ? `The hypothesis at ${clock(best.t)} names "${m.concept}" (as "${m.matched}").`
      : `The hypothesis at ${clock(best.t)} does not assert "${m.concept}" or a synonym (${(e.root_cause[i] ?? []).slice(1, 4).join(', ')}); a denied mention does not count.`,
  }));
  return {
    target: `Pin ${e.evidence.length > 0 ? list(e.evidence.map((x) => `"${x.description}"`)) : 'the evidence'}; state a hypothesis naming ${list(e.root_cause.map((g) => `"${g[0]}"`))}`,
    did: [...f.pins.map((p) => `pinned ${p.kind} "${p.ref}" at ${clock(p.t)}`), ...f.hypotheses.map((h) => `hypothesis at ${clock(h.t)}: "${h.text}"`)],
    criteria: [...evidence, ...hypotheses],
  };
}

/** The hypothesis naming the most concepts (the later one on a tie: the team's refined view). */
function bestHypothesis(f: Facts): Facts['hypotheses'][number] | undefined {
  let best: Facts['hypotheses'][number] | undefined;
  let score = -1;
  for (const h of f.hypotheses) {
    const n = affirmedConcepts(h.text, f.scenario.expected.root_cause).filter((m) => m.matched !== undefined).length;
    if (n >= score) { best = h; score = n; }
  }
  return best;
}

type EvidenceKey = Scenario['expected']['evidence'][number];

/** Does a pin show this piece of evidence? Charts, queries and alerts over the metric; the log text; the change id; an answer of the team. */
export function pinMatches(s: Scenario, ev: EvidenceKey, pin: { kind: string; ref: string }): boolean {
  const ref = pin.ref.trim().toLowerCase();
  if (ev.metric !== undefined) {
    const m = ev.metric.toLowerCase();
    if ((pin.kind === 'chart' || pin.kind === 'query') && ref.includes(m)) return true;
    if (pin.kind === 'alert' && s.alerts.some((a) => a.alert.toLowerCase() === ref && a.expr.toLowerCase().includes(m))) return true;
  }
  if (ev.log !== undefined && pin.kind === 'log' && ref.includes(ev.log.toLowerCase())) return true;
  if (ev.change !== undefined && pin.kind === 'change' && ref === ev.change.toLowerCase()) return true;
  if (ev.team !== undefined && pin.kind === 'answer' && (ref === ev.team || (ref.startsWith(`${ev.team}/`) && !ref.endsWith('/fallback')))) return true;
  return false;
}

function evidenceCriterion(f: Facts, ev: EvidenceKey, share: number): Criterion {
  const base = { id: `evidence.${ev.id}`, label: `Evidence: ${ev.description}`, share };
  const pin = f.pins.find((p) => pinMatches(f.scenario, ev, p));
  if (pin) return { ...base, fraction: 1, explanation: `Pinned ${pin.kind} "${pin.ref}" at ${clock(pin.t)}, covering "${ev.description}".` };
  // Asking the owning team and getting a real answer is half the work: it was heard, not recorded.
  const heard = ev.team !== undefined ? f.answers.find((a) => a.team === ev.team && !a.answer.endsWith('/fallback')) : undefined;
  if (heard) return { ...base, fraction: 0.5, explanation: `Asked ${heard.team} and got an answer at ${clock(heard.t)}, but did not pin it to the timeline: half credit.` };
  return { ...base, fraction: 0, explanation: `Nothing pinned covers "${ev.description}" (${evidenceHint(ev)}).` };
}

/** What kind of pin would have counted, for the explanation. */
function evidenceHint(ev: EvidenceKey): string {
  const ways = [
    ev.metric !== undefined ? `a chart or query of ${ev.metric}` : '',
    ev.log !== undefined ? `a log line containing "${ev.log}"` : '',
    ev.change !== undefined ? `change ${ev.change}` : '',
    ev.team !== undefined ? `an answer from ${ev.team}` : '',
  ].filter(Boolean);
  return ways.length > 0 ? `pin ${ways.join(' or ')}` : 'no pin kind is named in the key';
}

/** Share of the resolution phase's weight lost by resolving without a passing verification. */
export const UNVERIFIED_PENALTY = 0.2;
/** Share lost by resolving while the cause is only mitigated (or still active). */
export const MASKED_PENALTY = 0.3;

/** Resolution: the real fix in time, verified before resolving, the right docs flagged. */
export function scoreResolution(f: Facts): PhaseDraft {
  const e = f.scenario.expected;
  const criteria: Criterion[] = [fixCriterion(f), verifiedCriterion(f)];
  const flagged = new Set(f.docs.map((d) => d.runbook));
  for (const doc of e.docs_to_update) {
    const d = f.docs.find((x) => x.runbook === doc);
    criteria.push({
      id: `doc.${doc}`, label: `Flagged runbook ${doc}`, share: 0.3 / e.docs_to_update.length, fraction: flagged.has(doc) ? 1 : 0,
      explanation: d ? `Flagged runbook "${doc}" for an update at ${clock(d.t)}.` : `Runbook "${doc}" was not flagged for an update.`,
    });
  }
  return {
    target: `Fix with ${list(e.fix.any_of)} within ${dur(e.fix.within)} of the fault starting, verify recovery, then resolve${e.docs_to_update.length > 0 ? `; flag ${list(e.docs_to_update)}` : ''}`,
    did: [
      ...f.events.filter((x) => x.type === 'verification').map((x) => `verification ${x.type === 'verification' && x.passed ? 'passed' : 'failed'} at ${clock(x.t)}`),
      ...(f.resolved ? [`resolved at ${clock(f.resolved.t)} (${f.resolved.verified ? 'verified' : 'not verified'})`] : []),
      ...f.docs.map((d) => `flagged ${d.runbook} at ${clock(d.t)}`),
    ],
    criteria,
    penalties: resolutionPenalties(f),
  };
}

function fixCriterion(f: Facts): Criterion {
  const s = f.scenario;
  const base = { id: 'fix', label: 'Real fix', share: 0.4 };
  const start = mainFaultStart(f);
  const started = f.mainFaults.filter((id) => f.faultStarts[id] !== undefined);
  if (start === undefined) return { ...base, share: 0, fraction: 0, explanation: 'The fault never started, so there was nothing to fix.' };
  // Only a resolution by an action is a fix; a fault that clears by itself (`lasts`) is luck.
  const fixes = started.map((id) => f.faultChanges.find((c) => c.fault === id && c.status === 'resolved' && c.action !== undefined));
  const open = started.filter((_, i) => !fixes[i]);
  const healed = open.filter((id) => f.faultChanges.some((c) => c.fault === id && c.status === 'resolved'));
  if (healed.length > 0 && healed.length === open.length) {
    const t = Math.max(...healed.map((id) => f.faultChanges.find((c) => c.fault === id && c.status === 'resolved')!.t));
    return { ...base, fraction: 0, explanation: `${list(healed)} cleared by itself at ${clock(t)}; no fix was applied (the key expects ${list(s.expected.fix.any_of)}).` };
  }
  if (open.length > 0) {
    const masked = open.filter((id) => f.faultChanges.some((c) => c.fault === id && c.status === 'mitigated'));
    const why = masked.length > 0 ? `symptoms were masked (${list(masked)} mitigated${masked.some((id) => faultStatusBefore(f, id) !== 'mitigated') ? ' for a while' : ''}) but the cause was never fixed` : `${list(open)} ${open.length === 1 ? 'was' : 'were'} never fixed`;
    return { ...base, fraction: 0, explanation: `By ${clock(f.now)} ${why}; the key expects ${list(s.expected.fix.any_of)}.` };
  }
  const last = fixes.reduce((a, b) => (b!.t > a!.t ? b : a))!;
  const elapsed = Math.max(0, last.t - start);
  const action = s.actions.find((a) => a.id === last.action);
  const offKey = last.action !== undefined && !s.expected.fix.any_of.includes(last.action) ? ' (not in the key\'s fix list, but it resolved the cause)' : '';
  return { ...base, fraction: timeCredit(elapsed, s.expected.fix.within), explanation: `Fixed ${dur(elapsed)} after the fault began (${action?.label ?? 'the fault resolved'} at ${clock(last.t)})${offKey}; ${lateness(elapsed, s.expected.fix.within)}.` };
}

function verifiedCriterion(f: Facts): Criterion {
  const base = { id: 'verified', label: 'Verified before resolving', share: 0.3 };
  const r = f.resolved;
  if (!r) return { ...base, fraction: 0, explanation: `The incident was not resolved by ${clock(f.now)}.` };
  if (!r.verified) return { ...base, fraction: 0, explanation: `Resolved at ${clock(r.t)} without a passing verification of recovery.` };
  const v = f.events.filter((x) => x.type === 'verification' && x.passed && x.t <= r.t).at(-1);
  return { ...base, fraction: 1, explanation: `Resolved at ${clock(r.t)} after verification passed${v ? ` at ${clock(v.t)}` : ''}.` };
}

function resolutionPenalties(f: Facts): Penalty[] {
  const r = f.resolved;
  if (!r) return [];
  const out: Penalty[] = [];
  if (!r.verified) out.push({ id: 'unverified', label: 'Resolved before verifying', fraction: UNVERIFIED_PENALTY, explanation: `Resolved at ${clock(r.t)} before signals had been verified healthy for the verification window.` });
  const notFixed = f.mainFaults.filter((id) => f.faultStarts[id] !== undefined && f.faultStarts[id]! <= r.t && faultStatusBefore(f, id, r.index) !== 'resolved');
  if (notFixed.length > 0) {
    const st = notFixed.map((id) => `${id} ${faultStatusBefore(f, id, r.index) === 'mitigated' ? 'only mitigated (symptoms masked)' : 'still active'}`);
    out.push({ id: 'masked', label: 'Resolved while the cause remained', fraction: MASKED_PENALTY, explanation: `Resolved at ${clock(r.t)} while ${list(st)}.` });
  }
  return out;
}
