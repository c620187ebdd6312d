/**
 * OpenMetrics text of every simulated series, for loading a drill into a real Prometheus
 * (`promtool tsdb create-blocks-from openmetrics FILE DIR`) and Grafana.
 *
 * Timestamps: sim time 0 is SIM_EPOCH_SECONDS (Monday 2026-01-05 00:00:00 UTC) plus the
 * scenario's `settings.start_hour`, so a drill that starts at 14:00 shows 14:00 in Grafana.
 */
import { formatSampleValue } from '../promql/format.js';
import type { MemoryStore, StoredSeries } from '../promql/index.js';
import type { Metric, Scenario } from '../scenario/schema.js';

export const SIM_EPOCH_SECONDS = 1767571200;

/** Wall-clock seconds for a sim time, for exports. */
export function exportTime(s: Pick<Scenario, 'settings'>, simSeconds: number): number {
  return SIM_EPOCH_SECONDS + s.settings.start_hour * 3600 + simSeconds;
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** OpenMetrics names a counter family without its `_total` suffix. */
function familyName(m: Metric): string {
  return m.type === 'counter' ? m.name.replace(/_total$/, '') : m.name;
}

/** Lines of the export, lazily, ending with `# EOF`; series grouped by family, samples in time order. */
export function* openMetricsLines(s: Pick<Scenario, 'metrics' | 'settings'>, store: MemoryStore): Generator<string> {
  const offset = exportTime(s, 0) * 1000;
  for (const m of s.metrics) {
    const family = familyName(m);
    yield `# TYPE ${family} ${m.type}`;
    if (m.help) yield `# HELP ${family} ${escapeHelp(m.help)}`;
    // One label set at a time: a histogram's buckets, count and sum stay together, as
    // OpenMetrics asks of a metric point.
    for (const def of m.series) {
      const names = m.type === 'histogram' ? [`${m.name}_bucket`, `${m.name}_count`, `${m.name}_sum`] : [m.name];
      for (const name of names) {
        const matchers = [{ type: '=' as const, name: '__name__', value: name }, ...Object.entries(def.labels).map(([k, v]) => ({ type: '=' as const, name: k, value: v }))];
        // exactly this label set (plus `le` for buckets), not a superset of it
        const size = Object.keys(def.labels).length + 1 + (name.endsWith('_bucket') ? 1 : 0);
        for (const series of store.select(matchers)) if (Object.keys(series.labels).length === size) yield* seriesLines(name, series, offset);
      }
    }
  }
  yield '# EOF';
}

function* seriesLines(name: string, series: StoredSeries, offsetMs: number): Generator<string> {
  const labels = Object.keys(series.labels).filter((k) => k !== '__name__').sort()
    .map((k) => `${k}="${escapeLabel(series.labels[k]!)}"`).join(',');
  const head = labels ? `${name}{${labels}}` : name;
  for (let i = 0; i < series.length; i++) {
    const v = series.valueAt(i);
    if (Number.isNaN(v)) continue;
    yield `${head} ${formatSampleValue(v)} ${((series.timeAt(i) + offsetMs) / 1000).toFixed(3)}`;
  }
}
