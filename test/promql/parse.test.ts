import { describe, expect, it } from 'vitest';
import { PromQLError, compile, parseSelector, selectorsOf } from '../../server/promql/index.js';

/** The PromQLError thrown by compile(expr). */
function compileError(expr: string): PromQLError {
  try {
    compile(expr);
  } catch (e) {
    if (e instanceof PromQLError) return e;
    throw e;
  }
  throw new Error(`expected ${expr} not to compile`);
}

describe('compile: syntax errors', () => {
  it('reports the position of an unknown function', () => {
    const e = compileError('sum(foo(bar))');
    expect(e.message).toBe('unknown function with name "foo"');
    expect([e.offset, e.length]).toEqual([4, 3]);
  });

  it('reports unexpected end of input at the end', () => {
    const e = compileError('sum(rate(x[5m])');
    expect(e.message).toMatch(/unexpected end of input/);
    expect(e.offset).toBe(15);
  });

  it('reports a stray token where it is', () => {
    const e = compileError('foo bar');
    expect(e.message).toMatch(/unexpected "bar"/);
    expect(e.offset).toBe(4);
  });

  it('rejects empty input and invalid regexes', () => {
    expect(compileError('   ').message).toMatch(/no expression/);
    const e = compileError('x{job=~"("}');
    expect(e.message).toMatch(/error parsing regexp/);
    expect(e.offset).toBe(2);
  });
});

describe('compile: unsupported features are named', () => {
  it.each([
    ['double_exponential_smoothing(x[5m], 0.5, 0.5)', 'unsupported function "double_exponential_smoothing"', 0, 28],
    ['1 + histogram_count(x)', 'unsupported function "histogram_count"', 4, 15],
    ['limitk(2, x)', 'unsupported aggregation "limitk"', 0, 6],
    ['max_over_time(x[10m:1m])', 'unsupported feature: subqueries (expr[range:step]) are not supported', 14, 9],
    ['x @ 1700000000', 'unsupported feature: the @ modifier is not supported', 0, 14],
    ['x[5m * 2]', 'unsupported feature: duration expressions in range selectors are not supported', 2, 6],
  ])('%s', (expr, message, offset, length) => {
    const e = compileError(expr);
    expect(e.message).toBe(message);
    expect([e.offset, e.length]).toEqual([offset, length]);
  });
});

