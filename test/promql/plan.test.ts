import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { type Labels, MemoryStore, TimeColumn, compile, instantQuery } from '../../server/promql/index.js';
import { planRule } from '../../server/promql/plan.js';
import { loadScenarioFile } from '../../server/scenario/loader.js';
import { runScript, scenarioScript } from '../../server/sim/runner.js';

/**
 * A store like a drill's, made at random but reproducibly: series scraped together every 15 s
 * (sharing their sample times), counters with resets, 0/1 gauges that flap, histogram buckets,
 * a series scraped on its own at other times, one that starts late and one that stops.
 */
function randomStore(seed: string): MemoryStore {
  const rng = seedrandom.alea(seed);
  const store = new MemoryStore();
  const times = new TimeColumn();
  const zones = ['a', 'b', 'c'];
  const together: { ref: number; next: (v: number) => number; v: number }[] = [];
  const add = (labels: Labels, next: (v: number) => number, start = 0) => together.push({ ref: store.add(labels, times), next, v: start });
  for (const zone of zones) {
    for (const code of ['200', '500', '503']) add({ __name__: 'req_total', zone, code }, (v) => (rng() < 0.01 ? rng() * 5 : v + rng() * (code === '200' ? 50 : 2)));
    for (let i = 0; i < 3; i++) add({ __name__: 'up', zone, instance: `${zone}${i}` }, (v) => (rng() < 0.1 ? 1 - v : v), 1);
    add({ __name__: 'shift', zone }, (v) => (rng() < 0.03 ? 1 - v : v));
    add({ __name__: 'temp', zone }, () => Math.round(rng() * 40) - 5);
    for (const le of ['0.1', '0.5', '1', '+Inf']) add({ __name__: 'lat_bucket', zone, le }, (v) => v + rng() * 10 * (le === '+Inf' ? 4 : Number(le)));
  }
  for (let t = 0; t <= 3600; t += 15) {
    times.push(t * 1000);
    for (const s of together) store.get(s.ref).appendAt((s.v = s.next(s.v)));
  }
  // the same labels as req_total{zone="a",code="200"} once the name is dropped, from 40 minutes on
  const twin = store.add({ __name__: 'req2_total', zone: 'a', code: '200' });
  for (let t = 2400; t <= 3600; t += 15) store.append(twin, t * 1000, t * 2);
  const alone = store.add({ __name__: 'temp', zone: 'd' });
  for (let t = 5; t <= 3600; t += 10) store.append(alone, t * 1000, Math.round(rng() * 40));
  const late = store.add({ __name__: 'up', zone: 'd', instance: 'd0' });
  for (let t = 1800; t <= 3600; t += 15) store.append(late, t * 1000, rng() < 0.5 ? 0 : 1);
  const gone = store.add({ __name__: 'req_total', zone: 'd', code: '200' });
  for (let t = 0; t <= 1200; t += 15) store.append(gone, t * 1000, t * 3);
  store.append(gone, 1215_000, NaN); // a stale marker: the series went away
  return store;
}

/** Expressions a plan covers, as alert rules write them. */
const PLANNED = [
  'up',
  'up == 0',
  'up offset 1m',
  'temp > 20',
  '20 < temp',
  '2 - up',
  '-1 * temp',
  'up != bool 1',
  'time() - temp > 0',
  'sum(up)',
  'sum(temp)',
  'max(temp)',
  'min by (zone) (temp)',
  'count by (zone) (up == 0)',
  'group by (zone) (up)',
  'sum without (instance) (up)',
  'count by (zone) (up == 0) / count by (zone) (up) > 0.5 unless on (zone) max by (zone) (shift) == 1',
  'sum by (zone) (temp) > 0 unless on (zone) max by (zone) (shift) == 1',
  'up and on (zone) shift == 1',
  'up or shift',
  'temp / on (zone) max by (zone) (temp)',
  'temp > bool on (zone) max by (zone) (temp)',
  'rate(req_total[2m])',
  'increase(req_total[5m]) > 10',
  'delta(temp[5m])',
  'count_over_time(temp[1m])',
  'last_over_time(temp[2m])',
  'present_over_time(temp[2m])',
  'rate(req_total{code="500"}[2m]) / ignoring (code) rate(req_total{code="200"}[2m])',
  'sum(rate(req_total{code=~"5.."}[2m])) / sum(rate(req_total[2m])) > 0.05',
  'sum by (zone) (rate(req_total{code=~"5.."}[5m])) / sum by (zone) (rate(req_total[5m]))',
  'histogram_quantile(0.9, sum by (le) (rate(lat_bucket[5m])))',
  'histogram_quantile(0.5, rate(lat_bucket[5m])) > 0.2',
  'histogram_quantile((0.5 + 0.49), sum by (zone, le) (rate(lat_bucket[2m])))',
  // ones the general evaluator refuses at some instants (duplicate labels, many-to-many): the plan leaves those to it
  'rate({__name__=~"req_total|req2_total"}[5m])',
  'sum by (zone) (up) / on (zone) (up == 0)',
];

