import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, limitsFromEnv, parseRate, RateLimiter } from '../../server/drills/limits.js';
import { regexRisk } from '../../server/drills/query-cost.js';

describe('limitsFromEnv', () => {
  it('reads every DRILLHALL_* limit over the defaults', () => {
    const l = limitsFromEnv({
      DRILLHALL_MAX_BODY_BYTES: '4096', DRILLHALL_RATE_COMMANDS: '10/1s', DRILLHALL_RATE_QUERIES: 'off', DRILLHALL_MAX_PARTICIPANTS: '8',
      DRILLHALL_MAX_QUERY_COST: '1_000_000', DRILLHALL_RATE_JOIN_GUESSES: '5/15m', DRILLHALL_MAX_MESSAGE_BYTES: '',
      DRILLHALL_MAX_CONNECTIONS_PER_TOKEN: '3', DRILLHALL_MAX_CONNECTIONS_PER_DRILL: ' 1_000 ',
    });
    expect(l).toEqual({
      ...DEFAULT_LIMITS, maxBodyBytes: 4096, commands: { count: 10, perSeconds: 1 }, queries: undefined, maxParticipants: 8,
      maxQueryCost: 1_000_000, joinGuesses: { count: 5, perSeconds: 900 }, maxConnectionsPerToken: 3, maxConnectionsPerDrill: 1000,
    });
    expect(limitsFromEnv({})).toEqual(DEFAULT_LIMITS);
    expect(DEFAULT_LIMITS).toMatchObject({ maxConnectionsPerToken: 8, maxConnectionsPerDrill: 200 });
  });

  it('names the variable when a value is malformed, rather than meaning "no limit"', () => {
    expect(() => limitsFromEnv({ DRILLHALL_RATE_COMMANDS: 'lots' })).toThrow('DRILLHALL_RATE_COMMANDS: "lots" is not a rate; write COUNT/DURATION (60/60s, 10/1s, 5/10m) or off');
    expect(() => limitsFromEnv({ DRILLHALL_MAX_PARTICIPANTS: '-3' })).toThrow('DRILLHALL_MAX_PARTICIPANTS: "-3" is not a positive whole number');
    for (const bad of ['0', '2.5', 'many', 'off', '8 tabs']) {
      expect(() => limitsFromEnv({ DRILLHALL_MAX_CONNECTIONS_PER_TOKEN: bad })).toThrow(`DRILLHALL_MAX_CONNECTIONS_PER_TOKEN: "${bad}" is not a positive whole number`);
      expect(() => limitsFromEnv({ DRILLHALL_MAX_CONNECTIONS_PER_DRILL: bad })).toThrow(`DRILLHALL_MAX_CONNECTIONS_PER_DRILL: "${bad}" is not a positive whole number`);
    }
    expect(parseRate('5/0s')).toBeInstanceOf(Error);
  });
});

describe('RateLimiter', () => {
  it('is a token bucket: a burst, then the refill rate, with the wait in whole seconds', () => {
    let now = 0;
    const r = new RateLimiter({ count: 3, perSeconds: 3 }, () => now);
    expect([r.take('a'), r.take('a'), r.take('a')].every((t) => t.ok)).toBe(true);
    expect(r.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(r.take('b').ok).toBe(true);
    now += 1000;
    expect(r.take('a').ok).toBe(true);
    expect(r.take('a').ok).toBe(false);
  });

  it('keeps memory bounded: full buckets are swept, and past maxKeys the oldest go', () => {
    let now = 0;
    const r = new RateLimiter({ count: 1, perSeconds: 1 }, () => now, 100);
    for (let i = 0; i < 500; i++) r.take(`k${i}`);
    expect(r.size).toBeLessThanOrEqual(100);
    now += 5000;
    r.take('fresh');
    expect(r.size).toBe(1);
  });
});

describe('regexRisk', () => {
  it.each(['5..', 'checkout|orders', '.*timeout.*', '[a-z]+_total', '(?i)checkout', 'http_.*_(total|count)', '(?:a|b)c', '\\d+\\.\\d+', '[(*+)]+', 'a{2,3}b'])(
    'lets %s through', (re) => expect(regexRisk(re)).toBeUndefined());

  it.each([
    ['(.*)*x', 'repeats a group'], ['(a+)+', 'repeats a group'], ['(a|aa)*b', 'repeats a group'], ['((ab)*c)+', 'repeats a group'],
    ['(?:x+y?)+', 'repeats a group'], ['(a{1,9}){2,}', 'repeats a group'],
    ['.*.*.*.*.*x', 'more than 4 repetitions'], ['a?a?a?a?a?a?a?a?a?a?a?aaaaaaaaaaa', 'more than 10 quantifiers'],
  ])('refuses %s', (re, why) => expect(regexRisk(re)).toContain(why));

  it('refuses what really is slow on V8, and is itself quick on long input', () => {
    const slow = ['(.*)*x', '(a|a)*b', '.*.*.*.*.*.*.*.*x'];
    for (const re of slow) expect(regexRisk(re)).toBeDefined();
    const started = performance.now();
    regexRisk('('.repeat(2000) + 'a' + ')'.repeat(2000));
    regexRisk('[' + 'a'.repeat(4000));
    regexRisk('\\'.repeat(4001));
    expect(performance.now() - started).toBeLessThan(200);
  });
});
