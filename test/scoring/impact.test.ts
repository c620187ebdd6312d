import { describe, expect, it } from 'vitest';
import { compile, instantQuery } from '../../server/promql/index.js';
import { impactNumbers, parseHumanDuration, quantitiesIn } from '../../server/scoring/impact.js';
import { checkoutGolden, checkout, runNamed } from './fixtures.js';

describe('impactNumbers', () => {
  it('measures the golden drill from the first alert to the fix and to the resolution', () => {
    const d = checkoutGolden().drill;
    const n = impactNumbers(d);
    expect(n.from).toBe(360);
    expect(n.durations).toEqual([900 - 360, d.incident.resolvedAt! - 360, 1020 - 300]);
    // The customers' window: pool-exhaustion from its start (T+5m) to the rollback (T+15m) plus its 2m recovery.
    expect(n.named.map((x) => x.label)).toEqual(['from the first alert to the fix', 'to the resolution', 'of customer impact']);
    expect(n.incidentSeconds).toBe(d.incident.resolvedAt! - 360);
  });

  it('counts failed requests with PromQL over the drill\'s own series', () => {
    const d = checkoutGolden().drill;
    const n = impactNumbers(d);
    const end = d.incident.resolvedAt!;
    const v = instantQuery(compile(`sum(increase(http_requests_total{code=~"5.."}[${end - 300}s]))`), d.metrics.store, end * 1000);
    expect(v.type).toBe('vector');
    const direct = v.type === 'vector' ? Math.round(v.samples[0]!.value) : NaN;
    expect(n.failedRequests[0]).toEqual({ scope: 'all services', count: direct });
    expect(n.failedRequests[1]!.scope).toBe('checkout');
    expect(n.failedRequests[1]!.count).toBeLessThan(direct);
    expect(direct).toBeGreaterThan(1000);
  });

  it('runs to now while nothing is fixed or resolved, and counts more failures for it', () => {
    const idle = impactNumbers(runNamed(checkout, 'idle').drill);
    expect(idle.durations).toEqual([checkout.duration - 360, checkout.duration - 300]);
    expect(idle.failedRequests[0]!.count).toBeGreaterThan(impactNumbers(checkoutGolden().drill).failedRequests[0]!.count);
  });
});

describe('reading numbers from prose', () => {
  it.each([['22 minutes', 1320], ['about 1h 5m', 3900], ['1.5 hours', 5400], ['90s', 90], ['45 min', 2700], ['a while', undefined]])('duration %j', (t, want) => {
    expect(parseHumanDuration(t)).toBe(want);
  });
  it('finds numbers with separators and suffixes', () => {
    expect(quantitiesIn('roughly 3,500 requests, ~1.2k users and 2 million checks')).toEqual([3500, 1200, 2_000_000]);
    expect(quantitiesIn('5 keys')).toEqual([5]);
  });

  it('reads quantities only: never clock times, durations, percentages, versions or ids', () => {
    expect(quantitiesIn('14 failed requests at 14:04')).toEqual([14]);
    expect(quantitiesIn('errors from 14:04 to 14:13:30 (T+00:09:00), about 20 minutes, 13% of requests')).toEqual([]);
    expect(quantitiesIn('INC-2291, PR #4821, v5.2.0, ORD-7731942, gw-a2 and 2026-12-03')).toEqual([]);
    expect(quantitiesIn('7,500 failed requests and 3.1k lost bookings; 2Gi limit; 500 records')).toEqual([7500, 3100, 500]);
  });
});
