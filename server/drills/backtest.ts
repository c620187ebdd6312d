/**
 * The alert-tuning lab: backtest a changed alerting rule. Two questions, both answered with
 * Prometheus's own rule semantics (AlertRule, evaluated every evaluation interval):
 *
 * - would it have fired in this drill, and when? The rule runs over the drill's recorded series
 *   up to the current sim time;
 * - how often does it fire on healthy noise? The same scenario and seed run again with every
 *   fault removed for `baselineHours`, and the rule runs over that.
 *
 * The evaluator is synchronous, so the cost is bounded before anything runs: at most
 * MAX_BASELINE_HOURS, at most MAX_BASELINE_SAMPLES generated samples, and rule evaluations
 * within the server's per-query budget (`maxQueryCost`, see query-cost.ts).
 *
 * Only the series the rules can read are generated for the baseline. That changes no value:
 * each series draws its noise from its own named stream (server/sim/rng.ts), so leaving
 * another series out does not shift it.
 */
import { walkExpr, type Matcher } from '../promql/ast.js';
import { AlertRule, compile, matchLabels, PromQLError, selectorsOf, type AlertTransition, type Compiled, type MemoryStore } from '../promql/index.js';
import { exposedSeries, sourceSeries } from '../scenario/catalog.js';
import type { Scenario } from '../scenario/schema.js';
import { didYouMean } from '../scenario/suggest.js';
import { advance, createSimulation, roundTime } from '../sim/engine.js';
import { refusal, type Refusal } from '../../contract/refusal.js';
import type { Rate } from './limits.js';
import { estimateCost, riskyMatcher } from './query-cost.js';

/** Longest healthy run a backtest may ask for. */
export const MAX_BASELINE_HOURS = 72;
export const DEFAULT_BASELINE_HOURS = 24;
/** Generated samples (series x scrapes) one baseline may hold: about 16 bytes each in memory. */
export const MAX_BASELINE_SAMPLES = 4_000_000;
/**
 * Backtests per token: one costs up to a second of CPU (a 72h baseline), against a few
 * milliseconds for a query, so they get their own, much smaller bucket beside the read rate.
 */
export const BACKTEST_RATE: Rate = { count: 10, perSeconds: 60 };

export interface BacktestRequest {
  /** an existing rule of the scenario to start from: its labels are kept, and it is backtested too as `original` */
  readonly alert?: string | undefined;
  readonly expr: string;
  /** seconds */
  readonly for: number;
  readonly baselineHours: number;
}

export interface Firing {
  /** sim seconds */
  readonly firedAt: number;
  /** sim seconds; null while still firing at the end of the run */
  readonly resolvedAt: number | null;
  readonly labels: Readonly<Record<string, string>>;
}

export interface DrillRun {
  readonly firings: readonly Firing[];
  /** seconds alerts spent pending (waiting out `for`), summed over alert instances */
  readonly pendingSeconds: number;
}

export interface BaselineRun {
  readonly hours: number;
  readonly firings: number;
  readonly firingsPerDay: number;
  /** seconds spent firing, summed over alert instances */
  readonly firingSeconds: number;
  /** sim seconds of the first firing; null when it never fired */
  readonly firstAt: number | null;
}

export interface BacktestResult {
  readonly drill: DrillRun;
  readonly baseline: BaselineRun;
  /** the scenario's own rule (`alert`), over the same drill and baseline */
  readonly original?: { readonly drill: DrillRun; readonly baseline: BaselineRun };
  /** evaluation errors (as Prometheus marks a rule unhealthy), e.g. many-to-many matching */
  readonly warnings?: readonly string[];
}

/** A refusal; PromQL errors say where in the expression (0-based `offset`, `length`). */
export type BacktestFailure = Refusal & { readonly offset?: number; readonly length?: number };
export type BacktestOutcome = ({ readonly ok: true } & BacktestResult) | BacktestFailure;

export interface BacktestInput {
  readonly scenario: Scenario;
  readonly seed: string;
  /** the drill's recorded series */
  readonly store: MemoryStore;
  /** the drill's current (published) sim time: nothing after it is read */
  readonly now: number;
  /** samples one rule's evaluations may read, drill and baseline together */
  readonly maxCost: number;
}