describe('compile: type errors use Prometheus wording and point at the operand', () => {
  it.each([
    ['rate(foo)', 'expected type range vector in call to function "rate", got instant vector', 5, 3],
    ['abs(foo[5m])', 'expected type instant vector in call to function "abs", got range vector', 4, 7],
    ['sum(foo[5m])', 'expected type instant vector in aggregation expression, got range vector', 4, 7],
    ['topk(foo, bar)', 'expected type scalar in aggregation parameter, got instant vector', 5, 3],
    ['round(x, 1, 2)', 'expected at most 2 argument(s) in call to "round", got 3', 0, 14],
    ['clamp(x, 1)', 'expected 3 argument(s) in call to "clamp", got 2', 0, 11],
    ['label_join(x, "a")', 'expected at least 3 argument(s) in call to "label_join", got 2', 0, 18],
    ['1 > 2', 'comparisons between scalars must use BOOL modifier', 0, 5],
    ['x + bool 1', 'bool modifier can only be used on comparison operators', 0, 10],
    ['x and 1', 'set operator "and" not allowed in binary scalar expression', 0, 7],
    ['x[5m] + 1', 'binary expression must contain only scalar and instant vector types', 0, 5],
    ['1 + on(job) x', 'vector matching only allowed between instant vectors', 0, 13],
    ['a and on(x) group_left b', 'no grouping allowed for "and" operation', 6, 16],
    ['a + on(x) group_left(x) b', 'label "x" must not occur in ON and GROUP clause at once', 4, 19],
    ['-x[5m]', 'unary expression only allowed on expressions of type scalar or instant vector, got "range vector"', 0, 6],
    ['sum(a, b)', 'wrong number of arguments for aggregate expression provided, expected 1, got 2', 0, 9],
    ['{job=""}', 'vector selector must contain at least one non-empty matcher', 0, 8],
    ['foo{__name__="bar"}', 'metric name must not be set twice: "foo" or "bar"', 0, 19],
    ['x offset 5m offset 1m', 'offset may not be set multiple times', 0, 21],
    ['(x) offset 5m', 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery', 0, 13],
    ['(x)[5m]', 'ranges only allowed for vector selectors', 0, 7],
    ['x offset 1m [5m]', 'no offset modifiers allowed before range', 0, 16],
    ['label_replace(x, "d", "$1", "s", "(")', 'invalid regular expression in label_replace(): (', 33, 3],
  ])('%s', (expr, message, offset, length) => {
    const e = compileError(expr);
    expect(e.message.startsWith(message)).toBe(true);
    expect([e.offset, e.length]).toEqual([offset, length]);
  });
});

describe('compile: accepted syntax', () => {
  it.each([
    ['sum by (job) (rate(x[5m]))', 'vector'],
    ['sum(rate(x[5m])) by (job)', 'vector'],
    ['sum without (instance) (x)', 'vector'],
    ['x{a="b",c!="d",e=~"f.*",g!~"h"}', 'vector'],
    ['{"my.metric", "my.label"="v"}', 'vector'],
    ['x[1h30m]', 'matrix'],
    ['rate(x[5m] offset 1m)', 'vector'],
    ['x offset -5m', 'vector'],
    ['1 + 2 * 3', 'scalar'],
    ['"str"', 'string'],
    ['x > bool 5m', 'vector'],
    ['time() - 0x10', 'scalar'],
    ['SUM(x)', 'vector'],
    ['x # trailing comment', 'vector'],
    ['a + ignoring(code) group_left(team) b', 'vector'],
    ['a atan2 b', 'vector'],
  ])('%s is a %s', (expr, type) => {
    expect(compile(expr).type).toBe(type);
  });
});

describe('compile: offset and ranges bind tighter than operators, as in Prometheus', () => {
  it('attaches offset to the right-most operand', () => {
    const c = compile('a - b offset 1d');
    expect(c.expr.type).toBe('binary');
    if (c.expr.type !== 'binary') return;
    expect(c.expr.lhs).toMatchObject({ type: 'vectorSelector', offset: 0 });
    expect(c.expr.rhs).toMatchObject({ type: 'vectorSelector', offset: 86_400_000 });
  });

  it('applies offset under unary minus', () => {
    const c = compile('-x offset 5m');
    expect(c.expr).toMatchObject({ type: 'unary', op: '-', expr: { type: 'vectorSelector', offset: 300_000 } });
  });

  it('parses -1 ^ 2 as -(1 ^ 2)', () => {
    expect(compile('-1 ^ 2').expr).toMatchObject({ type: 'unary', op: '-', expr: { type: 'binary', op: '^' } });
  });
});

describe('selectorsOf and parseSelector', () => {
  it('lists every vector selector with its span and name', () => {
    const expr = 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate({__name__="http_requests_total"}[5m]))';
    const sels = selectorsOf(compile(expr));
    expect(sels).toHaveLength(2);
    const [a, b] = sels;
    expect(a?.name).toBe('http_requests_total');
    expect(expr.slice(a?.offset, (a?.offset ?? 0) + (a?.length ?? 0))).toBe('http_requests_total{code=~"5.."}');
    expect(a?.matchers.map((m) => `${m.name}${m.type}${m.value}`)).toEqual(['code=~5..', '__name__=http_requests_total']);
    expect(b?.name).toBe('http_requests_total');
  });

  it('parses a bare selector and rejects anything else', () => {
    const sel = parseSelector('http_requests_total{service="checkout",code=~"5.."}');
    expect(sel.name).toBe('http_requests_total');
    expect(sel.matchers).toHaveLength(3);
    expect(() => parseSelector('rate(x[5m])')).toThrow(PromQLError);
    expect(() => parseSelector('x{')).toThrow(PromQLError);
  });
});
