/**
 * Alert rules and related series on the dashboards, from the public scenarios: which gauges
 * share a panel with their capacity (every pair in the built-in scenarios, and nothing else),
 * which charts carry a threshold line and what it says, and the charts a service gets for rules
 * no chart plots yet.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publicScenario } from '../../server/drills/visibility.js';
import { pairedSeries } from '../../web/components/room/room-api.js';
import { rulesAbout, ruleCharts, withThresholds } from '../../web/components/room/rule-charts.js';
import { chartsFor, limitPartners, servicesWithMetrics, type ChartSpec } from '../../web/components/room/signals.js';
import { EXAMPLE_TEXT, mustParse, SCENARIO_DIR } from '../helpers/scenario.js';

const example = publicScenario(mustParse(EXAMPLE_TEXT));
const load = (id: string) => publicScenario(mustParse(readFileSync(`${SCENARIO_DIR}${id}.yaml`, 'utf8'), `${id}.yaml`));
const ALL = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));

/** What the dashboards show for a service: golden signals, rule charts, the rest, with thresholds. */
function view(s: ReturnType<typeof load>, service: string): ChartSpec[] {
  const charts = chartsFor(s, service, s.settings.scrape_interval);
  const golden = charts.filter((c) => c.signal !== 'metric');
  return withThresholds([...golden, ...ruleCharts(s, service, charts), ...charts.slice(golden.length)], s.alerts);
}

describe('related series on one panel', () => {
  it('puts the checkout pool in use and its maximum on one chart, named apart in the legend', () => {
    const charts = chartsFor(example, 'checkout', 15);
    const pool = charts.find((c) => c.metric === 'db_pool_connections_in_use')!;
    expect(pool.query).toBe('{__name__=~"db_pool_connections_in_use|db_pool_connections_max",service="checkout"}');
    expect(pool.title).toBe('db_pool_connections_in_use vs max');
    expect(pool.names).toEqual({ db_pool_connections_in_use: 'in use', db_pool_connections_max: 'max' });
    expect(charts.map((c) => c.metric)).not.toContain('db_pool_connections_max');
    // the pending threads have no capacity: a chart of their own
    expect(charts.find((c) => c.metric === 'db_pool_pending_threads')!.query).toBe('db_pool_pending_threads{service="checkout"}');
  });

  it('finds every usage-and-capacity pair of the built-in scenarios, and nothing else', () => {
    const pairs = new Set<string>();
    for (const id of ALL) {
      const s = load(id);
      for (const svc of servicesWithMetrics(s)) {
        for (const [usage, limit] of limitPartners(s.metrics, svc)) pairs.add(`${usage} + ${limit.name}`);
      }
    }
    expect([...pairs].sort()).toEqual([
      'container_memory_working_set_bytes + container_spec_memory_limit_bytes',
      'db_pool_connections_in_use + db_pool_connections_max',
      'node_filesystem_avail_bytes + node_filesystem_size_bytes',
      'pg_stat_activity_count + pg_settings_max_connections',
      'tomcat_threads_busy_threads + tomcat_threads_config_max_threads',
    ]);
  });

  it('names the pair’s series apart, and draws a capacity every series shares as one line', () => {
    const m = (name: string, labels: Record<string, string>, v: number[]) => ({ metric: { __name__: name, ...labels }, values: v.map((x, i) => [i * 15, String(x)] as [number, string]) });
    const names = { mem: 'working set', limit: 'limit' };
    const pods = [
      m('limit', { pod: 'a' }, [2, 2]), m('limit', { pod: 'b' }, [2, 2]), m('mem', { pod: 'a' }, [1, 1.5]), m('mem', { pod: 'b' }, [0.5, 1]),
    ];
    expect(pairedSeries({ resultType: 'matrix', result: pods }, names).map((s) => s.label)).toEqual(['pod=a', 'pod=b', 'limit']);
    const differ = [m('mem', { pod: 'a' }, [1]), m('mem', { pod: 'b' }, [1]), m('limit', { pod: 'a' }, [2]), m('limit', { pod: 'b' }, [4])];
    expect(pairedSeries({ resultType: 'matrix', result: differ }, names).map((s) => s.label)).toEqual(['pod=a', 'pod=b', 'limit pod=a', 'limit pod=b']);
    const one = [m('limit', {}, [50]), m('mem', {}, [38])];
    expect(pairedSeries({ resultType: 'matrix', result: one }, names)).toEqual([{ label: 'working set', points: [[0, 38]] }, { label: 'limit', points: [[0, 50]] }]);
  });

  it('pairs nothing on a tie or when the labels differ', () => {
    const g = (name: string, labels: Record<string, string> = { service: 'a' }) => ({ name, type: 'gauge' as const, help: '', series: [{ labels }] });
    expect(limitPartners([g('x_used'), g('x_free'), g('x_max')], 'a').size).toBe(0);
    expect(limitPartners([g('x_used', { service: 'a', pod: '1' }), g('x_max')], 'a').size).toBe(0);
    expect([...limitPartners([g('x_used'), g('y_max')], 'a')]).toEqual([]);
  });
});

