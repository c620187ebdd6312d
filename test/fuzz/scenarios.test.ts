/**
 * Scenario files fuzzed: FUZZ_RUNS generated or mutated files (300 in `npm test`, 10,000 in
 * `npm run fuzz`). Each must end in a valid scenario that runs, or problems with file:line:col,
 * within CASE_MS; never an exception, a hang, or a changed prototype.
 *
 * Cases are drawn with fast-check in chunks (seeded FUZZ_SEED + chunk number, so case #i of a run
 * can be drawn again) and judged on worker threads in parallel; a failing input is also written
 * to the temp directory, its path printed.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CASE_MS, FUZZ_RUNS, FUZZ_SEED, pollution, preview, suiteTimeout, Tally } from './config.js';
import { CHUNK, scenarioCase, SEEDS, type ScenarioCase } from './scenario-gen.js';
import { ScenarioJudge, type Judged } from './scenario-judge.js';

/**
 * Failures already reported to the lead, each with a test of its own in known-bugs.test.ts that
 * fails until it is fixed. Matching cases are counted here, not failed, so the fuzz keeps
 * looking for new ones. Remove an entry once its bug is fixed.
 */
const KNOWN: readonly { readonly bug: string; readonly matches: (c: ScenarioCase, v: Judged) => boolean }[] = [
  {
    bug: 'tiny-intervals: settings.scrape_interval and evaluation_interval have no floor (5.4e-323 passes the loader); the engine then throws "out-of-order sample" or never finishes',
    matches: (c, v) => (v.kind === 'hang' || (v.kind === 'crash' && v.where === 'engine' && v.error.includes('out-of-order sample')))
      && [...c.text.matchAll(/^[\s-]*[a-z_]+:\s*([-+0-9.e]+)\s*$/gm)].some((m) => Number(m[1]) > 0 && Number(m[1]) < 0.05),
  },
];

function failure(v: Judged): string | undefined {
  switch (v.kind) {
    case 'crash': return `the ${v.where} threw:\n${v.error}`;
    case 'hang': return `no answer within ${v.ms} ms`;
    case 'bad-result': return `the loader's result is malformed: ${v.why}`;
    case 'polluted': return `a prototype changed: ${v.why}`;
    case 'worker-died': return `the worker died: ${v.error}`;
    default: return undefined;
  }
}

const judge = new ScenarioJudge();
afterAll(() => judge.close());

describe('scenario files, generated and mutated', () => {
  it(`end in a valid scenario or file:line:col problems: never a crash, a hang or a polluted prototype (${FUZZ_RUNS} cases)`, async () => {
    expect(SEEDS.length).toBeGreaterThan(0);
    const tally = new Tally();
    const unclear = new Set<string>();
    const failures: string[] = [];
    const record = (i: number, c: ScenarioCase, v: Judged) => {
      tally.add(c.kind);
      tally.add(`=> ${v.kind}`);
      tally.time(v.ms, `${c.kind} #${i}`);
      if (v.kind === 'refused' && v.unclear) unclear.add(v.unclear.slice(0, 200));
      const why = failure(v);
      const known = why ? KNOWN.find((k) => k.matches(c, v)) : undefined;
      if (known) {
        tally.add(`known bug ${known.bug.slice(0, known.bug.indexOf(':'))}`);
      } else if (why) {
        const file = join(tmpdir(), `drillhall-fuzz-${FUZZ_SEED}-${i}.yaml`);
        writeFileSync(file, c.text);
        failures.push(`case #${i} (${c.kind}, replay: FUZZ_SEED=${FUZZ_SEED}, input in ${file}): ${preview(c.text, 600)}\n${why}`);
      }
    };
    const inflight = new Set<Promise<void>>();
    for (let i = 0, chunk = 0; i < FUZZ_RUNS; chunk++) {
      for (const c of fc.sample(scenarioCase, { numRuns: CHUNK, seed: FUZZ_SEED + chunk })) {
        if (i >= FUZZ_RUNS) break;
        const n = i++;
        const p = judge.judge(c.text, CASE_MS).then((v) => record(n, c, v));
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
        if (inflight.size >= judge.size * 2) await Promise.race(inflight);
      }
    }
    await Promise.all(inflight);
    console.log(tally.line(`scenario fuzz: ${FUZZ_RUNS} cases on ${judge.size} workers (${judge.restarts} restarted after a hang)`));
    if (unclear.size > 0) console.log(`scenario fuzz: ${unclear.size} problem messages read as if built from a missing value, e.g.:\n  ${[...unclear].slice(0, 5).join('\n  ')}`);
    if (failures.length > 0) throw new Error(`scenario fuzz: ${failures.length} failing cases; the first:\n${failures.slice(0, 3).join('\n\n')}`);
    expect(pollution()).toBeUndefined();
  }, suiteTimeout(60));
});
