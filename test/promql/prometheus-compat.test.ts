/**
 * Our PromQL against the real thing: a drill is exported as OpenMetrics, loaded into a real
 * Prometheus (Debian's package, which `npm test` installs when it can) with promtool, and every supported
 * function is queried on both sides. Same label sets, values within 1e-9 relative.
 *
 * Prometheus 2.x selects ranges as [t-r, t] and 3.x as (t-r, t]; queries run at 7 s past a
 * scrape, so no sample ever sits on a window edge and both agree.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTime, openMetricsLines } from '../../server/export/openmetrics.js';
import { compile, instantQuery, rangeQuery, toApiData, type MemoryStore } from '../../server/promql/index.js';
import { runScript, scenarioScript } from '../../server/sim/runner.js';
import { EXAMPLE_TEXT, mustParse } from '../helpers/scenario.js';
import { findTool } from '../setup/tools.js';

const PROMETHEUS = findTool('prometheus') ?? '/usr/bin/prometheus';
const PROMTOOL = findTool('promtool') ?? '/usr/bin/promtool';
const scenario = mustParse(EXAMPLE_TEXT);
const UNTIL = 3600;
const AT = [10 * 60 + 7, 20 * 60 + 7, 45 * 60 + 7];

const EXPRESSIONS = [
  'http_requests_total',
  'http_requests_total{code!="200"}',
  'http_requests_total{service=~"check.*"}',
  'http_requests_total{service!~"web|catalog"}',
  'http_requests_total offset 5m',
  'rate(http_requests_total[5m])',
  'irate(http_requests_total[5m])',
  'increase(http_requests_total{service="checkout"}[10m])',
  'rate(http_requests_total{service="checkout"}[1m] offset 2m)',
  'delta(db_pool_pending_threads[5m])',
  'idelta(db_pool_pending_threads[5m])',
  'avg_over_time(db_pool_connections_in_use[10m])',
  'min_over_time(db_pool_connections_in_use[10m])',
  'max_over_time(db_pool_connections_in_use[10m])',
  'sum_over_time(db_pool_pending_threads[10m])',
  'count_over_time(db_pool_pending_threads[10m])',
  'last_over_time(db_pool_pending_threads[10m])',
  'quantile_over_time(0.9, pg_stat_activity_count[10m])',
  'stddev_over_time(pg_stat_activity_count[10m])',
  'stdvar_over_time(pg_stat_activity_count[10m])',
  'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="checkout"}[5m])))',
  'histogram_quantile(0.5, rate(http_request_duration_seconds_bucket[5m]))',
  'histogram_quantile(0.9, sum by (le, service) (rate(http_request_duration_seconds_bucket[5m])))',
  'sum by (service) (rate(http_requests_total[5m]))',
  'avg without (code) (rate(http_requests_total[5m]))',
  'min by (code) (rate(http_requests_total[5m]))',
  'max(rate(http_requests_total[5m]))',
  'count by (service) (http_requests_total)',
  'topk(2, rate(http_requests_total[5m]))',
  'bottomk(2, rate(http_requests_total[5m]))',
  'quantile by (code) (0.5, rate(http_requests_total[5m]))',
  'stddev(rate(http_requests_total[5m]))',
  'stdvar by (service) (rate(http_requests_total[5m]))',
  'rate(http_requests_total{code="500"}[5m]) / ignoring(code) rate(http_requests_total{code="200"}[5m])',
  'sum by (service, code) (rate(http_requests_total[5m])) / on(service) group_left sum by (service) (rate(http_requests_total[5m]))',
  'sum by (service) (rate(http_requests_total[5m])) * on(service) group_right up',
  'db_pool_connections_in_use > 20',
  'db_pool_connections_in_use > bool 20',
  'up == 1',
  '1 < bool up',
  'up and on(service) db_pool_connections_in_use',
  'up or db_pool_connections_max',
  'up unless on(service) db_pool_connections_in_use',
  '-db_pool_connections_in_use + 2 * 3 - 1',
  '2 ^ 3 ^ 2',
  'db_pool_connections_in_use % 7',
  'db_pool_connections_in_use ^ 0.5',
  'abs(-db_pool_connections_in_use)',
  'ceil(rate(http_requests_total[5m]))',
  'floor(rate(http_requests_total[5m]))',
  'round(rate(http_requests_total[5m]))',
  'round(rate(http_requests_total[5m]), 0.5)',
  'clamp(pg_stat_activity_count, 30, 50)',
  'clamp_min(pg_stat_activity_count, 40)',
  'clamp_max(pg_stat_activity_count, 40)',
  'sqrt(pg_stat_activity_count)',
  'exp(up)',
  'ln(pg_stat_activity_count)',
  'log2(pg_stat_activity_count)',
  'log10(pg_stat_activity_count)',
  'absent(nonexistent_metric{job="x"})',
  'absent(up{service="orders-db"})',
  'time()',
  'vector(1)',
  'scalar(sum(up))',
  'scalar(up)',
  'label_replace(up, "svc", "$1", "service", "(.*)-db")',
  'sum(rate(http_requests_total{service="checkout",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="checkout"}[5m])) > 0.02',
];

let prom: ChildProcess | undefined;
let base = '';
let store: MemoryStore;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitReady(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Prometheus did not become ready at ${url}`);
}

beforeAll(async () => {
  if (!existsSync(PROMETHEUS) || !existsSync(PROMTOOL)) throw new Error('needs Debian\'s prometheus package (sudo apt-get install -y prometheus, or PROMETHEUS_PATH); npm test installs it when it can');
  const run = runScript(scenario, 'compat', scenarioScript(scenario, 'golden'), UNTIL);
  store = run.drill.metrics.store;
  const dir = mkdtempSync(join(tmpdir(), 'dh-prom-'));
  writeFileSync(join(dir, 'drill.om'), `${[...openMetricsLines(scenario, store)].join('\n')}\n`);
  const made = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'drill.om'), join(dir, 'data')], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`promtool failed: ${made.stderr}`);
  writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 15s\n');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  prom = spawn(PROMETHEUS, [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=100y', '--query.lookback-delta=5m',
  ], { stdio: 'ignore' });
  await waitReady(`${base}/-/ready`, 30_000);
}, 90_000);

afterAll(() => { prom?.kill('SIGKILL'); });

type Data = ReturnType<typeof toApiData>;

async function promQuery(path: string, params: Record<string, string>): Promise<Data> {
  const res = await fetch(`${base}${path}?${new URLSearchParams(params)}`);
  const body = (await res.json()) as { status: string; data: Data; error?: string };
  if (body.status !== 'success') throw new Error(`Prometheus: ${body.error}`);
  return body.data;
}

function close(a: string, b: string): boolean {
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (x === y) return true;
  return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y)) || Math.abs(x - y) < 1e-12;
}

/** Compare two API results: same result type, same label sets, values within tolerance. */
function compare(ours: Data, theirs: Data, shift: number): string[] {
  const problems: string[] = [];
  if (ours.resultType !== theirs.resultType) return [`resultType ${ours.resultType} vs ${theirs.resultType}`];
  if (ours.resultType === 'scalar' && theirs.resultType === 'scalar') {
    if (!close(String(Number(ours.result[1]) + (ours.result[1] === String(ours.result[0]) ? shift : 0)), theirs.result[1]) && !close(ours.result[1], theirs.result[1])) problems.push(`scalar ${ours.result[1]} vs ${theirs.result[1]}`);
    return problems;
  }
  const key = (m: Record<string, string>) => JSON.stringify(Object.entries(m).sort());
  const ourRows = new Map((ours.result as { metric: Record<string, string> }[]).map((r) => [key(r.metric), r]));
  const theirRows = new Map((theirs.result as { metric: Record<string, string> }[]).map((r) => [key(r.metric), r]));
  for (const k of theirRows.keys()) if (!ourRows.has(k)) problems.push(`missing series ${k}`);
  for (const k of ourRows.keys()) if (!theirRows.has(k)) problems.push(`extra series ${k}`);
  for (const [k, r] of ourRows) {
    const t = theirRows.get(k);
    if (!t) continue;
    const ov = 'value' in r ? [(r as { value: [number, string] }).value] : (r as unknown as { values: [number, string][] }).values;
    const tv = 'value' in t ? [(t as { value: [number, string] }).value] : (t as unknown as { values: [number, string][] }).values;
    if (ov.length !== tv.length) { problems.push(`${k}: ${ov.length} points vs ${tv.length}`); continue; }
    ov.forEach((p, i) => { if (!close(p[1], tv[i]![1])) problems.push(`${k} @${p[0]}: ${p[1]} vs ${tv[i]![1]}`); });
  }
  return problems;
}

