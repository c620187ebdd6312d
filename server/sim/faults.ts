/**
 * Faults: their strength over time (active, mitigated, worsened, resolved) and the effects
 * they have on series, including the cascade to dependent services. The strength history is
 * kept as segments, so logs and charts of any past moment can be regenerated exactly.
 */
import { matchLabels, parseSelector } from '../promql/index.js';
import type { SourceSeries } from '../scenario/catalog.js';
import type { Effect, Fault, Scenario } from '../scenario/schema.js';
import type { FaultStatus } from '../../contract/events.js';
import { scaleMultiplier } from './shapes.js';

/** A strength change: from `start` at time `from` towards `target`, linearly over `over` seconds. */
export interface Segment { readonly from: number; readonly start: number; readonly target: number; readonly over: number }

export interface FaultRuntime {
  status: 'pending' | FaultStatus;
  startedAt?: number;
  /** strength multiplier from "worsen" actions */
  worsen: number;
  segments: Segment[];
  /** reliefs in force; the strongest wins, temporary ones lapse at `until` */
  mitigations: Mitigation[];
}

/** One mitigation's relief: the strength it leaves (before worsening), and when it wears off. */
export interface Mitigation { readonly level: number; readonly until?: number }

/**
 * The strength a fault settles at, at time t: full (times any worsening) with no relief in
 * force, else the strongest relief's level times the worsening.
 */
export function settledLevel(rt: FaultRuntime, t: number): number {
  const live = rt.mitigations.filter((m) => m.until === undefined || m.until > t);
  return live.length === 0 ? rt.worsen : Math.min(...live.map((m) => m.level)) * rt.worsen;
}

export function newFaultRuntime(): FaultRuntime {
  return { status: 'pending', worsen: 1, segments: [], mitigations: [] };
}

/** Strength (0 when healthy, 1 at full, more when worsened) of a fault at time t. */
export function strengthAt(rt: FaultRuntime, t: number): number {
  let seg: Segment | undefined;
  for (let i = rt.segments.length - 1; i >= 0; i--) {
    if (rt.segments[i]!.from <= t) { seg = rt.segments[i]; break; }
  }
  if (!seg) return 0;
  if (seg.over <= 0) return seg.target;
  const f = Math.min(1, (t - seg.from) / seg.over);
  return seg.start + (seg.target - seg.start) * f;
}

export function setStrength(rt: FaultRuntime, t: number, target: number, over: number): void {
  rt.segments.push({ from: t, start: strengthAt(rt, t), target, over });
}

/** An effect bound to concrete series: a fault's own, one cascaded to a dependent, or an action's. */
export interface BoundEffect {
  readonly fault?: string;
  readonly sources: readonly number[];
  readonly shape: Effect['shape'];
  readonly multiply?: number;
  readonly add?: number;
  readonly over?: number;
  /** seconds after the fault (or action) started */
  readonly delay: number;
  readonly target: 'rate' | 'value' | 'latency';
  /** the service whose series are touched (cascade hops differ from the fault's service) */
  readonly service?: string;
  readonly hop: number;
}

function defaultTarget(src: SourceSeries): 'rate' | 'value' | 'latency' {
  return src.metric.type === 'gauge' ? 'value' : src.metric.type === 'histogram' ? 'latency' : 'rate';
}

/** Bind one effect to the series it matches; effects with different targets split by series. */
export function bindEffect(e: Effect, sources: readonly SourceSeries[], extra: { fault?: string; hop: number; service?: string; scale: number; delay: number; replaceService?: string }): BoundEffect[] {
  const sel = parseSelector(e.series);
  const matchers = extra.replaceService === undefined ? sel.matchers
    : sel.matchers.map((m) => (m.name === 'service' && m.type === '=' ? { ...m, value: extra.replaceService! } : m));
  const hits = sources.filter((s) => matchLabels(matchers, s.labels));
  const byTarget = new Map<'rate' | 'value' | 'latency', number[]>();
  for (const h of hits) {
    const tg = e.target ?? defaultTarget(h);
    byTarget.set(tg, [...(byTarget.get(tg) ?? []), h.index]);
  }
  return [...byTarget].map(([target, idx]) => ({
    ...(extra.fault !== undefined ? { fault: extra.fault } : {}),
    sources: idx,
    shape: e.shape,
    ...(e.multiply !== undefined ? { multiply: scaleMultiplier(e.multiply, extra.scale) } : {}),
    ...(e.add !== undefined ? { add: e.add * extra.scale } : {}),
    ...(e.over !== undefined ? { over: e.over } : {}),
    delay: e.delay + extra.delay,
    target,
    ...(extra.service !== undefined ? { service: extra.service } : {}),
    hop: extra.hop,
  }));
}

/** Services that depend on `service`, hop by hop: [[direct dependents], [their dependents], ...]. */
export function dependentsByHop(s: Scenario, service: string, depth: number): string[][] {
  const hops: string[][] = [];
  const seen = new Set([service]);
  let frontier = [service];
  for (let h = 0; h < depth; h++) {
    const next = Object.entries(s.services)
      .filter(([name, svc]) => !seen.has(name) && svc.depends_on.some((d) => frontier.includes(d)))
      .map(([name]) => name);
    if (next.length === 0) break;
    next.forEach((n) => seen.add(n));
    hops.push(next);
    frontier = next;
  }
  return hops;
}

/**
 * Every series effect of a fault: its own effects, plus for each cascade hop the same effects
 * moved to the dependent service (its `service="..."` matcher replaced), weaker by `factor`
 * per hop and later by `delay` per hop.
 */
export function faultEffects(s: Scenario, f: Fault, sources: readonly SourceSeries[]): BoundEffect[] {
  const own = f.effects.flatMap((e) => bindEffect(e, sources, { fault: f.id, hop: 0, service: f.service, scale: 1, delay: 0 }));
  if (!f.cascade) return own;
  const c = f.cascade;
  const cascaded = dependentsByHop(s, f.service, c.depth).flatMap((services, i) =>
    services.flatMap((svc) => f.effects
      .filter((e) => parseSelector(e.series).matchers.some((m) => m.name === 'service' && m.type === '=' && m.value === f.service))
      .flatMap((e) => bindEffect(e, sources, {
        fault: f.id, hop: i + 1, service: svc, scale: Math.pow(c.factor, i + 1), delay: c.delay * (i + 1), replaceService: svc,
      }))));
  return [...own, ...cascaded];
}
