/**
 * Reproductions of bugs the fuzzers found in code outside the server's edge (the engine, the
 * loader, the PromQL evaluator); known-bugs.test.ts runs them. Each runs in a worker thread of its own
 * (isolated-worker.mjs): some pollute prototypes or never return, and must not take the test
 * runner with them. Each returns what a fixed version should make true.
 */
import { readFileSync } from 'node:fs';
import { parseScenario } from '../../server/scenario/loader.js';
import { apply } from '../../server/sim/apply.js';
import { advance, createSimulation } from '../../server/sim/engine.js';
import { logsBetween } from '../../server/sim/logs.js';
import { EXAMPLE_TEXT, SCENARIO_DIR } from '../helpers/scenario.js';
import { pollution } from './config.js';

function drill() {
  const r = parseScenario(EXAMPLE_TEXT, 'checkout-db-pool.yaml');
  if (!r.ok) throw new Error('the example scenario does not load');
  const d = createSimulation(r.scenario, '7');
  advance(d, 600);
  return d;
}

export const REPROS: Record<string, () => unknown> = {
  /** server/sim/apply.ts looks teams up in plain objects: "__proto__" finds Object.prototype. */
  pageProtoTeam() {
    const d = drill();
    const r = apply(d, { type: 'page_team', team: '__proto__' }, 'Mallory');
    const other = apply(drill(), { type: 'page_team', team: 'payments' }, 'Ada');
    return { refused: !r.ok && r.code === 'unknown_team', pollution: pollution() ?? null, otherDrillCanPage: other.ok };
  },
  /** The same through "constructor" and "valueOf": a property lands on Object / the built-in function. */
  pageConstructorTeam() {
    const r1 = apply(drill(), { type: 'page_team', team: 'constructor' }, 'Mallory');
    const r2 = apply(drill(), { type: 'page_team', team: 'valueOf' }, 'Mallory');
    return { refused: !r1.ok && r1.code === 'unknown_team' && !r2.ok && r2.code === 'unknown_team', pollution: pollution() ?? null };
  },
  /** inject_fault "__proto__" reads d.faults["__proto__"]: "has already started" rather than "no such fault". */
  injectProtoFault() {
    const r = apply(drill(), { type: 'inject_fault', fault: 'toString' }, 'Facilitator');
    return { code: r.ok ? 'accepted' : r.code };
  },
  /** A missing required enum key read "undefined is not one of ...". */
  missingDifficulty() {
    const r = parseScenario(EXAMPLE_TEXT.replace(/^difficulty:.*\n/m, ''), 'x.yaml');
    return r.ok ? 'accepted' : r.problems.map((p) => p.message);
  },
  /** A missing required duration (a union in the schema) reads "undefined is not valid here". */
  missingDuration() {
    const r = parseScenario(EXAMPLE_TEXT.replace(/^duration:.*\n/m, ''), 'x.yaml');
    return r.ok ? 'accepted' : r.problems.map((p) => p.message);
  },
  /** A mapping with an own "toString" key where an enum value goes: the loader throws while wording the problem. */
  toStringKeyAsEnumValue() {
    try {
      const r = parseScenario(EXAMPLE_TEXT.replace(/^difficulty:.*$/m, 'difficulty: { toString: x }'), 'x.yaml');
      return r.ok ? 'accepted' : r.problems[0]!.message;
    } catch (err) {
      return `threw ${(err as Error).name}: ${(err as Error).message}`;
    }
  },
  /** A log template with a tiny positive `every` passes the loader; generating its lines never ends. */
  tinyLogInterval() {
    const base = readFileSync(`${SCENARIO_DIR}third-party-outage.yaml`, 'utf8');
    const r = parseScenario(base.replace(/every: 3s/, 'every: 1.4e-60'), 'x.yaml');
    if (!r.ok) return { refused: r.problems[0]!.message };
    const d = createSimulation(r.scenario, '1');
    advance(d, 60);
    const started = performance.now();
    logsBetween(r.scenario, '1', d.faults, 0, 60, { limit: 200 });
    return { ms: Math.round(performance.now() - started) };
  },
  /** A subnormal scrape interval passes the loader; the engine then throws "out-of-order sample". */
  tinyScrapeInterval() {
    const base = readFileSync(`${SCENARIO_DIR}log-disk-full.yaml`, 'utf8');
    const r = parseScenario(base.replace(/scrape_interval: 15s/, 'scrape_interval: 5.4e-323'), 'x.yaml');
    if (!r.ok) return { refused: r.problems[0]!.message };
    try {
      advance(createSimulation(r.scenario, '1'), 60);
      return { ran: true };
    } catch (err) {
      return { threw: (err as Error).message.slice(0, 80) };
    }
  },
  /** A subnormal evaluation interval passes the loader; the engine's alert loop then never ends. */
  tinyEvaluationInterval() {
    const base = readFileSync(`${SCENARIO_DIR}log-disk-full.yaml`, 'utf8');
    const r = parseScenario(base.replace(/evaluation_interval: 15s/, 'evaluation_interval: 5.4e-323'), 'x.yaml');
    if (!r.ok) return { refused: r.problems[0]!.message };
    advance(createSimulation(r.scenario, '1'), 60);
    return { ran: true };
  },
  /** server/scenario/loader.ts with yaml's uniqueKeys: 30,000 keys (400 KB) took seconds to minutes. */
  thirtyThousandKeys() {
    const started = performance.now();
    parseScenario(Array.from({ length: 30_000 }, (_, i) => `k${i}: ${i}`).join('\n'), 'x.yaml');
    return { ms: Math.round(performance.now() - started) };
  },
  /** Nine `.*` in a row is polynomial, not nested: it passes the compiler and takes minutes per series. */
  polynomialRegexInAlertRule() {
    const text = EXAMPLE_TEXT.replace('  - alert: CheckoutHighLatency', '  - alert: Slow\n    expr: count({__name__=~".*.*.*.*.*.*.*.*.*x"}) > 0\n  - alert: CheckoutHighLatency');
    const started = performance.now();
    const r = parseScenario(text, 'x.yaml');
    return { ms: Math.round(performance.now() - started), ok: r.ok };
  },
  /** PromQL regexes run on V8's backtracking engine: an alert rule with (.*)*x never finished loading. */
  catastrophicRegexInAlertRule() {
    const text = EXAMPLE_TEXT.replace('  - alert: CheckoutHighLatency', '  - alert: Redos\n    expr: count({__name__=~"(.*)*x"}) > 0\n  - alert: CheckoutHighLatency');
    const started = performance.now();
    const r = parseScenario(text, 'x.yaml');
    return { ms: Math.round(performance.now() - started), ok: r.ok };
  },
};

/** For the worker: run one by name. */
export function run(name: string): unknown {
  const fn = REPROS[name];
  if (!fn) throw new Error(`no repro ${name}`);
  return fn();
}

