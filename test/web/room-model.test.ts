/**
 * The incident room's pure helpers: what the dashboards chart for a scenario (PromQL built from
 * its metric names, including scenarios named unlike the example), query ranges, the alert ->
 * service mapping, the status-update cadence, the log tail, PromQL completion, the service map's
 * layout and health, the timeline's wording, and who may act.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publicScenario } from '../../server/drills/visibility.js';
import type { LogLine } from '../../contract/logs.js';
import { cadence } from '../../web/components/room/cadence.js';
import { simTime } from '../../web/components/room/format.js';
import { appendTail, EMPTY_TAIL, isGap } from '../../web/components/room/log-tail.js';
import { applySuggestion, complete } from '../../web/components/room/promql-complete.js';
import { lockReason } from '../../web/components/room/room-lock.js';
import { layoutServices, serviceHealth } from '../../web/components/room/service-graph.js';
import {
  axisFor, chartsFor, exposedMetricNames, legendFor, promString, rangeFor, resultVarying, servicesOfAlert, servicesWithMetrics, unlabelledCharts, varyingLabels,
} from '../../web/components/room/signals.js';
import { teamStates } from '../../web/components/room/teams.js';
import { timeTicks } from '../../web/lib/chart-controller.js';
import { addEvent, EMPTY_MODEL } from '../../web/lib/drill-model.js';
import { EXAMPLE_TEXT, mustParse, SCENARIO_DIR } from '../helpers/scenario.js';

const example = publicScenario(mustParse(EXAMPLE_TEXT));
const load = (id: string) => publicScenario(mustParse(readFileSync(`${SCENARIO_DIR}${id}.yaml`, 'utf8'), `${id}.yaml`));

describe('dashboard charts from the public scenario', () => {
  it('builds the golden signals for a service from Prometheus-style names', () => {
    const charts = chartsFor(example, 'checkout', 15);
    expect(charts.slice(0, 3).map((c) => [c.signal, c.query])).toEqual([
      ['traffic', 'sum by (code) (rate(http_requests_total{service="checkout"}[1m]))'],
      ['errors', '100 * sum(rate(http_requests_total{service="checkout",code=~"5.."}[1m])) / sum(rate(http_requests_total{service="checkout"}[1m]))'],
      ['latency', 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="checkout"}[1m])))'],
    ]);
    expect(charts[2]!.metric).toBe('http_request_duration_seconds');
  });

  it('plots every other metric of the service: gauges raw (a capacity with its usage), counters as rates split by what varies', () => {
    const rest = chartsFor(example, 'checkout', 15).filter((c) => c.signal === 'metric');
    expect(rest.map((c) => c.query)).toEqual([
      '{__name__=~"db_pool_connections_in_use|db_pool_connections_max",service="checkout"}',
      'db_pool_pending_threads{service="checkout"}',
      'up{service="checkout"}',
    ]);
    const catalog = chartsFor(example, 'catalog', 15).filter((c) => c.signal === 'metric');
    expect(catalog.map((c) => c.query)).toContain('sum by (result) (rate(cache_requests_total{service="catalog"}[1m]))');
  });

  it('leaves out the error chart when a service declares no 5xx series, and widens the window for slow scrapes', () => {
    const s = { metrics: [{ name: 'http_requests_total', type: 'counter' as const, help: '', series: [{ labels: { service: 'api', code: '200' } }] }] };
    const charts = chartsFor(s, 'api', 30);
    expect(charts.map((c) => c.signal)).toEqual(['traffic']);
    expect(charts[0]!.query).toBe('sum by (code) (rate(http_requests_total{service="api"}[2m]))');
    expect(charts[0]!.from).toBe(120);
  });

  it('handles scenarios whose metrics are named differently', () => {
    const disk = load('log-disk-full');
    const dispatcher = chartsFor(disk, 'notify-dispatcher', disk.settings.scrape_interval);
    // no http_requests_total for the dispatcher: every metric of it is still plotted
    expect(dispatcher.length).toBeGreaterThan(0);
    expect(dispatcher.every((c) => c.signal === 'metric')).toBe(true);
    expect(dispatcher.map((c) => c.metric)).toContain('node_filesystem_avail_bytes');
    const zone = load('zone-failure');
    expect(unlabelledCharts(zone, 15).map((c) => c.query)).toEqual(['kube_node_status_condition']);
    for (const svc of servicesWithMetrics(zone)) expect(chartsFor(zone, svc, 15).length).toBeGreaterThan(0);
  });

  it('lists services in the scenario order and the names PromQL can select', () => {
    expect(servicesWithMetrics(example)).toEqual(['web', 'checkout', 'catalog', 'orders-db']);
    const names = exposedMetricNames(example.metrics);
    expect(names).toContain('http_request_duration_seconds_bucket');
    expect(names).toContain('http_request_duration_seconds_count');
    expect(names).not.toContain('http_request_duration_seconds');
  });

  it('escapes label values and names legends by what varies', () => {
    expect(promString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(varyingLabels([{ labels: { service: 'x', code: '200' } }, { labels: { service: 'x', code: '500' } }])).toEqual(['code']);
    const results = [{ metric: { __name__: 'up', service: 'a' } }, { metric: { __name__: 'up', service: 'b' } }];
    expect(resultVarying(results)).toEqual(['service']);
    expect(legendFor({ service: 'a' }, ['service'], 'up')).toBe('service=a');
    expect(legendFor({}, [], 'up')).toBe('up');
  });

  it('asks for about 240 points on whole scrapes, never before the drill or before a rate window fills', () => {
    expect(rangeFor(600, '15m', 15)).toEqual({ start: 0, end: 600, step: 15 });
    expect(rangeFor(7200, '1h', 15)).toEqual({ start: 3600, end: 7200, step: 15 });
    expect(rangeFor(7200, 'all', 15)).toEqual({ start: 0, end: 7200, step: 30 });
    expect(rangeFor(600, '30m', 15, 60).start).toBe(60);
    expect(rangeFor(30, '30m', 15, 60)).toEqual({ start: 30, end: 30, step: 15 });
    expect(axisFor(600, '15m')).toEqual({ min: 0, max: 600 });
    expect(axisFor(3000, '15m')).toEqual({ min: 2100, max: 3000 });
  });
});

describe('sim-time axis ticks', () => {
  it('falls on whole minutes and hours, at most eight of them', () => {
    expect(timeTicks(0, 800)).toEqual([0, 120, 240, 360, 480, 600, 720]);
    expect(timeTicks(2100, 3000)).toEqual([2100, 2400, 2700, 3000]);
    expect(timeTicks(0, 7200)).toEqual([0, 1800, 3600, 5400, 7200]);
    expect(timeTicks(0, 60)).toEqual([0, 15, 30, 45, 60]);
    for (const max of [59, 600, 4000, 20000, 90000]) expect(timeTicks(0, max).length).toBeLessThanOrEqual(8);
  });
});

describe('which services an alert is about', () => {
  const services = ['web', 'checkout', 'catalog', 'orders-db'];
  it('reads labels and the service matchers of the rule', () => {
    expect(servicesOfAlert({ service: 'catalog', severity: 'ticket' }, undefined, services)).toEqual(['catalog']);
    const rule = example.alerts.find((a) => a.alert === 'CheckoutHighLatency')!;
    expect(servicesOfAlert({ team: 'payments' }, rule.expr, services)).toEqual(['checkout']);
    expect(servicesOfAlert({}, 'sum(rate(x{service=~"web|checkout"}[1m]))', services)).toEqual(['web', 'checkout']);
    expect(servicesOfAlert({}, 'up == 0', services)).toEqual([]);
  });
});

describe('status-update cadence', () => {
  it('counts from declaration, then from the last update, and turns amber then red', () => {
    expect(cadence(100, undefined, undefined, undefined)).toEqual({ since: 0, level: 'none' });
    expect(cadence(600, 'SEV2', 0, undefined)).toEqual({ every: 1800, since: 600, dueIn: 1200, level: 'ok' });
    expect(cadence(1500, 'SEV2', 0, undefined).level).toBe('soon');
    expect(cadence(2000, 'SEV2', 100, undefined)).toEqual({ every: 1800, since: 1900, dueIn: -100, level: 'overdue' });
    expect(cadence(2000, 'SEV2', 100, 1900)).toMatchObject({ since: 100, level: 'ok' });
    expect(cadence(1000, 'SEV1', 0, 0)).toMatchObject({ every: 900, level: 'overdue' });
    expect(cadence(99999, 'SEV4', 0, undefined)).toMatchObject({ level: 'none' });
  });
});

describe('log tail', () => {
  const line = (t: number, text = `line ${t}`): LogLine => ({ t, service: 'web', level: 'info', text });

  it('appends what came after the newest line held', () => {
    const first = appendTail(EMPTY_TAIL, { lines: [line(10), line(20)], to: 20 }, 100, 1000);
    expect(first.added).toBe(2);
    expect(first.tail.since).toBe(20);
    const next = appendTail(first.tail, { lines: [line(25), line(30)], to: 31 }, 100, 1000);
    expect(next.added).toBe(2);
    expect(next.tail.entries.map((e) => e.t)).toEqual([10, 20, 25, 30]);
    expect(next.tail.since).toBe(31);
  });

  it('ignores lines it already has and keeps only the newest', () => {
    const a = appendTail(EMPTY_TAIL, { lines: [line(1), line(2), line(3)], to: 3 }, 100, 3).tail;
    const b = appendTail(a, { lines: [line(3), line(4)], to: 4 }, 100, 3);
    expect(b.added).toBe(1);
    expect(b.tail.entries.map((e) => e.t)).toEqual([2, 3, 4]);
  });

  it('marks a gap when a poll came back full', () => {
    const a = appendTail(EMPTY_TAIL, { lines: [line(1)], to: 1 }, 2, 100).tail;
    const b = appendTail(a, { lines: [line(8), line(9)], to: 9 }, 2, 100).tail;
    expect(b.entries.map((e) => (isGap(e) ? 'gap' : e.t))).toEqual([1, 'gap', 8, 9]);
    // a gap never leads the tail once older lines are dropped
    const c = appendTail(b, { lines: [line(10)], to: 10 }, 2, 3).tail;
    expect(c.entries.map((e) => (isGap(e) ? 'gap' : e.t))).toEqual([8, 9, 10]);
  });
});

describe('PromQL completion', () => {
  const names = ['http_requests_total', 'http_request_duration_seconds_bucket', 'up'];
  it('completes the word at the caret with metric names and functions', () => {
    const c = complete('rate(http_re', 12, names)!;
    expect(c.from).toBe(5);
    expect(c.options.map((o) => o.text)).toEqual(['http_request_duration_seconds_bucket', 'http_requests_total']);
    expect(complete('hist', 4, names)!.options.map((o) => o.text)).toEqual(['histogram_quantile']);
    expect(applySuggestion('sum(ra', complete('sum(ra', 6, names)!, { text: 'rate', kind: 'function' })).toEqual({ text: 'sum(rate(', caret: 9 });
    expect(applySuggestion('u + 1', complete('u + 1', 1, names)!, { text: 'up', kind: 'metric' })).toEqual({ text: 'up + 1', caret: 2 });
  });

  it('stays quiet inside label matchers, strings, ranges and numbers', () => {
    expect(complete('up{service="ht', 14, names)).toBeUndefined();
    expect(complete('up{ser', 6, names)).toBeUndefined();
    expect(complete('rate(up[5', 9, names)).toBeUndefined();
    expect(complete('up > 1', 6, names)).toBeUndefined();
    expect(complete('', 0, names)).toBeUndefined();
  });
});

describe('service map', () => {
  it('puts callers above what they call', () => {
    const l = layoutServices(example.services);
    const depth = Object.fromEntries(l.nodes.map((n) => [n.id, n.depth]));
    expect(depth).toEqual({ web: 0, checkout: 1, catalog: 1, 'orders-db': 2 });
    expect(l.edges).toContainEqual({ from: 'checkout', to: 'orders-db' });
    const y = Object.fromEntries(l.nodes.map((n) => [n.id, n.y]));
    expect(y.web).toBeLessThan(y.checkout!);
    expect(y.checkout).toBe(y.catalog);
  });

  it('uses the longest chain of callers for depth and survives a cycle', () => {
    const l = layoutServices({ a: { depends_on: ['b', 'c'] }, b: { depends_on: ['c'] }, c: { depends_on: [] } });
    expect(Object.fromEntries(l.nodes.map((n) => [n.id, n.depth]))).toEqual({ a: 0, b: 1, c: 2 });
    expect(layoutServices({ a: { depends_on: ['b'] }, b: { depends_on: ['a'] } }).nodes).toHaveLength(2);
  });

  it('colours health from alerts and signals, with reasons', () => {
    expect(serviceHealth({ firing: [], pending: [] })).toEqual({ level: 'unknown', reasons: [] });
    expect(serviceHealth({ firing: [], pending: [], errorPct: 0.2, p99: 0.3, p99Base: 0.3 }).level).toBe('ok');
    expect(serviceHealth({ firing: [], pending: [], errorPct: 12 })).toEqual({ level: 'bad', reasons: ['12% errors'] });
    expect(serviceHealth({ firing: [], pending: [], p99: 0.6, p99Base: 0.3 })).toEqual({ level: 'warn', reasons: ['p99 600ms (2.0× normal)'] });
    expect(serviceHealth({ firing: ['CheckoutHighLatency'], pending: [], errorPct: 0 }).level).toBe('bad');
    expect(serviceHealth({ firing: [], pending: ['X'], down: 0 }).level).toBe('warn');
    expect(serviceHealth({ firing: [], pending: [], down: 2 }).reasons).toEqual(['2 targets down']);
  });
});

describe('teams, timeline and locks', () => {
  it('knows who is paged, when they join and when they joined', () => {
    let m = addEvent(EMPTY_MODEL, { t: 60, type: 'team_paged', team: 'payments', joinsAt: 180, by: 'Ada' });
    let teams = teamStates(example, m);
    expect(teams.find((t) => t.id === 'payments')).toMatchObject({ name: 'Payments', pagedAt: 60, joinsAt: 180, pagedBy: 'Ada' });
    expect(teams.find((t) => t.id === 'dba')).not.toHaveProperty('pagedAt');
    m = addEvent(m, { t: 180, type: 'team_joined', team: 'payments', responders: ['Priya Natarajan'], text: 'joined' });
    teams = teamStates(example, m);
    expect(teams.find((t) => t.id === 'payments')!.joinedAt).toBe(180);
  });

  it('writes history before the drill as T- offsets', () => {
    expect(simTime(754)).toBe('T+00:12:34');
    expect(simTime(-7200)).toBe('T-2h');
    expect(simTime(-5430)).toBe('T-1h31m');
    expect(simTime(-30)).toBe('T-30s');
  });

  it('locks the controls with a reason', () => {
    const running = { t: 10, speed: 60, phase: 'running' as const, paused: false };
    expect(lockReason('live', 'commander', running).reason).toBe('');
    expect(lockReason('live', 'observer', running).reason).toMatch(/read-only/);
    expect(lockReason('reconnecting', 'commander', running).reason).toMatch(/reconnecting/);
    expect(lockReason('live', 'commander', { ...running, phase: 'paused', paused: true }).reason).toMatch(/paused/);
    expect(lockReason('live', 'commander', { ...running, phase: 'created' }).reason).toMatch(/not started/);
    expect(lockReason('live', 'scribe', { ...running, phase: 'ended' }).reason).toMatch(/ended/);
    const full = 'Ada already has 8 live connections to this drill (the limit is 8 per token); close another tab.';
    expect(lockReason('reconnecting', 'commander', running, full).banner).toBe(`The server refused the connection: ${full} Retrying on its own.`);
    expect(lockReason('live', 'commander', running, full).reason).toBe('');
  });
});
