/**
 * The series a scenario generates, as Prometheus would expose them: a histogram named
 * `http_request_duration_seconds` becomes `_bucket{le=...}`, `_sum` and `_count` series.
 * Both the loader (does an alert's selector match anything?) and the engine use this list.
 */
import type { Metric, Scenario } from './schema.js';

export type LabelSet = Readonly<Record<string, string>>;

/** One generator: a declared series with its healthy behaviour. */
export interface SourceSeries {
  /** index into the flat list, stable for a scenario */
  readonly index: number;
  readonly metric: Metric;
  readonly seriesIndex: number;
  /** declared labels plus __name__ = metric name (the base name for histograms) */
  readonly labels: LabelSet;
}

/** One exposed series, what PromQL sees. */
export interface ExposedSeries {
  readonly source: number;
  readonly labels: LabelSet;
  readonly part: 'value' | 'bucket' | 'sum' | 'count';
  readonly le?: number;
}

export function sourceSeries(s: Pick<Scenario, 'metrics'>): SourceSeries[] {
  const out: SourceSeries[] = [];
  s.metrics.forEach((metric) => {
    metric.series.forEach((def, seriesIndex) => {
      out.push({ index: out.length, metric, seriesIndex, labels: { __name__: metric.name, ...def.labels } });
    });
  });
  return out;
}

/** Prometheus formats `le` like Go's strconv with -1 precision: 0.5, 1, 2.5, +Inf. */
export function formatLe(le: number): string {
  return le === Infinity ? '+Inf' : String(le);
}

export function exposedSeries(sources: readonly SourceSeries[]): ExposedSeries[] {
  const out: ExposedSeries[] = [];
  for (const src of sources) {
    const { metric } = src;
    if (metric.type !== 'histogram') {
      out.push({ source: src.index, labels: src.labels, part: 'value' });
      continue;
    }
    const base = { ...src.labels };
    delete (base as Record<string, string>).__name__;
    for (const le of [...(metric.buckets ?? []), Infinity]) {
      out.push({ source: src.index, part: 'bucket', le, labels: { __name__: `${metric.name}_bucket`, ...base, le: formatLe(le) } });
    }
    out.push({ source: src.index, part: 'sum', labels: { __name__: `${metric.name}_sum`, ...base } });
    out.push({ source: src.index, part: 'count', labels: { __name__: `${metric.name}_count`, ...base } });
  }
  return out;
}

/** Stable identity of a label set, used to detect duplicate series. */
export function labelKey(labels: LabelSet): string {
  return Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',');
}
