/**
 * Bugs the fuzzers found in code outside the server's edge (server/sim, server/scenario,
 * server/promql), one test each. Each failed until its bug was fixed and now keeps it fixed.
 * Each reproduction runs in a worker thread of its
 * own (repros.ts), so a polluted prototype or a hang stays there. The server's edge refuses the
 * hostile inputs as well (server/drills/names.ts, query-cost.ts).
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

/** Run repros.ts's `name` in a fresh thread; `hang` if it takes longer than `ms`. */
function isolated(name: string, ms = 10_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./isolated-worker.mjs', import.meta.url), { workerData: { name } });
    const timer = setTimeout(() => { void w.terminate(); resolve('hang'); }, ms);
    w.once('message', (m: { ok: boolean; value?: unknown; error?: string }) => {
      clearTimeout(timer);
      void w.terminate();
      if (m.ok) resolve(m.value);
      else reject(new Error(m.error));
    });
    w.once('error', (err) => { clearTimeout(timer); reject(err); });
  });
}

describe('fixed (server/sim/apply.ts): ids were looked up in plain objects', () => {
  it('page_team "__proto__" is refused as unknown and does not set Object.prototype.pagedAt (it did, for every drill in the process)', async () => {
    expect(await isolated('pageProtoTeam')).toEqual({ refused: true, pollution: null, otherDrillCanPage: true });
  });

  it('page_team "constructor" and "valueOf" are refused as unknown teams and change no built-in', async () => {
    expect(await isolated('pageConstructorTeam')).toEqual({ refused: true, pollution: null });
  });

  it('inject_fault "toString" is refused as unknown_fault, not fault_already_active', async () => {
    expect(await isolated('injectProtoFault')).toEqual({ code: 'unknown_fault' });
  });
});

describe('fixed (server/scenario/loader.ts)', () => {
  it('fixed: a missing required enum key says it is missing, not "undefined is not one of ..."', async () => {
    const messages = await isolated('missingDifficulty') as string[];
    expect(messages.join('\n')).toContain('missing required key "difficulty"');
    expect(messages.join('\n')).not.toMatch(/\bundefined\b/);
  });

  it('a missing required duration (or script step "at") says it is missing, not "undefined is not valid here"', async () => {
    const messages = await isolated('missingDuration') as string[];
    expect(messages.join('\n')).toContain('missing required key "duration"');
    expect(messages.join('\n')).not.toMatch(/\bundefined\b/);
  });

  it('a mapping with an own "toString" key where an enum value goes is a problem, not a TypeError (zodProblems calls String(actual))', async () => {
    expect(await isolated('toStringKeyAsEnumValue')).toBe('difficulty: a mapping is not one of "easy", "medium", "hard"');
  });

  it('fixed: 30,000 keys in one mapping (400 KB, well under the 1 MiB limit) are refused within a second, not after minutes (yaml uniqueKeys was quadratic)', async () => {
    const r = await isolated('thirtyThousandKeys', 8_000);
    expect(r).not.toBe('hang');
    // ~0.6 s here (the YAML parse itself); it took minutes with yaml's quadratic uniqueKeys.
    // The bound leaves room for a loaded CI machine.
    expect((r as { ms: number }).ms).toBeLessThan(3000);
  }, 20_000);
});

describe('fixed (server/scenario/schema.ts): scrape and evaluation intervals are at least 1s', () => {
  it('settings.evaluation_interval: 5.4e-323 is refused by the loader, not an engine that never returns', async () => {
    expect(await isolated('tinyEvaluationInterval', 5_000)).toEqual({ refused: expect.any(String) });
  }, 15_000);

  it('settings.scrape_interval: 5.4e-323 (subnormal, so t + interval == t) is refused by the loader, not a crash of the engine ("out-of-order sample")', async () => {
    expect(await isolated('tinyScrapeInterval', 5_000)).toEqual({ refused: expect.any(String) });
  }, 15_000);
});

describe('fixed (server/scenario/schema.ts): log lines faster than 100ms', () => {
  it('a log template with every: 1.4e-60 (any positive duration passes) is refused by the loader, or its lines come within seconds (today they never do; every: 1ms already takes 3 s per 10 minutes of logs)', async () => {
    const r = await isolated('tinyLogInterval', 5_000);
    expect(r).not.toBe('hang');
  }, 15_000);
});

describe('fixed (server/promql/regex.ts): polynomial regexes are refused', () => {
  it('an alert rule with {__name__=~".*.*.*.*.*.*.*.*.*x"} is refused or loaded within seconds (the server refuses it in queries: query-cost.ts regexRisk)', async () => {
    expect(await isolated('polynomialRegexInAlertRule', 5_000)).not.toBe('hang');
  }, 20_000);
});

describe('fixed (server/promql/regex.ts): regexes run on a backtracking engine', () => {
  it('a scenario whose alert rule has {__name__=~"(.*)*x"} is refused or loaded within seconds (the loader never returned)', async () => {
    expect(await isolated('catastrophicRegexInAlertRule', 5_000)).not.toBe('hang');
  }, 20_000);
});