interface RuleSpec {
  readonly alert: string;
  readonly expr: Compiled;
  readonly forMs: number;
  readonly keepFiringForMs: number;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Backtest `req` against a drill. Pure apart from the CPU it takes: same input, same answer.
 * @example backtest({ scenario, seed, store: drill.metrics.store, now: 2700, maxCost: 20e6 }, { expr: 'up == 0', for: 60, baselineHours: 24 })
 */
export function backtest(input: BacktestInput, req: BacktestRequest): BacktestOutcome {
  const { scenario: s } = input;
  let original: Scenario['alerts'][number] | undefined;
  if (req.alert !== undefined) {
    original = s.alerts.find((a) => a.alert === req.alert);
    if (!original) return refusal(400, 'unknown_alert', `the scenario has no alert rule "${req.alert}"${didYouMean(req.alert, s.alerts.map((a) => a.alert))}`);
  }
  if (!(req.baselineHours > 0 && req.baselineHours <= MAX_BASELINE_HOURS)) {
    return refusal(400, 'bad_range', `baselineHours is more than 0 and at most ${MAX_BASELINE_HOURS}`);
  }
  const compiled = compileRule(req.expr);
  if ('ok' in compiled) return compiled;
  const labels = original?.labels ?? {};
  const candidate: RuleSpec = { alert: original?.alert ?? 'Backtest', expr: compiled, forMs: Math.round(req.for * 1000), keepFiringForMs: (original?.keep_firing_for ?? 0) * 1000, labels };
  const own: RuleSpec | undefined = original
    ? { alert: original.alert, expr: compile(original.expr), forMs: original.for * 1000, keepFiringForMs: original.keep_firing_for * 1000, labels }
    : undefined;

  const { scrape_interval: si, evaluation_interval: ei } = s.settings;
  const horizon = req.baselineHours * 3600;
  const baseScenario = baselineScenario(s, [candidate, ...(own ? [own] : [])].flatMap((r) => selectorsOf(r.expr).map((x) => x.matchers)));
  const seriesCount = exposedSeries(sourceSeries(baseScenario)).length;
  const samples = seriesCount * (Math.floor(horizon / si) + 1);
  if (samples > MAX_BASELINE_SAMPLES) {
    return refusal(422, 'backtest_too_costly', `a ${req.baselineHours}h baseline of the ${seriesCount} series this rule reads is ${samples.toLocaleString('en-US')} samples; the limit is ${MAX_BASELINE_SAMPLES.toLocaleString('en-US')}. Ask for fewer baselineHours or use narrower label matchers`);
  }
  const points = Math.floor(input.now / ei) + 1 + Math.floor(horizon / ei) + 1;
  for (const r of [candidate, ...(own ? [own] : [])]) {
    const cost = estimateCost(r.expr.expr, input.store, points, si).samples;
    if (cost > input.maxCost) {
      return refusal(422, 'query_too_costly', `backtesting ${r === candidate ? 'this rule' : `"${req.alert}"`} would read about ${cost.toLocaleString('en-US')} samples over ${points.toLocaleString('en-US')} evaluations; the limit is ${input.maxCost.toLocaleString('en-US')}. Ask for fewer baselineHours, a shorter range window, or narrower label matchers`);
    }
  }

  const healthy = createSimulation(baseScenario, input.seed);
  advance(healthy, horizon);
  const warnings = new Set<string>();
  const run = (r: RuleSpec) => ({
    drill: drillRun(evaluate(r, input.store, input.now, ei, warnings)),
    baseline: baselineRun(evaluate(r, healthy.metrics.store, horizon, ei, warnings), req.baselineHours),
  });
  const mine = run(candidate);
  return {
    ok: true, ...mine,
    ...(own ? { original: run(own) } : {}),
    ...(warnings.size > 0 ? { warnings: [...warnings] } : {}),
  };
}

/** Compile an alert expression, or say what is wrong and where. */
function compileRule(expr: string): Compiled | BacktestFailure {
  let c: Compiled;
  try {
    c = compile(expr);
  } catch (err) {
    if (!(err instanceof PromQLError)) throw err;
    return { ...refusal(400, 'bad_query', `${err.message} (at character ${err.offset + 1} of the expression)`), offset: err.offset, length: err.length };
  }
  if (c.type !== 'vector' && c.type !== 'scalar') {
    return { ...refusal(400, 'bad_query', `an alerting rule's expression must give an instant vector, not a ${c.type === 'matrix' ? 'range vector' : c.type}`), offset: 0, length: expr.length };
  }
  let ahead = false;
  walkExpr(c.expr, (e) => { if (e.type === 'vectorSelector' && e.offset < 0) ahead = true; });
  if (ahead) return refusal(400, 'future_time', 'a negative offset looks into the future, which has not happened yet');
  const risky = riskyMatcher(c.expr);
  if (risky) {
    return refusal(422, 'regex_too_complex', `the regular expression ${risky.matcher.name}${risky.matcher.type}"${risky.matcher.value}" could take very long to match on this engine: ${risky.reason}; simplify it`);
  }
  return c;
}

/**
 * The scenario with nothing wrong: no faults, and nothing that refers to one (scripts, injects,
 * action effects on faults, logs muted by faults), no alert rules of its own, and only the
 * series some selector can match. Built from the validated scenario, not validated again.
 */
export function baselineScenario(s: Scenario, selectors: readonly (readonly Matcher[])[]): Scenario {
  const sources = sourceSeries(s);
  const keep = new Set(exposedSeries(sources).filter((e) => selectors.some((m) => matchLabels(m, e.labels))).map((e) => e.source));
  const metrics = s.metrics.map((m) => ({ ...m, series: m.series.filter((_, i) => keep.has(sources.find((x) => x.metric === m && x.seriesIndex === i)!.index)) }))
    .filter((m) => m.series.length > 0);
  return {
    ...s,
    metrics,
    faults: [],
    alerts: [],
    injects: [],
    scripts: { golden: [], idle: [] },
    actions: s.actions.map((a) => ({ ...a, effects: [] })),
    logs: s.logs.map((l) => ({ ...l, muted_by: [] })),
  };
}

interface Episode { readonly key: string; readonly activeAt: number; firedAt?: number; endedAt?: number; readonly labels: Readonly<Record<string, string>> }

/** Every pending and firing episode of the rule over [0, end], evaluated every `ei` seconds from 0 as the engine does. */
function evaluate(r: RuleSpec, store: MemoryStore, end: number, ei: number, warnings: Set<string>): { episodes: Episode[]; end: number } {
  const rule = new AlertRule({ alert: r.alert, expr: r.expr, for: r.forMs, keepFiringFor: r.keepFiringForMs, labels: { ...r.labels }, annotations: {} });
  const open = new Map<string, Episode>();
  const episodes: Episode[] = [];
  const at = (tr: AlertTransition) => tr.t / 1000;
  for (let k = 0; ; k++) {
    const t = roundTime(k * ei);
    if (t > end) break;
    for (const tr of rule.eval(store, Math.round(t * 1000))) {
      const key = tr.alert.fingerprint;
      let ep = open.get(key);
      if (!ep) {
        ep = { key, activeAt: tr.alert.activeAt / 1000, labels: tr.alert.labels };
        open.set(key, ep);
        episodes.push(ep);
      }
      if (tr.type === 'firing') ep.firedAt = at(tr);
      if (tr.type === 'resolved' || tr.type === 'cancelled') { ep.endedAt = at(tr); open.delete(key); }
    }
    const err = rule.lastError();
    if (err) warnings.add(`evaluation failed at ${t}s: ${err}`);
  }
  return { episodes, end };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function drillRun({ episodes, end }: { episodes: Episode[]; end: number }): DrillRun {
  let pending = 0;
  const firings: Firing[] = [];
  for (const ep of episodes) {
    pending += (ep.firedAt ?? ep.endedAt ?? end) - ep.activeAt;
    if (ep.firedAt !== undefined) firings.push({ firedAt: ep.firedAt, resolvedAt: ep.endedAt ?? null, labels: ep.labels });
  }
  return { firings: firings.sort((a, b) => a.firedAt - b.firedAt), pendingSeconds: round2(pending) };
}

function baselineRun({ episodes, end }: { episodes: Episode[]; end: number }, hours: number): BaselineRun {
  const fired = episodes.filter((e) => e.firedAt !== undefined);
  const firingSeconds = fired.reduce((sum, e) => sum + (e.endedAt ?? end) - e.firedAt!, 0);
  const firstAt = fired.length > 0 ? Math.min(...fired.map((e) => e.firedAt!)) : null;
  return { hours, firings: fired.length, firingsPerDay: round2((fired.length * 24) / hours), firingSeconds: round2(firingSeconds), firstAt };
}
