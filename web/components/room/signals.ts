/**
 * What to chart for a service, worked out from the public scenario alone: the golden signals
 * (request rate by status code, error ratio, p99 latency) when the scenario has metrics that
 * look like them, and every other metric of the service as it is. Scenarios name their metrics
 * freely, so nothing here assumes more than Prometheus conventions (`_total` counters, a status
 * label, `_bucket` histograms, a `service` label); a metric that fits no golden signal is still
 * plotted.
 */
import type { PublicScenario } from '../../lib/api-types.js';
import type { Threshold } from '../../lib/chart-controller.js';
import { formatDuration } from './format.js';

export type ScenarioMetric = PublicScenario['metrics'][number];

export interface ChartSpec {
  /** stable key for the chart */
  readonly id: string;
  readonly title: string;
  /** the service the chart is about; undefined for metrics without a service label */
  readonly service?: string;
  readonly query: string;
  /** the declared metric it is drawn from (what a pin is about) */
  readonly metric: string;
  readonly unit: '' | 's' | '%' | '/s';
  readonly signal: 'traffic' | 'errors' | 'latency' | 'metric' | 'alert';
  readonly help?: string;
  /** the first sim time worth plotting: a rate over a window is only whole once the window is */
  readonly from: number;
  /** legend names for the metrics of a chart that plots two (`in use`, `max`) */
  readonly names?: Readonly<Record<string, string>>;
  /** the alert rules' thresholds on what the chart plots */
  readonly thresholds?: readonly Threshold[];
}

const STATUS_LABELS = ['code', 'status_code', 'status', 'response_code'] as const;
const SERVICE = 'service';

