/**
 * The room's read-only HTTP calls: PromQL over the drill's metrics and the log search. Both
 * are limited by the server to the drill's past; errors arrive as ApiError with the server's
 * words (a PromQL error names the problem and where it is).
 */
import type { LogQuery } from '../../../contract/logs.js';
import { bearer, call, client, enc } from '../../lib/api.js';
import type { ApiData, LogReply, QueryResult } from '../../lib/api-types.js';
import type { SeriesData } from '../../lib/chart-controller.js';
import { legendFor, resultVarying } from './signals.js';
import type { DrillAccess } from '../../lib/api.js';

export type { DrillAccess };

export type { LogReply, QueryResult };

const drill = client.api.drills[':id'];

export function queryRange(a: DrillAccess, expr: string, r: { start: number; end: number; step: number }): Promise<QueryResult> {
  const query = { expr, start: String(r.start), end: String(r.end), step: String(r.step) };
  return call(drill.query.$get({ param: { id: enc(a.drillId) }, query }, bearer(a.token)));
}

export function queryInstant(a: DrillAccess, expr: string, time?: number): Promise<QueryResult> {
  const query = { expr, ...(time !== undefined ? { time: String(time) } : {}) };
  return call(drill.query.$get({ param: { id: enc(a.drillId) }, query }, bearer(a.token)));
}

/** The newest `limit` lines with from < t <= to under the filters (from and to default on the server). */
export function fetchLogs(a: DrillAccess, q: LogQuery): Promise<LogReply> {
  const query = {
    ...(q.limit !== undefined ? { limit: String(q.limit) } : {}),
    ...(q.from !== undefined ? { from: String(q.from) } : {}),
    ...(q.to !== undefined ? { to: String(q.to) } : {}),
    ...(q.services?.length ? { service: q.services.join(',') } : {}),
    ...(q.levels?.length ? { level: q.levels.join(',') } : {}),
    ...(q.text ? { text: q.text } : {}),
  };
  return call(drill.logs.$get({ param: { id: enc(a.drillId) }, query }, bearer(a.token)));
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
