/**
 * Headless simulation throughput: a 24 h sim-time run of a scenario, in exposed series
 * samples per second, next to a baseline measured in the same run: a plain loop drawing the
 * same number of seeded random numbers from the same generator. The ratio is the figure to
 * watch; absolute numbers move with the machine.
 */
import { performance } from 'node:perf_hooks';
import seedrandom from 'seedrandom';
import { compile, rangeQuery } from '../promql/index.js';
import type { Scenario } from '../scenario/schema.js';
import { advance, createSimulation } from '../sim/engine.js';

export interface ThroughputResult {
  readonly scenario: string;
  readonly simSeconds: number;
  readonly samples: number;
  readonly engineSeconds: number;
  readonly engineSamplesPerSec: number;
  readonly baselineSeconds: number;
  readonly baselineSamplesPerSec: number;
  /** how many times slower than drawing the random numbers alone */
  readonly ratio: number;
}

export function headlessThroughput(s: Scenario, simSeconds = 86400): ThroughputResult {
  const t0 = performance.now();
  const d = createSimulation(s, 'bench');
  advance(d, simSeconds);
  const engineSeconds = (performance.now() - t0) / 1000;
  const scrapes = Math.floor(simSeconds / s.settings.scrape_interval) + 1;
  const samples = scrapes * d.metrics.exposed.length;

  const rng = seedrandom.alea('bench');
  let acc = 0;
  const t1 = performance.now();
  for (let i = 0; i < samples; i++) acc += rng();
  const baselineSeconds = (performance.now() - t1) / 1000;
  if (acc < 0) throw new Error('unreachable: keeps the baseline loop from being optimised away');

  return {
    scenario: s.id, simSeconds, samples, engineSeconds, engineSamplesPerSec: samples / engineSeconds,
    baselineSeconds, baselineSamplesPerSec: samples / baselineSeconds, ratio: baselineSeconds > 0 ? engineSeconds / baselineSeconds : Infinity,
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
