/**
 * Logs are never stored: line k of template j sits at a seeded time inside its k-th interval
 * and has seeded field values, so any window of the past can be regenerated exactly from the
 * seed and the faults' strength history. Fault lines appear with a probability equal to the
 * fault's strength, so a mitigated fault still whispers.
 */
import type { LogTemplate, Scenario } from '../scenario/schema.js';
import { dependentsByHop, strengthAt, type FaultRuntime } from './faults.js';
import { keyed } from './rng.js';
import { shapeStrength } from './shapes.js';
import type { LogLevel, LogLine } from '../../contract/logs.js';


export interface LogFilter {
  readonly services?: readonly string[];
  readonly levels?: readonly LogLevel[];
  /** case-insensitive substring */
  readonly text?: string;
  readonly limit?: number;
}

interface Source {
  readonly key: string;
  readonly service: string;
  readonly tpl: Omit<LogTemplate, 'service'>;
  /** fault gating: strength at t, and the earliest time it can emit */
  readonly gate?: { fault: string; from: number };
  readonly vars?: Readonly<Record<string, string>>;
  /** healthy lines go quiet while these faults are loud */
  readonly mutedBy?: readonly string[];
}

function fill(tpl: Omit<LogTemplate, 'service'>, rnd: () => number, vars: Readonly<Record<string, string>>): string {
  return tpl.template.replace(/\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g, (whole, name: string) => {
    if (vars[name] !== undefined) return vars[name]!;
    const f = tpl.fields[name];
    if (!f) return whole;
    if ('choice' in f) return f.choice[Math.floor(rnd() * f.choice.length)]!;
    if ('int' in f) return String(Math.floor(f.int[0] + rnd() * (f.int[1] - f.int[0] + 1)));
    if ('float' in f) return (f.float[0] + rnd() * (f.float[1] - f.float[0])).toFixed(f.decimals);
    return Array.from({ length: f.hex }, () => Math.floor(rnd() * 16).toString(16)).join('');
  });
}

function sources(s: Scenario, faults: Readonly<Record<string, FaultRuntime>>): Source[] {
  const out: Source[] = s.logs.map((l, j) => ({ key: `bg/${j}`, service: l.service, tpl: l, mutedBy: l.muted_by }));
  for (const f of s.faults) {
    const rt = faults[f.id];
    if (rt?.startedAt === undefined) continue;
    f.logs.forEach((l, j) => out.push({ key: `fault/${f.id}/${j}`, service: l.service ?? f.service, tpl: l, gate: { fault: f.id, from: rt.startedAt! } }));
    if (f.cascade) {
      dependentsByHop(s, f.service, f.cascade.depth).forEach((svcs, hop) => svcs.forEach((svc) =>
        f.cascade!.logs.forEach((l, j) => out.push({
          key: `cascade/${f.id}/${svc}/${j}`, service: svc, tpl: l,
          gate: { fault: f.id, from: rt.startedAt! + f.cascade!.delay * (hop + 1) }, vars: { upstream: f.service },
        }))));
    }
  }
  return out;
}

/**
 * How loud a fault is at time t: its strength times the strongest of its own effect shapes,
 * so a spike's log lines stop when the spike does even though the fault is still "active".
 */
export function faultIntensity(s: Scenario, id: string, rt: FaultRuntime, t: number): number {
  const f = s.faults.find((x) => x.id === id)!;
  const strength = strengthAt(rt, t);
  if (f.effects.length === 0 || strength === 0) return strength;
  const since = t - rt.startedAt!;
  return strength * Math.max(...f.effects.map((e) => shapeStrength(e.shape, since - e.delay, e.over)));
}

/** How much the loudest of these faults silences a healthy line at time t (0..1). */
function muting(s: Scenario, faults: Readonly<Record<string, FaultRuntime>>, ids: readonly string[], t: number): number {
  let m = 0;
  for (const id of ids) {
    const rt = faults[id];
    if (rt?.startedAt === undefined || t < rt.startedAt) continue;
    m = Math.max(m, Math.min(1, faultIntensity(s, id, rt, t)));
  }
  return m;
}

/**
 * Log lines with from < t <= to, oldest first (newest last), filtered; with `limit`, the
 * newest `limit` lines. Never looks past `to`, so trainees cannot read the future.
 */
export function logsBetween(s: Scenario, seed: string, faults: Readonly<Record<string, FaultRuntime>>, from: number, to: number, filter: LogFilter = {}): LogLine[] {
  const out: LogLine[] = [];
  const needle = filter.text?.toLowerCase();
  for (const src of sources(s, faults)) {
    if (filter.services && !filter.services.includes(src.service)) continue;
    if (filter.levels && !filter.levels.includes(src.tpl.level)) continue;
    const every = src.tpl.every;
    const lo = Math.max(from, src.gate?.from ?? -Infinity);
    if (lo >= to) continue;
    for (let k = Math.max(0, Math.floor(lo / every)); k * every <= to; k++) {
      const rnd = keyed(seed, `${src.key}/${k}`);
      const t = Math.round((k + rnd()) * every * 1000) / 1000;
      if (t <= lo || t > to) continue;
      if (src.gate && rnd() >= Math.min(1, faultIntensity(s, src.gate.fault, faults[src.gate.fault]!, t - (src.gate.from - faults[src.gate.fault]!.startedAt!)))) continue;
      if (src.mutedBy?.length && rnd() < muting(s, faults, src.mutedBy, t)) continue;
      const text = fill(src.tpl, rnd, src.vars ?? {});
      if (needle && !text.toLowerCase().includes(needle) && !src.service.toLowerCase().includes(needle)) continue;
      out.push({ t, service: src.service, level: src.tpl.level, text });
    }
  }
  out.sort((a, b) => a.t - b.t || cmp(a.service, b.service) || cmp(a.text, b.text));
  return filter.limit !== undefined && out.length > filter.limit ? out.slice(out.length - filter.limit) : out;
}

/** Locale-independent order, so the same drill sorts the same everywhere. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
