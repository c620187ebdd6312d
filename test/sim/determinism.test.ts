/**
 * The engine gives the same drill, byte for byte, as the straightforward engine it replaced
 * (issue 15): for every built-in scenario, the digest of `drillhall simulate --json` with the
 * golden script (events, alerts, faults, score), of query results over the recorded series
 * (every sample, rates, quantiles, each alert rule at several instants) and of the alert rules'
 * state must equal the digests committed in fixtures/determinism.json, which were recorded
 * with the engine before it was optimised.
 *
 * To re-record after an intended change of behaviour: DRILLHALL_RECORD_DIGESTS=1 npx vitest --run test/sim/determinism.test.ts
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { simulateCommand } from '../../server/cli/simulate.js';
import { compile, instantQuery, rangeQuery } from '../../server/promql/index.js';
import { loadScenarioFile } from '../../server/scenario/loader.js';
import { runScript, scenarioScript } from '../../server/sim/runner.js';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/determinism.json', import.meta.url));
const RECORD = process.env.DRILLHALL_RECORD_DIGESTS === '1';
const UNTIL = 7200;

const digest = (x: unknown) => createHash('sha256').update(typeof x === 'string' ? x : JSON.stringify(x)).digest('hex');
const expected: Record<string, Record<string, string>> = RECORD ? {} : JSON.parse(readFileSync(FIXTURE, 'utf8'));
const recorded: Record<string, Record<string, string>> = {};

/** What a 2 h golden run of one scenario gives, as digests. */
async function digests(file: string): Promise<Record<string, string>> {
  const out: string[] = [];
  const code = await simulateCommand([file, '--script', 'golden', '--seed', '1', '--until', '2h', '--json'], { out: (t) => out.push(t), err: (t) => out.push(`ERR ${t}`) });
  if (code !== 0) throw new Error(out.join('\n'));
  const loaded = await loadScenarioFile(file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const s = loaded.scenario;
  const { drill } = runScript(s, '1', scenarioScript(s, 'golden'), UNTIL);
  const store = drill.metrics.store;
  const queries: unknown[] = [rangeQuery(compile('{__name__=~".+"}'), store, 0, UNTIL * 1000, 60_000)];
  for (const name of store.metricNames()) {
    if (/_(total|bucket|sum|count)$/.test(name)) queries.push(rangeQuery(compile(`rate(${name}[5m])`), store, 0, UNTIL * 1000, 30_000));
    if (/_bucket$/.test(name)) queries.push(rangeQuery(compile(`histogram_quantile(0.99, sum by (le) (rate(${name}[5m])))`), store, 0, UNTIL * 1000, 60_000));
    else queries.push(rangeQuery(compile(`avg_over_time(${name}[10m])`), store, 0, UNTIL * 1000, 120_000));
  }
  for (const a of s.alerts) for (const t of [600, 1800, 3600, UNTIL]) queries.push(instantQuery(compile(a.expr), store, t * 1000));
  return { simulate: digest(out.join('\n')), queries: digest(queries), rules: digest(drill.rules.map((r) => r.snapshot())) };
}

describe('the engine is deterministic and unchanged by its optimisations', () => {
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml')).sort();
  it('covers every built-in scenario', () => {
    if (!RECORD) expect(Object.keys(expected).sort()).toEqual(files);
  });
  for (const f of files) {
    it(`${f}: simulate --json, query results and rule state match the recorded digests`, async () => {
      const got = await digests(SCENARIOS + f);
      recorded[f] = got;
      if (!RECORD) expect(got).toEqual(expected[f]);
    });
  }
  afterAll(() => {
    if (RECORD) writeFileSync(FIXTURE, `${JSON.stringify(recorded, null, 2)}\n`);
  });
});
