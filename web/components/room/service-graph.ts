/**
 * The service map's layout: callers above the services they depend on, one row per depth
 * (the longest chain of callers above a service), nodes spread evenly in each row and ordered
 * to keep edges short. Pure, so it is tested without a browser.
 */
export interface ServiceNode { readonly id: string; readonly depth: number; readonly x: number; readonly y: number }
export interface ServiceEdge { readonly from: string; readonly to: string }
export interface ServiceLayout { readonly nodes: readonly ServiceNode[]; readonly edges: readonly ServiceEdge[]; readonly width: number; readonly height: number }

export interface LayoutOptions { readonly width: number; readonly rowHeight: number; readonly nodeWidth: number; readonly padding: number }
const DEFAULTS: LayoutOptions = { width: 800, rowHeight: 110, nodeWidth: 170, padding: 20 };

/**
 * @example layoutServices({ web: { depends_on: ['db'] }, db: { depends_on: [] } }).nodes // web at depth 0, db at depth 1
 */
export function layoutServices(services: Readonly<Record<string, { readonly depends_on: readonly string[] }>>, opts: Partial<LayoutOptions> = {}): ServiceLayout {
  const o = { ...DEFAULTS, ...opts };
  const ids = Object.keys(services);
  const edges: ServiceEdge[] = ids.flatMap((id) => services[id]!.depends_on.filter((d) => d in services).map((to) => ({ from: id, to })));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0; // a cycle (the loader refuses them): break it
    visiting.add(id);
    const callers = edges.filter((e) => e.to === id).map((e) => e.from);
    const d = callers.length ? Math.max(...callers.map((c) => depthOf(c) + 1)) : 0;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  ids.forEach(depthOf);
  const rows: string[][] = [];
  for (const id of ids) (rows[depth.get(id)!] ??= []).push(id);
  // Order each row by the mean position of its callers, so edges cross less.
  const pos = new Map<string, number>();
  rows.forEach((row, r) => {
    if (r > 0) {
      const key = (id: string) => {
        const ps = edges.filter((e) => e.to === id).map((e) => pos.get(e.from) ?? 0);
        return ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : 0;
      };
      row.sort((a, b) => key(a) - key(b));
    }
    row.forEach((id, i) => pos.set(id, (i + 1) / (row.length + 1)));
  });
  const widest = Math.max(1, ...rows.map((r) => r?.length ?? 0));
  const width = Math.max(o.width, widest * (o.nodeWidth + o.padding) + o.padding);
  const nodes: ServiceNode[] = ids.map((id) => {
    const d = depth.get(id)!;
    return { id, depth: d, x: Math.round(pos.get(id)! * width), y: Math.round(o.padding + o.rowHeight / 2 + d * o.rowHeight) };
  });
  return { nodes, edges, width, height: rows.length * o.rowHeight + 2 * o.padding };
}

export type HealthLevel = 'ok' | 'warn' | 'bad' | 'unknown';

export interface HealthSignals {
  readonly firing: readonly string[];
  readonly pending: readonly string[];
  /** percent of requests failing, when the service has a request counter with a status label */
  readonly errorPct?: number;
  readonly p99?: number;
  /** p99 early in the drill, the healthy reference */
  readonly p99Base?: number;
  /** the service's `up` series that are 0 */
  readonly down?: number;
}

export const ERROR_PCT = { warn: 1, bad: 5 } as const;
export const P99_FACTOR = { warn: 1.5, bad: 3 } as const;

/**
 * A service's health from live signals, with the reasons in words.
 * @example serviceHealth({ firing: [], pending: [], errorPct: 12 }) // { level: 'bad', reasons: ['12% errors'] }
 */
export function serviceHealth(s: HealthSignals): { level: HealthLevel; reasons: string[] } {
  const reasons: string[] = [];
  let level: HealthLevel = 'unknown';
  const raise = (l: HealthLevel) => { if (rank(l) > rank(level)) level = l; };
  if (s.firing.length) { raise('bad'); reasons.push(`firing: ${s.firing.join(', ')}`); }
  if (s.pending.length) { raise('warn'); reasons.push(`pending: ${s.pending.join(', ')}`); }
  if (s.down) { raise('bad'); reasons.push(`${s.down} target${s.down === 1 ? '' : 's'} down`); }
  if (s.errorPct !== undefined && Number.isFinite(s.errorPct)) {
    const l = s.errorPct >= ERROR_PCT.bad ? 'bad' : s.errorPct >= ERROR_PCT.warn ? 'warn' : 'ok';
    raise(l);
    if (l !== 'ok') reasons.push(`${s.errorPct < 10 ? s.errorPct.toFixed(1) : s.errorPct.toFixed(0)}% errors`);
  }
  if (s.p99 !== undefined && Number.isFinite(s.p99)) {
    const ratio = s.p99Base && s.p99Base > 0 ? s.p99 / s.p99Base : 1;
    const l = ratio >= P99_FACTOR.bad ? 'bad' : ratio >= P99_FACTOR.warn ? 'warn' : 'ok';
    raise(l);
    if (l !== 'ok') reasons.push(`p99 ${formatSeconds(s.p99)} (${ratio.toFixed(1)}× normal)`);
  }
  if (level === 'unknown' && (s.errorPct !== undefined || s.p99 !== undefined || s.down !== undefined)) level = 'ok';
  return { level, reasons };
}

function rank(l: HealthLevel): number { return { unknown: 0, ok: 1, warn: 2, bad: 3 }[l]; }

function formatSeconds(s: number): string {
  return s >= 1 ? `${s.toFixed(s >= 10 ? 0 : 1)}s` : `${Math.round(s * 1000)}ms`;
}
