import { describe, expect, it } from 'vitest';
import { backtest, baselineScenario } from '../../server/drills/backtest.js';
import { compile, selectorsOf } from '../../server/promql/index.js';
import { advance, createSimulation } from '../../server/sim/engine.js';
import { EXAMPLE_TEXT, mustParse } from '../helpers/scenario.js';

const checkout = mustParse(EXAMPLE_TEXT, 'checkout-db-pool.yaml');
const matchers = (expr: string) => selectorsOf(compile(expr)).map((s) => s.matchers);

describe('baselineScenario', () => {
  it('has no faults, nothing that refers to one, and only the series the rule can read', () => {
    const b = baselineScenario(checkout, matchers('sum(rate(http_requests_total{service="checkout"}[5m]))'));
    expect(b.faults).toEqual([]);
    expect(b.alerts).toEqual([]);
    expect(b.injects).toEqual([]);
    expect(b.actions.every((a) => a.effects.length === 0)).toBe(true);
    expect(b.logs.every((l) => l.muted_by.length === 0)).toBe(true);
    expect(b.metrics.map((m) => m.name)).toEqual(['http_requests_total']);
    expect(b.metrics[0]!.series.every((x) => x.labels.service === 'checkout')).toBe(true);
    // The scenario it came from is untouched.
    expect(checkout.faults.length).toBeGreaterThan(0);
  });

  it('leaving series out changes no value of the ones kept (each has its own noise stream)', () => {
    const some = createSimulation(baselineScenario(checkout, matchers('http_request_duration_seconds_bucket{service="checkout"}')), '7');
    const all = createSimulation(baselineScenario(checkout, [[]]), '7');
    advance(some, 2 * 3600);
    advance(all, 2 * 3600);
    const kept = some.metrics.store.allSeries();
    expect(kept.length).toBeGreaterThan(10);
    expect(kept.length).toBeLessThan(all.metrics.store.allSeries().length);
    for (const s of kept) {
      const twin = all.metrics.store.allSeries().find((x) => x.key === s.key)!;
      expect(twin.slice(0, twin.length)).toEqual(s.slice(0, s.length));
    }
  });
});

describe('backtest', () => {
  it('is deterministic and fires on noise at a threshold inside it, per day', () => {
    const drill = createSimulation(checkout, '7');
    advance(drill, 1800);
    const input = { scenario: checkout, seed: '7', store: drill.metrics.store, now: 1800, maxCost: 20_000_000 };
    const req = { expr: 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[1m])) > 0.05', for: 30, baselineHours: 2 };
    const a = backtest(input, req);
    const b = backtest(input, req);
    expect(a).toEqual(b);
    if (!a.ok) throw new Error(a.message);
    expect(a.baseline.firings).toBeGreaterThan(0);
    expect(a.baseline.firingsPerDay).toBe(Math.round(a.baseline.firings * 12 * 100) / 100);
    expect(a.drill.firings.every((f) => f.firedAt <= 1800 && (f.resolvedAt === null || f.resolvedAt <= 1800))).toBe(true);
  });
});
