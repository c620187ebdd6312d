// Conversion of query results to the `data` object of Prometheus's HTTP API
// (/api/v1/query and /api/v1/query_range), so UI code written against
// Prometheus works unchanged.
import { formatSampleValue } from './format.js';
import { type Labels, sortedNames } from './labels.js';
import type { Value } from './values.js';

export type ApiSamplePair = [number, string];
export type ApiMetric = Record<string, string>;

export type ApiData =
  | { resultType: 'vector'; result: { metric: ApiMetric; value: ApiSamplePair }[] }
  | { resultType: 'matrix'; result: { metric: ApiMetric; values: ApiSamplePair[] }[] }
  | { resultType: 'scalar'; result: ApiSamplePair }
  | { resultType: 'string'; result: [number, string] };

/** Labels as a JSON object with keys in sorted order (Prometheus's order). */
function metric(l: Labels): ApiMetric {
  const out: ApiMetric = {};
  for (const n of sortedNames(l)) out[n] = l[n] as string;
  return out;
}

function pair(tMs: number, v: number): ApiSamplePair {
  return [tMs / 1000, formatSampleValue(v)];
}

/**
 * The `data` field of a Prometheus API response: float-second timestamps,
 * values as strings formatted like Go ("NaN", "+Inf", "-Inf", no exponent).
 */
export function toApiData(v: Value): ApiData {
  switch (v.type) {
    case 'vector':
      return { resultType: 'vector', result: v.samples.map((s) => ({ metric: metric(s.labels), value: pair(v.t, s.value) })) };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: v.series.map((s) => ({ metric: metric(s.labels), values: s.points.map((p) => pair(p.t, p.v)) })),
      };
    case 'scalar':
      return { resultType: 'scalar', result: pair(v.t, v.value) };
    case 'string':
      return { resultType: 'string', result: [v.t / 1000, v.value] };
  }
}
