import { describe, expect, it } from 'vitest';
import { MemoryStore, TimeColumn, compile, instantQuery, storedLabels } from '../../server/promql/index.js';
import { parseSelector } from '../../server/promql/index.js';
import { SELECT_CACHE_ENTRIES } from '../../server/promql/storage.js';

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

  it('remembers at most SELECT_CACHE_ENTRIES selections, dropping the least recently used, and still answers right', () => {
    const s = new MemoryStore();
    for (let i = 0; i < 20; i++) s.add({ __name__: 'http_requests_total', code: String(200 + i) });
    s.add({ __name__: 'up', job: 'api' });
    const up = parseSelector('up').matchers;
    const firstUp = s.select(up);
    expect(firstUp).toHaveLength(1);
    // Every distinct selector is a new entry: a client writing thousands must not grow memory with them.
    const code = (i: number) => parseSelector(`http_requests_total{code=~"${200 + (i % 20)}|x${i}"}`).matchers;
    const firstCode = s.select(code(0));
    for (let i = 1; i < SELECT_CACHE_ENTRIES * 3; i++) {
      expect(s.select(code(i)).map((x) => x.labels['code'])).toEqual([String(200 + (i % 20))]);
      if (i % 100 === 0) s.select(up); // kept in use, so never the least recently used
      expect(s.cachedSelections).toBeLessThanOrEqual(SELECT_CACHE_ENTRIES);
    }
    expect(s.cachedSelections).toBe(SELECT_CACHE_ENTRIES);
    // A selection still cached is the very same array; a dropped one is computed again, equal.
    expect(s.select(up)).toBe(firstUp);
    const again = s.select(code(0));
    expect(again).not.toBe(firstCode);
    expect(again).toEqual(firstCode);
    expect(s.cachedSelections).toBe(SELECT_CACHE_ENTRIES);
    // And an add still empties it.
    s.add({ __name__: 'up', job: 'web' });
    expect(s.cachedSelections).toBe(0);
    expect(s.select(up)).toHaveLength(2);
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

describe('TimeColumn: sample times shared by series appended together', () => {
  it('holds each time once for series appended at the same instants, and each series reads its own samples', () => {
    const s = new MemoryStore();
    const times = new TimeColumn();
    const a = s.get(s.add({ __name__: 'up', job: 'a' }, times));
    const b = s.get(s.add({ __name__: 'up', job: 'b' }, times));
    for (let i = 0; i < 200; i++) {
      times.push(i * 15_000);
      a.appendAt(i);
      b.appendAt(-i);
    }
    expect(a.times).toBe(b.times);
    expect(times.n).toBe(200);
    expect([a.length, a.timeAt(199), a.valueAt(199), b.valueAt(199)]).toEqual([200, 199 * 15_000, 199, -199]);
    expect(() => a.appendAt(1)).toThrow(/no time in the column/);
    expect(() => times.push(0)).toThrow(/out-of-order/);
  });

  it('lets a series appended at other times go on alone, the others keeping theirs', () => {
    const s = new MemoryStore();
    const times = new TimeColumn();
    const a = s.add({ __name__: 'x', job: 'a' }, times);
    const b = s.add({ __name__: 'x', job: 'b' }, times);
    for (const t of [1000, 2000, 3000]) {
      s.append(a, t, t);
      s.append(b, t, -t);
    }
    s.append(b, 3500, 1);
    s.append(a, 4000, 4);
    s.append(b, 4000, 2);
    const [sa, sb] = [s.get(a), s.get(b)];
    expect(sa.times).not.toBe(sb.times);
    expect(Array.from({ length: sa.length }, (_, i) => sa.timeAt(i))).toEqual([1000, 2000, 3000, 4000]);
    expect(Array.from({ length: sb.length }, (_, i) => sb.timeAt(i))).toEqual([1000, 2000, 3000, 3500, 4000]);
    expect(instantQuery(compile('x{job="b"}'), s, 3700)).toMatchObject({ samples: [{ value: 1 }] });
  });

  it('keeps label sets made by storedLabels as they are, so stores can share them', () => {
    const labels = storedLabels({ job: 'api', __name__: 'up', zone: '' });
    expect(labels).toEqual({ __name__: 'up', job: 'api' });
    expect(Object.keys(labels)).toEqual(['__name__', 'job']);
    const [s1, s2] = [new MemoryStore(), new MemoryStore()];
    expect(s1.get(s1.add(labels)).labels).toBe(labels);
    expect(s2.get(s2.add(labels)).labels).toBe(labels);
  });
});
