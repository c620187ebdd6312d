/**
 * The room's read-only HTTP calls: PromQL over the drill's metrics and the log search. Both
 * are limited by the server to the drill's past; errors arrive as ApiError with the server's
 * words (a PromQL error names the problem and where it is).
 */
import type { QueryResult } from '../../../server/drills/investigate.js';
import type { ApiData } from '../../../server/promql/api.js';
import type { LogLevel, LogLine } from '../../../server/sim/logs.js';
import { api } from '../../lib/api.js';
import type { SeriesData } from '../../lib/chart-controller.js';
import { legendFor, resultVarying } from './signals.js';

export interface RoomAccess { readonly drillId: string; readonly token: string }

const base = (a: RoomAccess) => `/api/drills/${encodeURIComponent(a.drillId)}`;

export function queryRange(a: RoomAccess, expr: string, r: { start: number; end: number; step: number }): Promise<QueryResult> {
  const q = new URLSearchParams({ expr, start: String(r.start), end: String(r.end), step: String(r.step) });
  return get<QueryResult>(`${base(a)}/query?${q}`, a.token);
}

export function queryInstant(a: RoomAccess, expr: string, time?: number): Promise<QueryResult> {
  const q = new URLSearchParams({ expr, ...(time !== undefined ? { time: String(time) } : {}) });
  return get<QueryResult>(`${base(a)}/query?${q}`, a.token);
}

export interface LogQuery {
  readonly services?: readonly string[];
  readonly levels?: readonly LogLevel[];
  readonly text?: string;
  readonly from?: number;
  readonly limit?: number;
}

export interface LogReply { readonly lines: LogLine[]; readonly from: number; readonly to: number; readonly now: number }

export function fetchLogs(a: RoomAccess, q: LogQuery): Promise<LogReply> {
  const p = new URLSearchParams();
  if (q.services?.length) p.set('service', q.services.join(','));
  if (q.levels?.length) p.set('level', q.levels.join(','));
  if (q.text) p.set('text', q.text);
  if (q.from !== undefined) p.set('from', String(q.from));
  if (q.limit !== undefined) p.set('limit', String(q.limit));
  return get<LogReply>(`${base(a)}/logs?${p}`, a.token);
}

function get<T>(path: string, token: string): Promise<T> {
  return api<T>(path, { token });
}

/** A matrix result as chart series, named by the labels that tell them apart. */
export function matrixSeries(data: ApiData, fallback: string): SeriesData[] {
  if (data.resultType !== 'matrix') return [];
  const vary = resultVarying(data.result);
  return data.result.map((r) => ({
    label: legendFor(r.metric, vary, r.metric.__name__ ?? fallback),
    points: r.values.map(([t, v]) => [t, Number(v)] as const).filter(([, v]) => Number.isFinite(v)),
  }));
}

/**
 * A usage-and-capacity chart's matrix as series: the usage's series named by what tells them
 * apart (or by its short name), the capacity by its short name, one line when every series of
 * it is the same (three pods with one memory limit draw one limit line, not three).
 * @example pairedSeries(data, { db_pool_connections_in_use: 'in use', db_pool_connections_max: 'max' }) // [{ label: 'in use' }, { label: 'max' }]
 */
export function pairedSeries(data: ApiData, names: Readonly<Record<string, string>>): SeriesData[] {
  if (data.resultType !== 'matrix') return [];
  return Object.entries(names).flatMap(([name, short], i) => {
    const result = data.result.filter((r) => r.metric.__name__ === name).map(({ metric: { __name__: _, ...metric }, values }) => ({ metric, values }));
    const s = matrixSeries({ resultType: 'matrix', result }, short);
    if (!i) return s;
    const one = s.every((x) => x.points.length === s[0]!.points.length && x.points.every((p, j) => p[1] === s[0]!.points[j]![1]));
    return one && s.length > 1 ? [{ label: short, points: s[0]!.points }] : s.map((x) => (x.label !== short ? { ...x, label: `${short} ${x.label}` } : x));
  });
}