describe('PromQL results agree with Prometheus on the same samples', () => {
  const shift = exportTime(scenario, 0);
  for (const expr of EXPRESSIONS) {
    it(expr, async () => {
      const c = compile(expr);
      for (const at of AT) {
        const theirs = await promQuery('/api/v1/query', { query: expr, time: String(shift + at) });
        const ours = toApiData(instantQuery(c, store, at * 1000));
        // time() and vector(time()) differ by the export epoch; compare them shifted.
        const mine = expr === 'time()' && ours.resultType === 'scalar' ? { ...ours, result: [ours.result[0], String(Number(ours.result[1]) + shift)] as [number, string] } : ours;
        expect(compare(mine, theirs, shift), `at T+${at}s`).toEqual([]);
      }
    });
  }

  it('range queries agree too', async () => {
    for (const expr of ['rate(http_requests_total{service="checkout"}[5m])', 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="checkout"}[5m])))', 'db_pool_connections_in_use / db_pool_connections_max']) {
      const theirs = await promQuery('/api/v1/query_range', { query: expr, start: String(shift + 307), end: String(shift + 2707), step: '60' });
      const ours = toApiData(rangeQuery(compile(expr), store, 307_000, 2_707_000, 60_000));
      const shifted = ours.resultType === 'matrix' ? { ...ours, result: ours.result.map((r) => ({ ...r, values: r.values.map(([t, v]) => [t + shift, v] as [number, string]) })) } : ours;
      expect(compare(shifted, theirs, shift), expr).toEqual([]);
    }
  });
});