/**
 * What a plan may leave to the general evaluator: the instants it refuses, and windows over
 * req_total{zone="d"}, which holds a stale marker (the simulator writes none).
 */
const MAY_LEAVE = /req2_total|up == 0\)$|req_total\[|req_total\{/;

/** Expressions outside what plans cover: `planRule` gives null and the rule evaluates them in general. */
const UNPLANNED = ['avg(temp)', 'topk(1, temp)', 'temp * on (zone) group_left shift', 'irate(req_total[5m])', 'abs(temp)', '-temp', 'time()', 'vector(1)'];

/** The result of an instant query as plain data, values compared to the bit (-0 and NaN kept). */
function general(expr: string, store: MemoryStore, t: number): unknown {
  try {
    const v = instantQuery(compile(expr), store, t);
    if (v.type !== 'vector') return v;
    return v.samples.map((s) => [s.labels, Object.is(s.value, -0) ? '-0' : String(s.value)]);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

/** Evaluates `expr` at each time with a plan and in general; returns how often the plan left it to the general evaluator. */
function compare(expr: string, store: MemoryStore, times: readonly number[]): number {
  const plan = planRule(compile(expr), store);
  expect(plan, expr).not.toBeNull();
  let left = 0;
  for (const t of times) {
    const want = general(expr, store, t);
    if (!plan!.run(t)) {
      left++;
      continue;
    }
    const got = plan!.samples().map((s) => [s.labels, Object.is(s.value, -0) ? '-0' : String(s.value)]);
    expect(got, `${expr} at ${t} ms`).toEqual(want);
  }
  return left;
}

const forward = Array.from({ length: 3900 / 7.5 + 1 }, (_, i) => i * 7500);

describe('rule plans give what the general evaluator gives', () => {
  const store = randomStore('plans');

  for (const expr of PLANNED) {
    it(`${expr}: at every instant, forward in time and in random order`, () => {
      const left = compare(expr, store, forward);
      const rng = seedrandom.alea(expr);
      compare(expr, store, forward.map(() => Math.round(rng() * 3_900_000)));
      if (!MAY_LEAVE.test(expr)) expect(left, expr).toBe(0);
      else expect(left, expr).toBeLessThan(forward.length);
    });
  }

  it('leaves an instant whose answer is an error to the general evaluator', () => {
    for (const expr of ['rate({__name__=~"req_total|req2_total"}[5m])', 'sum by (zone) (up) / on (zone) (up == 0)']) {
      const plan = planRule(compile(expr), store)!;
      const refused = forward.filter((t) => String(general(expr, store, t)).startsWith('error'));
      expect(refused.length, expr).toBeGreaterThan(0);
      expect(refused.length, expr).toBeLessThan(forward.length);
      for (const t of refused) expect(plan.run(t)).toBe(false);
    }
  });

  it('has no plan for shapes it does not cover', () => {
    for (const expr of UNPLANNED) expect(planRule(compile(expr), store), expr).toBeNull();
  });

  it('has none for a histogram with two buckets of one bound, whose order the general sort decides', () => {
    const s = new MemoryStore();
    s.add({ __name__: 'h_bucket', le: '1' });
    s.add({ __name__: 'h_bucket', le: '1.0' });
    s.add({ __name__: 'h_bucket', le: '+Inf' });
    expect(planRule(compile('histogram_quantile(0.5, h_bucket)'), s)).toBeNull();
  });
});

describe('the built-in scenarios', () => {
  const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort()) {
    it(`${f}: every alert rule has a plan, and it answers as the general evaluator at every evaluation of a 2 h golden run`, async () => {
      const loaded = await loadScenarioFile(dir + f);
      if (!loaded.ok) throw new Error(`${f} does not load`);
      const s = loaded.scenario;
      const { drill } = runScript(s, '3', scenarioScript(s, 'golden'), 7200);
      const evaluations = Array.from({ length: 7200 / s.settings.evaluation_interval + 1 }, (_, i) => i * s.settings.evaluation_interval * 1000);
      for (const a of s.alerts) expect(compare(a.expr, drill.metrics.store, evaluations), a.alert).toBe(0);
    });
  }
});
