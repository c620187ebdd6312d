import { describe, expect, it } from 'vitest';
import { compile, instantQuery, rangeQuery, toApiData } from '../../server/promql/index.js';
import { makeStore } from './support.js';

const store = makeStore([
  [{ __name__: 'up', job: 'api', instance: 'a:9090' }, [[0, 1], [15, 0.5]]],
  [{ __name__: 'up', job: 'db', instance: 'b:9090' }, [[0, 1e21]]],
]);

describe('toApiData', () => {
  it('shapes instant vectors like /api/v1/query', () => {
    const data = toApiData(instantQuery(compile('up'), store, 15_500));
    expect(JSON.stringify(data)).toBe(
      '{"resultType":"vector","result":[' +
        '{"metric":{"__name__":"up","instance":"a:9090","job":"api"},"value":[15.5,"0.5"]},' +
        '{"metric":{"__name__":"up","instance":"b:9090","job":"db"},"value":[15.5,"1000000000000000000000"]}]}',
    );
  });

  it('shapes matrices like /api/v1/query_range', () => {
    const data = toApiData(rangeQuery(compile('up{job="api"} / 0'), store, 0, 15_000, 15_000));
    expect(data).toEqual({
      resultType: 'matrix',
      result: [{ metric: { instance: 'a:9090', job: 'api' }, values: [[0, '+Inf'], [15, '+Inf']] }],
    });
  });

  it('shapes scalars and strings', () => {
    expect(toApiData(instantQuery(compile('0/0'), store, 1234))).toEqual({ resultType: 'scalar', result: [1.234, 'NaN'] });
    expect(toApiData(instantQuery(compile('-1/0'), store, 0))).toEqual({ resultType: 'scalar', result: [0, '-Inf'] });
    expect(toApiData(instantQuery(compile('"x"'), store, 2000))).toEqual({ resultType: 'string', result: [2, 'x'] });
  });
});