describe('alert thresholds on the dashboards', () => {
  it('draws each checkout rule on the chart that plots its quantity, in that chart’s unit', () => {
    const charts = view(example, 'checkout');
    const lines = Object.fromEntries(charts.filter((c) => c.thresholds).map((c) => [c.title, c.thresholds!]));
    expect(lines).toEqual({
      'Error ratio (5xx)': [{ value: 2, label: 'CheckoutErrorRate > 2%' }],
      'p99 latency': [{ value: 1, label: 'CheckoutHighLatency > 1s' }],
      CheckoutPoolSaturated: [{ value: 90, label: 'CheckoutPoolSaturated ≥ 90%' }],
    });
  });

  it('gives a rule no chart plots a chart of its own, after the golden signals', () => {
    const charts = view(example, 'checkout');
    expect(charts.map((c) => c.signal)).toEqual(['traffic', 'errors', 'latency', 'alert', 'metric', 'metric', 'metric']);
    const pool = charts[3]!;
    expect(pool).toMatchObject({
      id: 'checkout:alert:CheckoutPoolSaturated', unit: '%', metric: 'db_pool_connections_in_use', from: 0,
      query: '100 * (db_pool_connections_in_use{service="checkout"} / db_pool_connections_max{service="checkout"})',
      help: 'CheckoutPoolSaturated fires when this stays ≥ 90% for 1m.',
    });
    // the catalog's miss ratio names no service: its team label does
    expect(view(example, 'catalog').filter((c) => c.signal === 'alert').map((c) => c.thresholds![0]!.label)).toEqual(['CatalogCacheMissesHigh > 25%']);
    // `up == 0` is no threshold: orders-db gets no rule chart
    expect(view(example, 'orders-db').some((c) => c.signal === 'alert')).toBe(false);
  });

  it('ties rules that name no service to the service whose series they select', () => {
    const disk = load('log-disk-full');
    expect(rulesAbout(disk, 'notify-dispatcher').map((r) => r.alert)).toEqual(['NotifyVolumeFull', 'NotifyDispatcherSendFailures', 'NotifyDispatcherCrashLooping']);
    expect(rulesAbout(disk, 'report-builder').map((r) => r.alert)).toEqual(['NodeRootFilesystemLow']);
    const kafka = load('kafka-consumer-lag');
    expect(rulesAbout(kafka, 'shipping-notifier').map((r) => r.alert)).toEqual([]);
    expect(rulesAbout(kafka, 'kafka').map((r) => r.alert)).toEqual(['KafkaUnderReplicatedPartitions']);
  });

  it('writes units the way the summary does: seconds, percentages, plain numbers', () => {
    const lines = (id: string, svc: string) => view(load(id), svc).flatMap((c) => c.thresholds ?? []).map((t) => t.label);
    expect(lines('poison-queue', 'orders-broker')).toEqual(['FulfilmentQueueBacklog > 1000', 'FulfilmentOldestMessageAge > 120s']);
    expect(lines('bad-deploy-errors', 'api-gateway')).toEqual(['ApiGatewayErrorBudgetBurn > 1.44%']);
    expect(lines('cache-stampede', 'listing-cache')).toEqual(['ListingCacheHitRatioLow < 80%']);
    expect(lines('kafka-consumer-lag', 'fulfillment-worker')).toContain('OrderFulfillmentDelayHigh > 120s');
  });

  it('draws every line a scenario’s splittable rules have somewhere, on the service the rule is about', () => {
    for (const id of ALL) {
      const s = load(id);
      const drawn = new Set(servicesWithMetrics(s).flatMap((svc) => view(s, svc).flatMap((c) => c.thresholds ?? []).map((t) => t.label.split(' ')[0])));
      const splittable = s.alerts.filter((r) => /[<>]/.test(r.expr) && !/\b(and|or|unless|bool)\b|==|!=/.test(r.expr)).map((r) => r.alert);
      for (const a of splittable) expect(drawn.has(a), `${id}: ${a}`).toBe(true);
    }
  });
});
