/**
 * Headless simulation throughput: a 24 h sim-time run of a scenario, in exposed series
 * samples per second, next to a baseline measured in the same run: a plain loop drawing the
 * same number of seeded random numbers from the same generator. The ratio is the figure to
 * watch; absolute numbers move with the machine.
 */
import { performance } from 'node:perf_hooks';
import seedrandom from 'seedrandom';
import type { Scenario } from '../scenario/schema.js';
import { advance, createDrill } from '../sim/engine.js';

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
  const d = createDrill(s, 'bench');
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
