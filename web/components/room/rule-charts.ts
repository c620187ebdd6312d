/**
 * Alert rules on the dashboards: a threshold line on every chart that plots what a rule
 * compares (the p99 latency chart carries CheckoutHighLatency's `> 1s`), and, in a service's
 * view, a chart of its own for each rule about the service that no chart plots yet (the pool's
 * in-use / max ratio of CheckoutPoolSaturated).
 */
import type { PublicScenario } from '../../lib/api-types.js';
import { formatNumber } from '../../lib/chart-controller.js';
import { scaleOf, thresholdOf, windowSeconds } from './alert-rules.js';
import { formatDuration } from './format.js';
import { exposedMetricNames, seriesOf, servicesOfAlert, type ChartSpec, type ScenarioMetric } from './signals.js';

export type AlertRule = PublicScenario['alerts'][number];

const SYMBOL: Readonly<Record<string, string>> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤' };

/**
 * The rules about a service: those `servicesOfAlert` ties to it, and rules that name no service
 * but read a metric the service exports, in a series their `label="value"` matchers allow
 * (`{mountpoint="/"}` is not about the service whose disk is `/var/notify`).
 */
export function rulesAbout(scenario: Pick<PublicScenario, 'alerts' | 'metrics' | 'services'>, service: string): AlertRule[] {
  const services = Object.keys(scenario.services);
  return scenario.alerts.filter((r) => {
    const named = servicesOfAlert(r.labels, r.expr, services);
    if (named.length) return named.includes(service);
    const eq = [...r.expr.matchAll(/(\w+)\s*=\s*"([^"]*)"/g)];
    return scenario.metrics.some((m) => reads(r.expr, m) && seriesOf(m, service).some((s) => eq.every(([, k, v]) => (s.labels[k!] ?? v) === v)));
  });
}

/** Whether a PromQL expression selects one of the metric's series (a histogram's by `_bucket`, `_sum`, `_count`). */
const reads = (expr: string, m: ScenarioMetric) => exposedMetricNames([m]).some((n) => new RegExp(`(^|[^\\w:])${n}([^\\w:]|$)`).test(expr));

/**
 * A chart of what each rule about the service compares with its threshold, for the rules no
 * chart already plots (a p99 rule's quantity is the latency chart's): as a percentage when the
 * rule's summary shows one, in seconds when it shows a duration or reads a `_seconds` histogram.
 * Rules that do not split into a quantity and a constant get no chart.
 */
export function ruleCharts(scenario: Pick<PublicScenario, 'alerts' | 'metrics' | 'services'>, service: string, charts: readonly ChartSpec[]): ChartSpec[] {
  const out: ChartSpec[] = [];
  for (const rule of rulesAbout(scenario, service)) {
    const t = thresholdOf(rule.expr);
    if (!t || [...charts, ...out].some((c) => scaleOf(c.query, t.quantity))) continue;
    const summary = rule.annotations.summary ?? rule.annotations.description ?? '';
    const q = t.quantity.replace(/\s*\n\s*/g, ' ');
    const pct = /humanizePercentage/.test(summary);
    const unit = pct ? '%' : /humanizeDuration|\}\}s\b|_seconds_bucket/.test(summary + q) ? 's' : '';
    const metric = scenario.metrics.find((m) => reads(q, m))?.name ?? '';
    out.push({
      id: `${service}:alert:${rule.alert}`, title: rule.alert, service, metric, unit, signal: 'alert', from: windowSeconds(q),
      help: `${rule.alert} fires when this stays ${SYMBOL[t.op]} ${formatNumber(t.value * (pct ? 100 : 1))}${unit} for ${formatDuration(rule.for)}.`,
      query: pct ? `100 * (${q})` : q,
    });
  }
  return out;
}

/** The charts with a threshold line for every rule whose quantity each one plots. */
export function withThresholds(charts: readonly ChartSpec[], rules: readonly AlertRule[]): ChartSpec[] {
  return charts.map((c) => {
    const thresholds = rules.flatMap((r) => {
      const t = thresholdOf(r.expr);
      const scale = t && scaleOf(c.query, t.quantity);
      return t && scale ? [{ value: t.value * scale, label: `${r.alert} ${SYMBOL[t.op]} ${formatNumber(t.value * scale)}${c.unit}` }] : [];
    });
    return thresholds.length ? { ...c, thresholds } : c;
  });
}
