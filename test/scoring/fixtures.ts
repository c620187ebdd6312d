/**
 * Shared fixtures for the scoring tests: the built-in scenarios, their scripts run headless,
 * and postmortems (one written by hand for checkout-db-pool, one generated from any scenario's
 * key) that a good team would submit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Scenario } from '../../server/scenario/schema.js';
import { Postmortem } from '../../server/scoring/postmortem.js';
import { type PostmortemInput } from '../../contract/postmortem.js';
import { impactNumbers } from '../../server/scoring/impact.js';
import { prefillTimeline } from '../../server/scoring/timeline.js';
import type { Simulation } from '../../server/sim/engine.js';
import { runScript, scenarioScript, type RunResult, type ScriptEntry } from '../../server/sim/runner.js';
import { EXAMPLE_FILE, mustParse, SCENARIO_DIR } from '../helpers/scenario.js';

export const SEED = '1';

type Loaded = { file: string; scenario: Scenario } | { file: string; problems: string };

/** Every scenario under scenarios/, parsed or with its problems (read once). */
let loaded: Loaded[] | undefined;
function loadAll(): Loaded[] {
  loaded ??= readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml')).sort().map((file) => {
    try { return { file, scenario: mustParse(readFileSync(`${SCENARIO_DIR}${file}`, 'utf8'), file) }; }
    catch (err) { return { file, problems: (err as Error).message }; }
  });
  return loaded;
}

/**
 * The valid scenarios under scenarios/. An invalid file is reported by `invalidScenarios`
 * (one failing test) rather than breaking collection of every scoring test.
 */
export function builtInScenarios(): { file: string; scenario: Scenario }[] {
  return loadAll().filter((x): x is { file: string; scenario: Scenario } => 'scenario' in x);
}

export function invalidScenarios(): { file: string; problems: string }[] {
  return loadAll().filter((x): x is { file: string; problems: string } => 'problems' in x);
}

export const checkout: Scenario = mustParse(readFileSync(EXAMPLE_FILE, 'utf8'), 'checkout-db-pool.yaml');

/** Run a script to the scenario's expected duration. */
export function run(s: Scenario, script: readonly ScriptEntry[], seed = SEED): RunResult {
  return runScript(s, seed, script, s.duration);
}

export function runNamed(s: Scenario, name: string, seed = SEED): RunResult {
  return run(s, scenarioScript(s, name), seed);
}

/** The golden drill of checkout-db-pool with seed 1, shared because running it costs ~100ms. */
let goldenCache: RunResult | undefined;
export function checkoutGolden(): RunResult {
  goldenCache ??= runNamed(checkout, 'golden');
  return goldenCache;
}

/** When the golden script runs a command, so the hand-written timeline follows the scenario's script. */
function goldenAt(s: Scenario, type: string): number {
  const st = scenarioScript(s, 'golden').find((x) => x.command.type === type);
  if (!st) throw new Error(`golden script of ${s.id} has no ${type}`);
  return st.at;
}

/**
 * The postmortem a good team writes after checkout-db-pool's golden run (seed 1), by hand:
 * times and numbers are the drill's (first alert 6m, fix 15m, about 3,500 failed requests);
 * verification and resolution follow the golden script, whose timing tracks the scenario's
 * verification window.
 */
