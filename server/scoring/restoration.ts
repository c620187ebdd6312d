/**
 * Service restored: how much of the customers' pain the team's actions removed, read from the
 * simulation itself (each fault's strength over time), not from which action was run. An action
 * that leaves 40% of the fault in place earns 60%; a restart whose relief wears off earns only
 * while it lasted; a fault that clears by itself was not restored by anyone.
 *
 * The measure: from the key's mitigation target (the fault's start plus `mitigate.within`) to
 * three times that target, the average share of the impact removed. Full relief by the target
 * earns everything; relief halfway to three times the target earns half; a drill that ends
 * early is taken to stay as it ended. Relief after that still earns LATE_FLOOR of what it
 * removed: done late beats never done.
 */
import type { Scenario } from '../scenario/schema.js';
import { clock, dur, LATE_FLOOR, list } from './credit.js';
import type { Facts } from './facts.js';

/** The faults whose strength is the customers' pain (the key's `customer_impact`, else a default). */
export function impactFaults(s: Scenario): string[] {
  if (s.expected.customer_impact.length > 0) return [...s.expected.customer_impact];
  const relieves = (actionId: string): Set<string> => {
    const a = s.actions.find((x) => x.id === actionId);
    return new Set((a?.effects ?? []).filter((e) => e.effect === 'mitigate' || e.effect === 'resolve').map((e) => e.fault));
  };
  const keyed = (s.expected.mitigate ?? s.expected.fix).any_of.map(relieves);
  // What every expected mitigation relieves is the pain itself; what only some relieve may be a
  // cause without symptoms of its own (an expired certificate behind the failing calls).
  const every = s.faults.map((f) => f.id).filter((id) => keyed.length > 0 && keyed.every((k) => k.has(id)));
  if (every.length > 0) return every;
  const any = s.faults.map((f) => f.id).filter((id) => keyed.some((k) => k.has(id)));
  return any.length > 0 ? any : s.faults.slice(0, 1).map((f) => f.id);
}

/** One change in a fault's strength that the team's action caused. */
export interface Relief { readonly t: number; readonly fault: string; readonly level: number; readonly action?: string }

export interface Restoration {
  /** false when no impact fault started: nothing to restore, and the criterion does not apply */
  readonly applies: boolean;
  /** 0..1 */
  readonly fraction: number;
  readonly faults: readonly string[];
  /** when the first impact fault started */
  readonly start?: number;
  /** the mitigation target: start + mitigate.within */
  readonly target?: number;
  /** three times the target: relief after this earns only LATE_FLOOR */
  readonly horizon?: number;
  readonly reliefs: readonly Relief[];
  readonly explanation: string;
}

/**
 * A fault's strength over time as the team earned it: the level each change heads to, except
 * that relief from an action the key lists as harmful is not credited (turning off certificate
 * verification "restores" service by creating a security incident).
 */
function creditedLevels(f: Facts, fault: string): { t: number; level: number }[] {
  const start = f.faultStarts[fault];
  if (start === undefined) return [];
  const harmful = new Set(f.scenario.expected.harmful);
  const out = [{ t: start, level: 1 }];
  for (const c of f.faultChanges) {
    if (c.fault !== fault) continue;
    const before = out.at(-1)!.level;
    out.push({ t: c.t, level: c.action !== undefined && harmful.has(c.action) && c.level < before ? before : c.level });
  }
  return out;
}

function levelAt(levels: readonly { t: number; level: number }[], t: number): number {
  let level = 0;
  for (const x of levels) { if (x.t <= t) level = x.level; else break; }
  return level;
}

/** Would this fault hurt at time t had nobody done anything? From its start to its natural end. */
function hurtsAt(s: Scenario, f: Facts, fault: string, t: number): boolean {
  const start = f.faultStarts[fault];
  if (start === undefined || start > t) return false;
  const lasts = s.faults.find((x) => x.id === fault)?.lasts;
  return lasts === undefined || t < start + lasts;
}

/**
 * The share of the impact removed at time t: 1 - (strength now / strength had nobody acted),
 * summed over the impact faults that would hurt at t; undefined when none would. The drill's
 * last state stands for any time after it ended.
 */
function reliefAt(s: Scenario, f: Facts, levels: ReadonlyMap<string, readonly { t: number; level: number }[]>, t: number): number | undefined {
  let ref = 0;
  let actual = 0;
  for (const [id, ls] of levels) {
    if (!hurtsAt(s, f, id, t)) continue;
    ref += 1;
    actual += levelAt(ls, Math.min(t, f.now));
  }
  return ref > 0 ? 1 - actual / ref : undefined;
}

