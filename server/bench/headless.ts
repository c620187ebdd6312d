/**
 * Headless simulation throughput: a 24 h sim-time run of a scenario, in exposed series
 * samples per second, with its alert rules evaluated and without them, next to a baseline
 * measured in the same process: a plain loop drawing the same number of seeded random numbers
 * from the same generator. The three are run in turn, after a warm-up, several times; each
 * repetition's ratio is engine time over that repetition's baseline time (the fastest of five
 * back-to-back baseline loops, as one loop lasts a few milliseconds and a single preemption
 * would double it), and the report gives the median and the spread. The ratios are the figures to watch; absolute numbers move with
 * the machine and whatever else it is doing.
 */
import { performance } from 'node:perf_hooks';
import seedrandom from 'seedrandom';
import { compile, rangeQuery } from '../promql/index.js';
import type { Scenario } from '../scenario/schema.js';
import { advance, createSimulation } from '../sim/engine.js';

/** Median and spread of one figure over the repetitions. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface EngineFigure {
  /** seconds per 24 h run (or whatever `simSeconds` is) */
  readonly seconds: Spread;
  readonly samplesPerSec: Spread;
  /** engine time / baseline time of the same repetition: how many times slower than drawing the random numbers alone */
  readonly ratio: Spread;
}

export interface ThroughputResult {
  readonly scenario: string;
  readonly simSeconds: number;
  /** exposed series samples one run records */
  readonly samples: number;
  readonly series: number;
  readonly rules: number;
  readonly warmup: number;
  readonly repetitions: number;
  /** the plain seeded-draw loop, `samples` draws */
  readonly baseline: { readonly seconds: Spread; readonly samplesPerSec: Spread };
  readonly withRules: EngineFigure;
  readonly withoutRules: EngineFigure;
}

export function spread(xs: readonly number[]): Spread {
  const a = [...xs].sort((x, y) => x - y);
  const n = a.length;
  const median = n === 0 ? NaN : n % 2 === 1 ? a[(n - 1) / 2]! : (a[n / 2 - 1]! + a[n / 2]!) / 2;
  return { median, min: a[0] ?? NaN, max: a[n - 1] ?? NaN };
}

/** One run of the engine, sim time 0 to `simSeconds`, no commands. */
function engineRun(s: Scenario, simSeconds: number): number {
  const t0 = performance.now();
  const d = createSimulation(s, 'bench');
  advance(d, simSeconds);
  return (performance.now() - t0) / 1000;
}

/** The baseline: `samples` draws from seedrandom's Alea, seeded as the engine's streams are. */
function baselineRun(samples: number): number {
  const rng = seedrandom.alea('bench');
  let acc = 0;
  const t0 = performance.now();
  for (let i = 0; i < samples; i++) acc += rng();
  const seconds = (performance.now() - t0) / 1000;
  if (acc < 0) throw new Error('unreachable: keeps the baseline loop from being optimised away');
  return seconds;
}

export function headlessThroughput(s: Scenario, simSeconds = 86400, opts: { warmup?: number; repetitions?: number } = {}): ThroughputResult {
  const warmup = opts.warmup ?? 2;
  const repetitions = Math.max(1, opts.repetitions ?? 7);
  const noRules: Scenario = { ...s, alerts: [] };
  const probe = createSimulation(s, 'bench');
  const scrapes = Math.floor(simSeconds / s.settings.scrape_interval) + 1;
  const samples = scrapes * probe.metrics.exposed.length;
  const base: number[] = [];
  const rules: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < warmup + repetitions; i++) {
    // The baseline loop takes a few ms, so one preemption doubles it: take the fastest of a few.
    const b = Math.min(baselineRun(samples), baselineRun(samples), baselineRun(samples), baselineRun(samples), baselineRun(samples));
    const r = engineRun(s, simSeconds);
    const n = engineRun(noRules, simSeconds);
    if (i < warmup) continue;
    base.push(b);
    rules.push(r);
    bare.push(n);
  }
  const figure = (runs: readonly number[]): EngineFigure => ({
    seconds: spread(runs),
    samplesPerSec: spread(runs.map((x) => samples / x)),
    ratio: spread(runs.map((x, i) => (base[i]! > 0 ? x / base[i]! : Infinity))),
  });
  return {
    scenario: s.id, simSeconds, samples, series: probe.metrics.exposed.length, rules: s.alerts.length, warmup, repetitions,
    baseline: { seconds: spread(base), samplesPerSec: spread(base.map((x) => samples / x)) },
    withRules: figure(rules),
    withoutRules: figure(bare),
  };
}

export interface QueryResult {
  readonly expr: string;
  readonly series: number;
  readonly points: number;
  readonly runs: number;
  readonly medianMs: number;
  readonly p90Ms: number;
}

/**
 * One range query over 1 h of every series at a 15 s step, repeated: the cost of a trainee's
 * widest chart or explore query. `{__name__=~".+"}` selects all series; the rate() variant
 * adds the per-window work a dashboard does.
 */
export function rangeQueryCost(s: Scenario, runs = 20): QueryResult[] {
  const d = createSimulation(s, 'bench');
  advance(d, 3600);
  return ['{__name__=~".+"}', 'rate({__name__=~".+_total|.+_bucket"}[5m])'].map((expr) => {
    const c = compile(expr);
    const times: number[] = [];
    let series = 0;
    let points = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const v = rangeQuery(c, d.metrics.store, 0, 3600_000, 15_000);
      times.push(performance.now() - t0);
      if (v.type === 'matrix') { series = v.series.length; points = v.series.reduce((n, x) => n + x.points.length, 0); }
    }
    times.sort((a, b) => a - b);
    return { expr, series, points, runs, medianMs: times[Math.floor(runs / 2)]!, p90Ms: times[Math.floor(runs * 0.9)]! };
  });
}
