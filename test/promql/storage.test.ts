import { describe, expect, it } from 'vitest';
import { MemoryStore, compile, instantQuery } from '../../server/promql/index.js';
import { parseSelector } from '../../server/promql/index.js';

describe('MemoryStore', () => {
  it('registers series idempotently and indexes them by metric name', () => {
    const s = new MemoryStore();
    const a = s.add({ __name__: 'up', job: 'api' });
    const b = s.add({ job: 'api', __name__: 'up' });
    const c = s.add({ __name__: 'errors_total', job: 'api' });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(s.metricNames()).toEqual(['errors_total', 'up']);
    expect(s.allSeries()).toHaveLength(2);
  });

  it('drops empty-valued labels, as Prometheus treats them as absent', () => {
    const s = new MemoryStore();
    const ref = s.add({ __name__: 'up', job: 'api', zone: '' });
    expect(s.get(ref).labels).toEqual({ __name__: 'up', job: 'api' });
  });

  it('rejects series without __name__ and out-of-order samples', () => {
    const s = new MemoryStore();
    expect(() => s.add({ job: 'x' })).toThrow(/__name__/);
    const ref = s.add({ __name__: 'up' });
    s.append(ref, 1000, 1);
    expect(() => s.append(ref, 1000, 2)).toThrow(/out-of-order/);
    expect(() => s.append(ref, 500, 2)).toThrow(/out-of-order/);
  });

  it('selects with all four matcher types, a missing label matching as ""', () => {
    const s = new MemoryStore();
    s.add({ __name__: 'http_requests_total', service: 'checkout', code: '500' });
    s.add({ __name__: 'http_requests_total', service: 'checkout', code: '200' });
    s.add({ __name__: 'http_requests_total', service: 'cart' });
    const names = (sel: string): string[] => s.select(parseSelector(sel).matchers).map((x) => x.labels['code'] ?? '-');
    expect(names('http_requests_total{code=~"5.."}')).toEqual(['500']);
    expect(names('http_requests_total{code!~"5.."}')).toEqual(['200', '-']);
    expect(names('http_requests_total{code=""}')).toEqual(['-']);
    expect(names('http_requests_total{code!=""}')).toEqual(['500', '200']);
    expect(names('{__name__=~"http_.*", service="cart"}')).toEqual(['-']);
    // Regexes are fully anchored.
    expect(names('http_requests_total{code=~"5"}')).toEqual([]);
  });

  it('sees series added after a cached select', () => {
    const s = new MemoryStore();
    s.add({ __name__: 'up', job: 'a' });
    const m = parseSelector('up').matchers;
    expect(s.select(m)).toHaveLength(1);
    s.add({ __name__: 'up', job: 'b' });
    expect(s.select(m)).toHaveLength(2);
  });

  it('grows past its initial capacity and answers time lookups by binary search', () => {
    const s = new MemoryStore();
    const ref = s.add({ __name__: 'x' });
    for (let i = 0; i < 5760; i++) s.append(ref, i * 15_000, i);
    const series = s.get(ref);
    expect(series.length).toBe(5760);
    expect(series.firstAfter(15_000 * 100)).toBe(101);
    expect(series.firstAfter(15_000 * 100 - 1)).toBe(100);
    expect(series.firstAfter(-1)).toBe(0);
    const v = instantQuery(compile('x'), s, 15_000 * 5000 + 7_000);
    expect(v.type === 'vector' && v.samples[0]?.value).toBe(5000);
  });
});
