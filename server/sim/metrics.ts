/**
 * Scraping the simulated system: at each scrape time every declared series gets its healthy
 * value, bent by the active effects, and the exposed Prometheus series (counters, gauges,
 * histogram buckets/sum/count) get their samples in the PromQL store.
 */
import { MemoryStore, type SeriesRef } from '../promql/index.js';
import { exposedSeries, sourceSeries, type ExposedSeries, type SourceSeries } from '../scenario/catalog.js';
import type { Scenario } from '../scenario/schema.js';
import type { BoundEffect } from './faults.js';
import { stream, type Stream } from './rng.js';
import { healthyValue, normalCdf, scaleMultiplier, shapeStrength, Z99 } from './shapes.js';

/** An effect instance in play: when it started and how strong it is at a given time. */
export interface ActiveEffect {
  readonly effect: BoundEffect;
  readonly startedAt: number;
  readonly strength: (t: number) => number;
}

export interface MetricsState {
  readonly sources: readonly SourceSeries[];
  readonly exposed: readonly ExposedSeries[];
  readonly store: MemoryStore;
  readonly refs: readonly SeriesRef[];
  /** running totals of counters, buckets, sums and counts, per exposed series */
  readonly totals: Float64Array;
  readonly noise: Stream[];
  /** exposed series indices per source, for fast updates */
  readonly bySource: readonly (readonly number[])[];
  lastScrape?: number;
}

/** Counters start as if the process had been up for a while, so they look like production ones. */
const INITIAL_UPTIME = 6 * 3600;

export function newMetrics(s: Scenario, seed: string): MetricsState {
  const sources = sourceSeries(s);
  const exposed = exposedSeries(sources);
  const store = new MemoryStore();
  const refs = exposed.map((e) => store.add(e.labels));
  const bySource: number[][] = sources.map(() => []);
  exposed.forEach((e, i) => bySource[e.source]!.push(i));
  const noise = sources.map((src) => stream(seed, `noise/${JSON.stringify(src.labels)}`));
  return { sources, exposed, store, refs, totals: new Float64Array(exposed.length), noise, bySource };
}

interface Bent { rate: number; value: number; latencyScale: number; latencyAdd: number }

/** Fold active effects into multipliers and offsets per target. */
function bend(src: number, t: number, active: readonly ActiveEffect[]): { mul: Record<string, number>; add: Record<string, number> } {
  const mul: Record<string, number> = { rate: 1, value: 1, latency: 1 };
  const add: Record<string, number> = { rate: 0, value: 0, latency: 0 };
  for (const a of active) {
    const e = a.effect;
    if (!e.sources.includes(src)) continue;
    const f = shapeStrength(e.shape, t - a.startedAt - e.delay, e.over) * a.strength(t);
    if (f === 0) continue;
    if (e.multiply !== undefined) mul[e.target] = mul[e.target]! * scaleMultiplier(e.multiply, f);
    if (e.add !== undefined) add[e.target] = add[e.target]! + e.add * f;
  }
  return { mul, add };
}

function bentValues(m: MetricsState, s: Scenario, src: SourceSeries, t: number, active: readonly ActiveEffect[]): Bent {
  const def = src.metric.series[src.seriesIndex]!;
  const gen = (src.metric.type === 'gauge' ? def.value : def.rate)!;
  const z = m.noise[src.index]!.gaussian();
  const healthy = healthyValue(gen, t, s.settings.start_hour, z);
  const { mul, add } = bend(src.index, t, active);
  const target = src.metric.type === 'gauge' ? 'value' : 'rate';
  let v = healthy * mul[target]! + add[target]!;
  if (gen.min !== undefined) v = Math.max(gen.min, v);
  if (gen.max !== undefined) v = Math.min(gen.max, v);
  if (src.metric.type !== 'gauge' || gen.min === undefined) v = Math.max(0, v);
  if (gen.integer && src.metric.type === 'gauge') v = Math.round(v);
  return { rate: v, value: v, latencyScale: mul.latency!, latencyAdd: add.latency! };
}

/** Fraction of requests at or under `le` seconds for a log-normal latency. */
function bucketFraction(le: number, median: number, p99: number, scale: number, shift: number): number {
  if (le === Infinity) return 1;
  const m = Math.max(1e-6, median * scale + shift);
  const sigma = Math.log(p99 / median) / Z99;
  return normalCdf((Math.log(le) - Math.log(m)) / sigma);
}

/**
 * Take one scrape at time t. `dt` is the time since the previous scrape (counters grow by
 * rate x dt). Series whose service is down could be left out; here every series is present.
 */
export function scrape(m: MetricsState, s: Scenario, t: number, active: readonly ActiveEffect[], resets: ReadonlySet<number> = new Set()): void {
  const dt = m.lastScrape === undefined ? INITIAL_UPTIME : t - m.lastScrape;
  const tMs = Math.round(t * 1000);
  for (const src of m.sources) {
    const b = bentValues(m, s, src, t, active);
    const def = src.metric.series[src.seriesIndex]!;
    const reset = resets.has(src.index);
    for (const i of m.bySource[src.index]!) {
      const ex = m.exposed[i]!;
      let v: number;
      if (src.metric.type === 'gauge') {
        v = b.value;
      } else {
        const n = b.rate * dt;
        let inc = n;
        if (ex.part === 'bucket') inc = n * bucketFraction(ex.le!, def.latency!.median, def.latency!.p99, b.latencyScale, b.latencyAdd);
        if (ex.part === 'sum') {
          const sigma = Math.log(def.latency!.p99 / def.latency!.median) / Z99;
          inc = n * Math.max(1e-6, def.latency!.median * b.latencyScale + b.latencyAdd) * Math.exp((sigma * sigma) / 2);
        }
        if (reset) m.totals[i] = 0;
        m.totals[i] = m.totals[i]! + inc;
        v = m.totals[i]!;
      }
      m.store.append(m.refs[i]!, tMs, v);
    }
  }
  m.lastScrape = t;
}