/** PromQL string literal: quotes and backslashes escaped. */
export function promString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** `{service="checkout"}` or `` when there is no service to select. */
function selector(service: string | undefined, extra = ''): string {
  const parts = [service !== undefined ? `${SERVICE}=${promString(service)}` : '', extra].filter(Boolean);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** The rate window in seconds: at least four scrapes, and never under a minute, as dashboards usually do. */
export function rateSeconds(scrapeInterval: number): number {
  return Math.max(60, 4 * scrapeInterval);
}

/** The rate window as PromQL writes it: `1m`, `2m`. */
export function rateWindow(scrapeInterval: number): string {
  return formatDuration(rateSeconds(scrapeInterval));
}

/** The metric's series of one service (or those with no service label). */
export function seriesOf(m: ScenarioMetric, service: string | undefined) {
  return m.series.filter((s) => (service === undefined ? s.labels[SERVICE] === undefined : s.labels[SERVICE] === service));
}

/** Labels whose values differ between the series (what a legend must show), service excluded. */
export function varyingLabels(series: readonly { labels: Readonly<Record<string, string>> }[]): string[] {
  const keys = new Set(series.flatMap((s) => Object.keys(s.labels)));
  keys.delete(SERVICE);
  return [...keys].filter((k) => new Set(series.map((s) => s.labels[k] ?? '')).size > 1).sort();
}

const by = (labels: readonly string[]) => (labels.length ? ` by (${labels.join(', ')})` : '');

/** The services the scenario's metrics are labelled with, in the scenario's service order. */
export function servicesWithMetrics(scenario: Pick<PublicScenario, 'services' | 'metrics'>): string[] {
  const labelled = new Set(scenario.metrics.flatMap((m) => m.series.map((s) => s.labels[SERVICE]).filter((v): v is string => v !== undefined)));
  return [...Object.keys(scenario.services).filter((s) => labelled.has(s)), ...[...labelled].filter((s) => !(s in scenario.services))];
}

/**
 * The charts for one service, golden signals first.
 * @example chartsFor(scenario, 'checkout', 15)[0].query // 'sum by (code) (rate(http_requests_total{service="checkout"}[1m]))'
 */
export function chartsFor(scenario: Pick<PublicScenario, 'metrics'>, service: string, scrapeInterval: number): ChartSpec[] {
  const w = rateWindow(scrapeInterval);
  const from = rateSeconds(scrapeInterval);
  const mine = scenario.metrics.filter((m) => seriesOf(m, service).length > 0);
  const charts: ChartSpec[] = [];
  const used = new Set<string>();
  const sel = selector(service);

  const requests = pickRequests(mine, service);
  if (requests) {
    const { metric: m, status } = requests;
    used.add(m.name);
    charts.push({
      id: `${service}:traffic`, title: 'Request rate', service, metric: m.name, unit: '/s', signal: 'traffic', help: m.help, from,
      query: `sum${by(status ? [status] : [])} (rate(${m.name}${sel}[${w}]))`,
    });
    const errorSeries = status ? seriesOf(m, service).filter((s) => /^5/.test(s.labels[status] ?? '')) : [];
    if (status && errorSeries.length) {
      charts.push({
        id: `${service}:errors`, title: 'Error ratio (5xx)', service, metric: m.name, unit: '%', signal: 'errors', help: `Share of ${m.name} with a 5xx ${status}.`, from,
        query: `100 * sum(rate(${m.name}${selector(service, `${status}=~"5.."`)}[${w}])) / sum(rate(${m.name}${sel}[${w}]))`,
      });
    }
  }
  const latency = mine.find((m) => m.type === 'histogram' && /duration|latency/.test(m.name)) ?? mine.find((m) => m.type === 'histogram');
  if (latency) {
    used.add(latency.name);
    charts.push({
      id: `${service}:latency`, title: 'p99 latency', service, metric: latency.name, unit: 's', signal: 'latency', help: latency.help, from,
      query: `histogram_quantile(0.99, sum by (le) (rate(${latency.name}_bucket${sel}[${w}])))`,
    });
  }
  const partners = limitPartners(mine, service);
  const limits = new Set([...partners.values()].map((m) => m.name));
  for (const m of mine) {
    if (used.has(m.name) || limits.has(m.name)) continue;
    const limit = partners.get(m.name);
    charts.push(limit ? pairChart(m, limit, service) : metricChart(m, service, w, from));
  }
  return charts;
}

const LIMIT = /(^|_)(max|limit|capacity|size)(_|$)/;
const tokens = (name: string) => name.split(/[_:]/);

/**
 * Gauges that belong on one panel: a capacity (a name with `max`, `limit`, `capacity` or
 * `size` in it) and the one usage gauge of the service with the same first word, the same
 * labels and the most words in common, e.g. `db_pool_connections_in_use` with
 * `db_pool_connections_max`, `container_memory_working_set_bytes` with
 * `container_spec_memory_limit_bytes`. Usage name -> capacity metric; a tie pairs nothing.
 */
export function limitPartners(metrics: readonly ScenarioMetric[], service: string): Map<string, ScenarioMetric> {
  const gauges = metrics.filter((m) => m.type === 'gauge' && seriesOf(m, service).length > 0);
  const keys = (m: ScenarioMetric) => seriesOf(m, service).map((s) => Object.keys(s.labels).sort().join()).sort().join('|');
  const out = new Map<string, ScenarioMetric>();
  for (const limit of gauges.filter((m) => LIMIT.test(m.name))) {
    const words = tokens(limit.name);
    const ranked = gauges
      .filter((u) => !LIMIT.test(u.name) && !out.has(u.name) && tokens(u.name)[0] === words[0] && keys(u) === keys(limit))
      .map((u) => ({ u, shared: tokens(u.name).filter((t) => words.includes(t)).length }))
      .sort((a, b) => b.shared - a.shared);
    if (ranked[0] && ranked[0].shared !== ranked[1]?.shared) out.set(ranked[0].u.name, limit);
  }
  return out;
}

/** A usage gauge and its capacity on one panel, each named in the legend by the words that tell them apart. */
function pairChart(m: ScenarioMetric, limit: ScenarioMetric, service: string): ChartSpec {
  const sel = selector(service);
  const a = tokens(m.name);
  const b = tokens(limit.name);
  let common = 0;
  while (a[common] === b[common]) common++;
  const short = (t: string[]) => t.slice(common).join(' ') || t.join('_');
  return {
    id: `${service}:${m.name}`, title: `${m.name} vs ${short(b)}`, service, metric: m.name, unit: '', signal: 'metric', from: 0,
    help: [m.help, limit.help].filter(Boolean).join(' '),
    // One selector for both (`a or b` would drop b: set operators match series ignoring their names).
    query: `{${[`__name__=~"${m.name}|${limit.name}"`, sel.slice(1, -1)].filter(Boolean).join(',')}}`, names: { [m.name]: short(a), [limit.name]: short(b) },
  };
}

/** Metrics with series that carry no service label, each plotted as it is. */
export function unlabelledCharts(scenario: Pick<PublicScenario, 'metrics'>, scrapeInterval: number): ChartSpec[] {
  const w = rateWindow(scrapeInterval);
  return scenario.metrics.filter((m) => seriesOf(m, undefined).length > 0).map((m) => metricChart(m, undefined, w, rateSeconds(scrapeInterval)));
}

/** One metric as it is: counters as per-second rates, histograms as p99, gauges raw. */
export function metricChart(m: ScenarioMetric, service: string | undefined, w: string, windowSeconds: number): ChartSpec {
  const vary = varyingLabels(seriesOf(m, service));
  const sel = selector(service);
  const id = `${service ?? '_'}:${m.name}`;
  const help = m.help || undefined;
  if (m.type === 'counter') {
    return { id, title: `${m.name} per second`, service, metric: m.name, unit: '/s', signal: 'metric', help, from: windowSeconds, query: `sum${by(vary)} (rate(${m.name}${sel}[${w}]))` };
  }
  if (m.type === 'histogram') {
    return { id, title: `${m.name} p99`, service, metric: m.name, unit: 's', signal: 'metric', help, from: windowSeconds, query: `histogram_quantile(0.99, sum by (${['le', ...vary].join(', ')}) (rate(${m.name}_bucket${sel}[${w}])))` };
  }
  return { id, title: m.name, service, metric: m.name, unit: '', signal: 'metric', help, from: 0, query: `${m.name}${sel}` };
}

function pickRequests(metrics: readonly ScenarioMetric[], service: string): { metric: ScenarioMetric; status?: string } | undefined {
  const counters = metrics.filter((m) => m.type === 'counter' && /requests?_total$/.test(m.name));
  const statusOf = (m: ScenarioMetric) => STATUS_LABELS.find((l) => seriesOf(m, service).some((s) => s.labels[l] !== undefined));
  const ranked = [
    ...counters.filter((m) => m.name === 'http_requests_total'),
    ...counters.filter((m) => statusOf(m) !== undefined),
    ...counters,
  ];
  const m = ranked[0];
  if (!m) return undefined;
  const status = statusOf(m);
  return status ? { metric: m, status } : { metric: m };
}

/** Every name a PromQL selector can use: histograms expose _bucket, _sum and _count. */
export function exposedMetricNames(metrics: readonly Pick<ScenarioMetric, 'name' | 'type'>[]): string[] {
  const out = metrics.flatMap((m) => (m.type === 'histogram' ? [`${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`] : [m.name]));
  return [...new Set(out)].sort();
}

export type TimeRange = '15m' | '30m' | '1h' | 'all';
export const TIME_RANGES: readonly { readonly id: TimeRange; readonly label: string; readonly seconds?: number }[] = [
  { id: '15m', label: '15 min', seconds: 900 }, { id: '30m', label: '30 min', seconds: 1800 }, { id: '1h', label: '1 hour', seconds: 3600 }, { id: 'all', label: 'Whole drill' },
];

/**
 * Start, end and step of a range query ending now: about 240 points, the step a whole number
 * of scrape intervals so every point falls on a scrape.
 */
export function rangeFor(now: number, range: TimeRange, scrapeInterval: number, from = 0): { start: number; end: number; step: number } {
  const span = TIME_RANGES.find((r) => r.id === range)?.seconds ?? Math.max(now, 60);
  const end = Math.max(0, Math.floor(now));
  const start = Math.min(end, Math.max(0, from, end - span));
  const step = Math.max(1, Math.ceil(Math.max(span, 60) / 240 / scrapeInterval)) * scrapeInterval;
  return { start, end, step };
}

/** The scale of a chart's x axis: the whole chosen range, even before the drill has filled it. */
export function axisFor(now: number, range: TimeRange): { min: number; max: number } {
  const span = TIME_RANGES.find((r) => r.id === range)?.seconds;
  const max = Math.max(now, 60);
  return { min: span === undefined ? 0 : Math.max(0, max - span), max };
}

/** A legend entry: the labels that tell a series from the others, or the fallback when none do. */
export function legendFor(metric: Readonly<Record<string, string>>, vary: readonly string[], fallback: string): string {
  const parts = vary.map((k) => `${k}=${metric[k] ?? ''}`);
  return parts.length ? parts.join(' ') : fallback;
}

/** Labels that vary across a query's result series (ignoring __name__ when the name is shared). */
export function resultVarying(results: readonly { metric: Readonly<Record<string, string>> }[]): string[] {
  const keys = new Set(results.flatMap((r) => Object.keys(r.metric)));
  return [...keys].filter((k) => new Set(results.map((r) => r.metric[k] ?? '')).size > 1).sort();
}

/** The services an alert is about: its labels, and the `service` matchers in its rule's expression. */
export function servicesOfAlert(labels: Readonly<Record<string, string>>, expr: string | undefined, services: readonly string[]): string[] {
  const found = new Set<string>();
  for (const v of Object.values(labels)) if (services.includes(v)) found.add(v);
  if (expr) {
    for (const m of expr.matchAll(/\bservice\s*(=~|=)\s*"((?:[^"\\]|\\.)*)"/g)) {
      const alternatives = m[1] === '=' ? [m[2]!] : m[2]!.split('|');
      for (const a of alternatives) if (services.includes(a)) found.add(a);
    }
  }
  return [...found];
}