export const CHECKOUT_POSTMORTEM: PostmortemInput = {
  summary: 'A cost-review config change cut the checkout orders pool from 50 to 10 connections. Under afternoon load, checkout requests queued for a connection, latency rose and some orders failed until the change was rolled back.',
  impact: {
    description: 'Checkout was slow and a share of orders failed; pages on web that call checkout timed out.',
    duration: 'about 10 minutes from the first alert to the fix',
    users_affected: 'roughly 3,500 failed requests, about 2,300 of them checkout orders',
    requests_failed: 3500,
  },
  timeline: [
    { t: 240, text: 'Config change CR-2231 lowered checkout maximumPoolSize from 50 to 10' },
    { t: 360, text: 'CheckoutPoolSaturated alert fired' },
    { t: 495, text: 'CheckoutHighLatency fired, p99 above 1s' },
    { t: 600, text: 'On-call acknowledged CheckoutHighLatency' },
    { t: 630, text: 'Incident declared as SEV2' },
    { t: 660, text: 'Paged Payments' },
    { t: 840, text: 'Started rollback of checkout config' },
    { t: 900, text: 'Config rollback completed, pool back to 50' },
    { t: goldenAt(checkout, 'verify'), text: 'Recovery verified: no alert firing for the whole verification window' },
    { t: goldenAt(checkout, 'resolve_incident'), text: 'Incident resolved' },
  ],
  root_cause: 'Checkout\'s HikariCP connection pool was too small for peak load: with 10 connections requests waited up to 30s for a pool connection.',
  trigger: 'The cost review config change (CR-2231) set maximumPoolSize to 10 at 14:04.',
  contributing_factors: [
    'Config changes skip the capacity review that deploys get.',
    'There was no alert on pool pending threads, only on latency.',
    'An unrelated deploy and a cache alert drew attention at first.',
  ],
  detection: 'CheckoutPoolSaturated fired two minutes after the change, then the latency and error-rate pages.',
  resolution: 'We rolled the config back to the previous version and verified a full window of healthy signals before resolving.',
  what_went_well: ['The change history made the config change easy to find.', 'The payments on-call confirmed the pool change within a minute.'],
  what_went_wrong: ['The saturation alert was a ticket, so nobody looked at it for four minutes.', 'The runbook only mentioned deploys.'],
  where_we_got_lucky: ['The change landed mid-afternoon, not at the evening peak.'],
  action_items: [
    { title: 'Page on db_pool_pending_threads above 5 for 2m for checkout', owner: 'payments', priority: 'P1', type: 'detection', due: '2w' },
    { title: 'Require capacity review for config changes that lower pool sizes', owner: 'platform', priority: 'P1', type: 'prevention', due: '2025-08-01' },
    { title: 'Add config change history step to the checkout-latency runbook', owner: 'payments', priority: 'P2', type: 'process', due: '1 sprint' },
  ],
};

/**
 * A good postmortem for any scenario, built from its key and the drill: concepts from the first
 * synonym of each root-cause group, the pre-filled timeline, the drill's own impact numbers, and
 * one specific action item per expected category. Lets the tests cover scenarios other
 * engineers add without a hand-written postmortem each.
 */
export function goldenPostmortem(s: Scenario, drill: Simulation): Postmortem {
  const n = impactNumbers(drill);
  const concepts = s.expected.root_cause.map((g) => g[0]!);
  const svc = s.faults.find((f) => s.expected.fix.any_of.length > 0 && f.service)?.service ?? Object.keys(s.services)[0]!;
  const metric = s.metrics[0]!.name;
  const cats = s.expected.action_item_categories.length > 0 ? s.expected.action_item_categories : (['detection', 'prevention'] as const);
  return Postmortem.parse({
    summary: `${s.title}. The team found the cause and applied the fix, then verified recovery before resolving.`,
    impact: {
      description: `Requests to ${svc} were slow or failed while the fault was active.`,
      duration: `${Math.round(n.durations[0]! / 60)} minutes`,
      users_affected: n.failedRequests[0] ? `${n.failedRequests[0].count} failed requests` : 'about 100 users',
      ...(n.failedRequests[0] ? { requests_failed: n.failedRequests[0].count } : {}),
    },
    timeline: prefillTimeline(drill),
    root_cause: `The root cause was the ${concepts[0]} problem in ${svc}.`,
    trigger: `It was set off by the ${concepts.slice(1).join(' and ') || concepts[0]} event.`,
    contributing_factors: [`No alert watched the signal that showed the ${concepts[0]} early.`],
    detection: 'The alerts paged the on-call, who acknowledged within the target.',
    resolution: `We applied ${s.expected.fix.any_of[0]} and verified recovery before resolving.`,
    what_went_well: ['The right team joined quickly and answered questions.'],
    what_went_wrong: ['The first minutes went to a red herring alert.'],
    where_we_got_lucky: ['The fault started outside the daily traffic peak.'],
    action_items: cats.map((c, i) => ({ title: `Add a ${c} check on ${metric} for ${svc}`, owner: 'owning-team', priority: 'P2', type: c, due: `${i + 1}w` })),
  });
}
