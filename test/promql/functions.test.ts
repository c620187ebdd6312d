import { describe, expect, it } from 'vitest';
import { MemoryStore, compile, instantQuery } from '../../server/promql/index.js';
import { makeStore, one, q } from './support.js';

const store = makeStore([
  [{ __name__: 'g', job: 'a' }, [[0, -2.5]]],
  [{ __name__: 'g', job: 'b' }, [[0, 2.5]]],
  [{ __name__: 'g', job: 'c' }, [[10, 16]]],
]);

describe('math functions drop the metric name', () => {
  it.each([
    ['abs(g{job="a"})', 2.5],
    ['ceil(g{job="a"})', -2],
    ['floor(g{job="a"})', -3],
    ['round(g{job="b"})', 3],
    ['round(g{job="a"})', -2],
    ['round(g{job="c"} / 3, 0.5)', 5.5],
    ['sqrt(g{job="c"})', 4],
    ['exp(g{job="b"} - 2.5)', 1],
    ['ln(g{job="c"})', Math.log(16)],
    ['log2(g{job="c"})', 4],
    ['log10(g{job="c"} * 62.5)', 3],
    ['sgn(g{job="a"})', -1],
    ['clamp(g{job="c"}, 0, 10)', 10],
    ['clamp_min(g{job="a"}, 0)', 0],
    ['clamp_max(g{job="c"}, 3)', 3],
  ])('%s = %d', (expr, want) => {
    expect(one(store, expr, 10)).toBeCloseTo(want, 12);
  });

  it('keeps the other labels', () => {
    expect(q(store, 'abs(g{job="a"})', 0)).toEqual([['{job="a"}', 2.5]]);
  });

  it('clamp with max < min returns nothing', () => {
    expect(q(store, 'clamp(g, 5, 1)', 10)).toEqual([]);
  });
});

describe('time, vector, scalar, timestamp', () => {
  it('time() is the evaluation time in seconds', () => {
    expect(one(store, 'time()', 12.5)).toBe(12.5);
  });

  it('vector() and scalar() convert', () => {
    expect(q(store, 'vector(3)', 0)).toEqual([['{}', 3]]);
    expect(one(store, 'scalar(g{job="c"})', 10)).toBe(16);
    expect(one(store, 'scalar(g)', 10)).toBeNaN();
    expect(one(store, 'scalar(nothing)', 10)).toBeNaN();
  });

  it('timestamp() of a selector is the sample time, otherwise the eval time', () => {
    expect(one(store, 'timestamp(g{job="c"})', 40)).toBe(10);
    expect(one(store, 'timestamp(-g{job="c"})', 40)).toBe(40);
  });

  it('date functions use UTC', () => {
    // 2024-02-29T13:45:00Z
    const t = Date.UTC(2024, 1, 29, 13, 45) / 1000;
    const s = new MemoryStore();
    expect(one(s, 'hour()', t)).toBe(13);
    expect(one(s, 'minute()', t)).toBe(45);
    expect(one(s, 'day_of_month()', t)).toBe(29);
    expect(one(s, 'day_of_week()', t)).toBe(4);
    expect(one(s, 'day_of_year()', t)).toBe(60);
    expect(one(s, 'days_in_month()', t)).toBe(29);
    expect(one(s, 'month()', t)).toBe(2);
    expect(one(s, 'year(vector(0))', t)).toBe(1970);
  });
});

describe('absent', () => {
  it('returns 1 with the equality matcher labels when nothing matches', () => {
    expect(q(store, 'absent(g{job="z", env=~"p.*"})', 10)).toEqual([['{job="z"}', 1]]);
    expect(q(store, 'absent(g{job="a"})', 10)).toEqual([]);
    expect(q(store, 'absent(sum(nothing))', 10)).toEqual([['{}', 1]]);
  });
});

describe('label_replace and label_join', () => {
  it('label_replace writes capture groups, keeping the name', () => {
    expect(q(store, 'label_replace(g{job="a"}, "team", "t-$1", "job", "(.*)")', 10)).toEqual([
      ['{__name__="g", job="a", team="t-a"}', -2.5],
    ]);
    expect(q(store, 'label_replace(g{job="a"}, "x", "${1}y", "job", "(.*)")', 10)[0]?.[0]).toBe('{__name__="g", job="a", x="ay"}');
  });

  it('label_replace leaves series alone when the regex does not match the whole value', () => {
    expect(q(store, 'label_replace(g{job="a"}, "team", "x", "job", "b|c")', 10)[0]?.[0]).toBe('{__name__="g", job="a"}');
  });

  it('label_replace with an empty result deletes the label', () => {
    expect(q(store, 'label_replace(g{job="a"}, "job", "", "job", ".*")', 10)[0]?.[0]).toBe('{__name__="g"}');
  });

  it('label_join joins source labels', () => {
    expect(q(store, 'label_join(g{job="a"}, "id", "/", "__name__", "job", "missing")', 10)[0]?.[0]).toBe(
      '{__name__="g", id="g/a/", job="a"}',
    );
  });

  it('rejects results with duplicate label sets', () => {
    expect(() => q(store, 'label_replace(g, "job", "same", "job", ".*")', 10)).toThrow('vector cannot contain metrics with the same labelset');
  });
});

describe('sort and histogram_quantile wiring', () => {
  it('sort and sort_desc order by value and keep that order at the top level', () => {
    expect(q(store, 'sort(g)', 10).map(([, v]) => v)).toEqual([-2.5, 2.5, 16]);
    expect(q(store, 'sort_desc(g)', 10).map(([, v]) => v)).toEqual([16, 2.5, -2.5]);
    // Without sort(), results are ordered by labels.
    const v = instantQuery(compile('-g'), store, 10_000);
    expect(v.type === 'vector' && v.samples.map((s) => s.labels['job'])).toEqual(['a', 'b', 'c']);
  });
});