/** How much of the customers' pain the team removed, by the mitigation target and after. */
export function restoration(f: Facts): Restoration {
  const s = f.scenario;
  const faults = impactFaults(s);
  const started = faults.filter((id) => f.faultStarts[id] !== undefined);
  if (started.length === 0) return { applies: false, fraction: 0, faults, reliefs: [], explanation: 'The fault never started, so there was nothing to restore.' };
  const start = Math.min(...started.map((id) => f.faultStarts[id]!));
  const within = (s.expected.mitigate ?? s.expected.fix).within;
  const target = start + within;
  const horizon = start + 3 * within;
  const levels = new Map(started.map((id) => [id, creditedLevels(f, id)]));
  const samples: number[] = [];
  for (let t = target; t <= horizon; t += s.settings.scrape_interval) {
    const r = reliefAt(s, f, levels, t);
    if (r !== undefined) samples.push(r);
  }
  // The team's changes that lowered a fault's credited strength: what the explanation names.
  const reliefs: Relief[] = f.faultChanges.filter((c) => levels.has(c.fault) && c.action !== undefined)
    .map((c) => ({ c, before: levelAt(levels.get(c.fault)!, c.t - 1e-6), after: levelAt(levels.get(c.fault)!, c.t) }))
    .filter((x) => x.after < x.before)
    .map(({ c, after }) => ({ t: c.t, fault: c.fault, level: after, ...(c.action !== undefined ? { action: c.action } : {}) }));
  const base = { faults, start, target, horizon, reliefs };
  if (samples.length === 0) {
    return { ...base, applies: false, fraction: 0, explanation: `${list(faults)} cleared by itself before the ${dur(within)} target, so there was nothing left to restore.` };
  }
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const atEnd = Math.max(0, reliefAt(s, f, levels, f.now) ?? 0);
  const late = reliefs.length > 0 ? LATE_FLOOR * atEnd : 0;
  const fraction = Math.min(1, Math.max(0, mean, late));
  const harmful = new Set(s.expected.harmful);
  const harmfulRelief = f.faultChanges.find((c) => levels.has(c.fault) && c.action !== undefined && harmful.has(c.action) && c.status !== 'active')?.action;
  return { ...base, applies: true, fraction, explanation: explain(s, { start, target, horizon, within, fraction, mean, late, reliefs, faults, harmfulRelief }) };
}

interface Parts {
  readonly start: number; readonly target: number; readonly horizon: number; readonly within: number;
  readonly fraction: number; readonly mean: number; readonly late: number;
  readonly reliefs: readonly Relief[]; readonly faults: readonly string[];
  /** a harmful action that lowered a fault's strength, not credited */
  readonly harmfulRelief?: string | undefined;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** One sentence a trainee understands: what the team's relief did and how it compares with the target. */
function explain(s: Scenario, p: Parts): string {
  const label = (id?: string) => s.actions.find((a) => a.id === id)?.label ?? 'an action';
  const faults = list([...p.faults]);
  const harmful = p.harmfulRelief !== undefined ? ` "${label(p.harmfulRelief)}" relieved it, but the key lists that action as harmful, so it restores nothing.` : '';
  if (p.mean < 0) return `The team's actions made ${faults} worse: from the ${dur(p.within)} target (${clock(p.target)}) to ${clock(p.horizon)} the impact ran at ${pct(1 - p.mean)} of its strength on average, with nothing restored.${harmful}`;
  if (p.reliefs.length === 0) return `Nothing the team did relieved ${faults}, which began at ${clock(p.start)}; the target was relief within ${dur(p.within)}, by ${clock(p.target)}.${harmful}`;
  const first = p.reliefs[0]!;
  const what = `"${label(first.action)}" completed at ${clock(first.t)}, ${dur(Math.max(0, first.t - p.start))} after ${faults} began`;
  if (p.fraction >= 0.995) return `Service restored in time: ${what}, and the impact stayed away; target ${dur(p.within)}.`;
  if (p.late > p.mean && p.late > 0) return `Relief came after the ${dur(p.within)} target (${clock(p.target)}): ${what}; ${pct(p.late / LATE_FLOOR)} of the impact was gone by the end, worth ${pct(LATE_FLOOR)} of that this late.`;
  if (p.mean < 0.005) return `The relief from "${label(first.action)}" (completed at ${clock(first.t)}, ${dur(Math.max(0, first.t - p.start))} after ${faults} began) had worn off by the ${dur(p.within)} target (${clock(p.target)}): from then to ${clock(p.horizon)} none of the impact was removed.`;
  return `From the ${dur(p.within)} target (${clock(p.target)}) to ${clock(p.horizon)} the team's actions removed ${pct(p.mean)} of the impact on average, and ${pct(1 - p.mean)} of it went on; first relief: ${what}.`;
}

/**
 * When customers felt it: from the first impact fault's start to the moment every started impact
 * fault was gone (resolved, or relieved to nothing, by anyone or by itself), plus the slowest
 * fault's recovery. Undefined when none started; runs to now while any still hurts.
 */
export function customerImpactWindow(f: Facts): { from: number; to: number } | undefined {
  const s = f.scenario;
  const started = impactFaults(s).filter((id) => f.faultStarts[id] !== undefined);
  if (started.length === 0) return undefined;
  const from = Math.min(...started.map((id) => f.faultStarts[id]!));
  let to = from;
  for (const id of started) {
    const low = f.faultChanges.find((c) => c.fault === id && c.level <= 0);
    const recovery = s.faults.find((x) => x.id === id)?.recovery ?? 0;
    to = Math.max(to, low ? Math.min(f.now, low.t + recovery) : f.now);
  }
  return { from, to };
}
