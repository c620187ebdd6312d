import { describe, expect, it } from 'vitest';
import { compile, instantQuery } from '../../server/promql/index.js';
import { impactNumbers, numbersIn, parseHumanDuration } from '../../server/scoring/impact.js';
import { checkoutGolden, checkout, runNamed } from './fixtures.js';

describe('impactNumbers', () => {
  it('measures the golden drill from the first alert to the fix and to the resolution', () => {
    const d = checkoutGolden().drill;
    const n = impactNumbers(d);
    expect(n.from).toBe(360);
    expect(n.durations).toEqual([900 - 360, d.incident.resolvedAt! - 360]);
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
    expect(idle.durations).toEqual([checkout.duration - 360]);
    expect(idle.failedRequests[0]!.count).toBeGreaterThan(impactNumbers(checkoutGolden().drill).failedRequests[0]!.count);
  });
});

describe('reading numbers from prose', () => {
  it.each([['22 minutes', 1320], ['about 1h 5m', 3900], ['1.5 hours', 5400], ['90s', 90], ['45 min', 2700], ['a while', undefined]])('duration %j', (t, want) => {
    expect(parseHumanDuration(t)).toBe(want);
  });
  it('finds numbers with separators and suffixes', () => {
    expect(numbersIn('roughly 3,500 requests, ~1.2k users and 2 million checks')).toEqual([3500, 1200, 2_000_000]);
    expect(numbersIn('5 keys')).toEqual([5]);
  });
});
