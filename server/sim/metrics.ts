/**
 * Scraping the simulated system: at each scrape time every declared series gets its healthy
 * value, bent by the active effects, and the exposed Prometheus series (counters, gauges,
 * histogram buckets/sum/count) get their samples in the PromQL store.
 */
import seedrandom from 'seedrandom';
import { type Labels, MemoryStore, TimeColumn, storedLabels, type SeriesRef, type StoredSeries } from '../promql/index.js';
import { exposedSeries, sourceSeries, type ExposedSeries, type SourceSeries } from '../scenario/catalog.js';
import type { Scenario } from '../scenario/schema.js';
import type { BoundEffect } from './faults.js';
import { normalCdf, scaleMultiplier, shapeStrength, Z99 } from './shapes.js';

/**
 * An effect instance in play: when it started and how strong it is at a given time. `strength`
 * must be a pure function of t; effects that share one (a fault start's) are asked once a scrape.
 */
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
  /** the sample times of every exposed series: a scrape writes its time here once */
  readonly times: TimeColumn;
  /** running totals of counters, buckets, sums and counts, per exposed series */
  readonly totals: Float64Array;
  /**
   * Each source's noise stream (seedrandom's Alea, `noise/<series>`), its state kept here as
   * [s0, s1, s2, c] per source so a scrape draws without a call per number. Same numbers. A
   * source without noise (noise: 0, fixed by the scenario) would multiply its draw, always
   * finite, by 0: it draws nothing, as its stream serves nothing else (same values to the bit).
   */
  readonly noise: Float64Array;
  /** exposed series indices per source, for fast updates */
  readonly bySource: readonly (readonly number[])[];
  /** what a scrape needs of each source and exposed series: the scenario's part worked out once for all its drills (Layout), this drill's own state */
  readonly plan: ScrapePlan;
  lastScrape?: number;
}

/** Counters start as if the process had been up for a while, so they look like production ones. */
const INITIAL_UPTIME = 6 * 3600;

export function newMetrics(s: Scenario, seed: string): MetricsState {
  const layout = layoutOf(s);
  const { sources, exposed, bySource } = layout;
  const capacity = staggeredCapacity(seed);
  const store = new MemoryStore(capacity);
  // every exposed series is appended at every scrape: one array of sample times serves them all
  const times = new TimeColumn(capacity);
  const refs = layout.labels.map((l) => store.add(l, times));
  const noise = new Float64Array(sources.length * 4);
  layout.plans.forEach((sp, i) => {
    if (sp.noise === 0) return; // it draws nothing (see MetricsState.noise)
    const st = aleaState(seed, layout.streams[i]!);
    noise[i * 4] = st.s0; noise[i * 4 + 1] = st.s1; noise[i * 4 + 2] = st.s2; noise[i * 4 + 3] = st.c;
  });
  const plan = scrapePlan(layout, refs.map((r) => store.get(r)));
  return { sources, exposed, store, refs, times, totals: new Float64Array(exposed.length), noise, bySource, plan };
}

/**
 * The samples a drill's series hold before their arrays are first doubled: 64 to 127, from the
 * seed. Arrays double when full, and drills started together fill them at the same scrape: with
 * one size for all, 500 drills copied every array in the same second (1.5 s of work at the
 * doubling to 2,048). Spread over 64 sizes, a handful double at a time. Values are unaffected.
 */
function staggeredCapacity(seed: string): number {
  let h = 2166136261; // FNV-1a
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return 64 + ((h >>> 0) % 64);
}

/** How to scrape one source: its generator, clamps and latency distribution, read once. */
interface SourcePlan {
  readonly gauge: boolean;
  readonly base: number;
  readonly daily: number;
  /** index of this source's peak hour in ScrapePlan.peakHours: the daily cosine is taken once per distinct peak hour */
  readonly peak: number;
  readonly noise: number;
  /** the clamps, -Infinity and +Infinity where the scenario sets none (Math.max(-Infinity, v) is v, -0 and NaN included) */
  readonly min: number;
  readonly max: number;
  /** kept at 0 or above: every counter, and a gauge without a min */
  readonly floorZero: boolean;
  /** an integer gauge */
  readonly round: boolean;
  readonly median: number;
  /** log-normal sigma of the latency, and exp(sigma^2 / 2) for the mean (histograms only) */
  readonly sigma: number;
  readonly meanFactor: number;
  /** has finite histogram buckets */
  readonly buckets: boolean;
  /** first and one-past-last exposed series of this source (they are contiguous) */
  readonly from: number;
  readonly to: number;
}

const PART_PLAIN = 0;
const PART_BUCKET = 1;
const PART_SUM = 2;

interface ScrapePlan {
  readonly sources: readonly SourcePlan[];
  /** per exposed series: PART_PLAIN (gauge value, counter, count, +Inf bucket), PART_BUCKET or PART_SUM */
  readonly part: Uint8Array;
  /** per exposed series: log(le) of a finite bucket */
  readonly logLe: Float64Array;
  readonly series: readonly StoredSeries[];
  /** distinct peak hours, and the daily cosine of each at the scrape being taken */
  readonly peakHours: Float64Array;
  readonly dailyCos: Float64Array;
  /**
   * Per source, the bent median latency the bucket fractions below were computed for; per
   * exposed bucket, that fraction. A fraction depends only on the median (the spread is the
   * source's own), so it is recomputed only when an effect moves the median.
   */
  readonly fractionFor: Float64Array;
  readonly fraction: Float64Array;
  /** ActiveEffect list length the per-source index below was built for */
  indexed: number;
  /** indices into the active effects that touch each source, in order */
  effectsOf: number[][];
  /** each active effect's strength at the scrape being taken */
  strength: Float64Array;
  /**
   * 1 for an active effect that is over for good: a spike past its window. Its strength is
   * 0 x the fault's (finite) strength from then on, which the fold skips anyway, so it is
   * left out of the per-source lists.
   */
  spent: Uint8Array;
  lastMs: number;
}

/**
 * What every drill of a scenario shares and none changes: its series (their label sets made as
 * the store keeps them, so all drills' stores share them), each source's noise stream name and
 * how to scrape it. Worked out once per loaded scenario, not per drill.
 */
interface Layout {
  readonly sources: readonly SourceSeries[];
  readonly exposed: readonly ExposedSeries[];
  readonly bySource: readonly (readonly number[])[];
  readonly labels: readonly Labels[];
  readonly streams: readonly string[];
  readonly plans: readonly SourcePlan[];
  readonly part: Uint8Array;
  readonly logLe: Float64Array;
  readonly peakHours: Float64Array;
}

const layouts = new WeakMap<Scenario, Layout>();

function layoutOf(s: Scenario): Layout {
  let layout = layouts.get(s);
  if (layout) return layout;
  const sources = sourceSeries(s);
  const exposed = exposedSeries(sources);
  const bySource: number[][] = sources.map(() => []);
  exposed.forEach((e, i) => bySource[e.source]!.push(i));
  const part = new Uint8Array(exposed.length);
  const logLe = new Float64Array(exposed.length);
  exposed.forEach((ex, i) => {
    if (ex.part === 'bucket' && ex.le !== Infinity) { part[i] = PART_BUCKET; logLe[i] = Math.log(ex.le!); }
    else if (ex.part === 'sum') part[i] = PART_SUM;
  });
  const peakHours: number[] = [];
  const plans = sources.map((src): SourcePlan => {
    const def = src.metric.series[src.seriesIndex]!;
    const gauge = src.metric.type === 'gauge';
    const gen = (gauge ? def.value : def.rate)!;
    const idx = bySource[src.index]!;
    idx.forEach((e, k) => { if (e !== idx[0]! + k) throw new Error('exposed series of a source are not contiguous'); });
    const sigma = def.latency ? Math.log(def.latency.p99 / def.latency.median) / Z99 : NaN;
    return {
      gauge, base: gen.base, daily: gen.daily, peak: peakIndex(peakHours, gen.peak_hour), noise: gen.noise,
      min: gen.min ?? -Infinity, max: gen.max ?? Infinity, floorZero: !gauge || gen.min === undefined, round: gauge && gen.integer === true,
      median: def.latency?.median ?? NaN, sigma, buckets: idx.some((i) => part[i] === PART_BUCKET), meanFactor: Math.exp((sigma * sigma) / 2),
      from: idx[0] ?? 0, to: idx.length ? idx[idx.length - 1]! + 1 : 0,
    };
  });
  layout = {
    sources, exposed, bySource, labels: exposed.map((e) => storedLabels(e.labels)), streams: sources.map((src) => `noise/${JSON.stringify(src.labels)}`),
    plans, part, logLe, peakHours: Float64Array.from(peakHours),
  };
  layouts.set(s, layout);
  return layout;
}

/** A drill's own scrape plan over the scenario's layout and the drill's stored series. */
function scrapePlan(layout: Layout, series: readonly StoredSeries[]): ScrapePlan {
  const { plans, part, logLe, peakHours } = layout;
  return {
    sources: plans, part, logLe, series, peakHours, dailyCos: new Float64Array(peakHours.length),
    fractionFor: new Float64Array(plans.length).fill(NaN), fraction: new Float64Array(part.length), indexed: -1, effectsOf: [], strength: new Float64Array(8), spent: new Uint8Array(8), lastMs: -Infinity };
}

function peakIndex(list: number[], h: number): number {
  const i = list.findIndex((x) => Object.is(x, h));
  if (i >= 0) return i;
  list.push(h);
  return list.length - 1;
}

/** seedrandom's Alea state after seeding with `${seed}/${name}`, as `stream` would start. */
function aleaState(seed: string, name: string): { s0: number; s1: number; s2: number; c: number } {
  return (seedrandom.alea(`${seed}/${name}`, { state: true }) as unknown as { state(): { s0: number; s1: number; s2: number; c: number } }).state();
}

/** Rebuild which active effects touch which source (effects are only ever appended). */
function indexEffects(p: ScrapePlan, nSources: number, active: readonly ActiveEffect[]): void {
  const of: number[][] = Array.from({ length: nSources }, () => []);
  if (p.spent.length < active.length) {
    const spent = new Uint8Array(Math.max(active.length, p.spent.length * 2));
    spent.set(p.spent);
    p.spent = spent;
  }
  active.forEach((a, k) => {
    if (p.spent[k]) return;
    const seen = new Set<number>();
    for (const src of a.effect.sources) if (!seen.has(src)) { seen.add(src); of[src]?.push(k); }
  });
  for (const list of of) list.sort((x, y) => x - y);
  p.effectsOf = of;
  p.indexed = active.length;
  if (p.strength.length < active.length) p.strength = new Float64Array(Math.max(active.length, p.strength.length * 2));
}

/**
 * Take one scrape at time t. `dt` is the time since the previous scrape (counters grow by
 * rate x dt). Series whose service is down could be left out; here every series is present.
 *
 * Every number is computed with the same operations in the same order as a plain reading of
 * the model would (healthy value, effects folded in the order they became active, clamps,
 * log-normal bucket fractions), so drills stay byte for byte reproducible; the work is laid
 * out so that a scrape allocates nothing.
 */
export function scrape(m: MetricsState, s: Scenario, t: number, active: readonly ActiveEffect[], resets: ReadonlySet<number> = new Set()): void {
  const dt = m.lastScrape === undefined ? INITIAL_UPTIME : t - m.lastScrape;
  const tMs = Math.round(t * 1000);
  const p = m.plan;
  if (!(tMs > p.lastMs)) throw new Error(`out-of-order scrape at ${tMs} ms, after ${p.lastMs} ms`);
  if (p.indexed !== active.length) indexEffects(p, m.sources.length, active);
  const { strength, spent } = p;
  let respent = false;
  // Effects of one fault start share their strength function (a pure function of t): ask it once.
  let lastFn: ((t: number) => number) | undefined;
  let lastStrength = 0;
  for (let k = 0; k < active.length; k++) {
    if (spent[k]) { strength[k] = 0; continue; }
    const a = active[k]!;
    const e = a.effect;
    const tau = t - a.startedAt - e.delay;
    if (e.shape === 'spike' && tau >= (e.over ?? 0)) { spent[k] = 1; respent = true; strength[k] = 0; continue; }
    if (a.strength !== lastFn) { lastFn = a.strength; lastStrength = lastFn(t); }
    strength[k] = shapeStrength(e.shape, tau, e.over) * lastStrength;
  }
  if (respent) p.indexed = -1;
  const hour = s.settings.start_hour + t / 3600;
  const { peakHours, dailyCos, fractionFor, fraction } = p;
  for (let h = 0; h < peakHours.length; h++) dailyCos[h] = Math.cos((2 * Math.PI * (hour - peakHours[h]!)) / 24);
  const noise = m.noise;
  const totals = m.totals;
  const { part, logLe, series } = p;
  const checkResets = resets.size > 0;
  m.times.push(tMs);
  for (let si = 0; si < p.sources.length; si++) {
    const sp = p.sources[si]!;
    let wobble = 1;
    if (sp.noise !== 0) {
      // the source's gaussian draw (Box-Muller over two Alea numbers, as rng.ts's stream)
      const o = si * 4;
      let r = 2091639 * noise[o]! + noise[o + 3]! * 2.3283064365386963e-10;
      let c = r | 0;
      const u1 = r - c;
      r = 2091639 * noise[o + 1]! + c * 2.3283064365386963e-10;
      c = r | 0;
      const u2 = r - c;
      noise[o] = noise[o + 2]!; noise[o + 1] = u1; noise[o + 2] = u2; noise[o + 3] = c;
      const z = Math.sqrt(-2 * Math.log(Math.max(u1, 1e-12))) * Math.cos(2 * Math.PI * u2);
      wobble = 1 + sp.noise * z;
    }
    const daily = 1 + sp.daily * dailyCos[sp.peak]!;
    const healthy = sp.base * daily * wobble;
    let mulRate = 1; let mulValue = 1; let mulLatency = 1;
    let addRate = 0; let addValue = 0; let addLatency = 0;
    const effects = p.effectsOf[si]!;
    for (let j = 0; j < effects.length; j++) {
      const k = effects[j]!;
      const f = strength[k]!;
      if (f === 0) continue;
      const e = active[k]!.effect;
      if (e.multiply !== undefined) {
        const x = scaleMultiplier(e.multiply, f);
        if (e.target === 'rate') mulRate *= x; else if (e.target === 'value') mulValue *= x; else mulLatency *= x;
      }
      if (e.add !== undefined) {
        const x = e.add * f;
        if (e.target === 'rate') addRate += x; else if (e.target === 'value') addValue += x; else addLatency += x;
      }
    }
    let v = sp.gauge ? healthy * mulValue + addValue : healthy * mulRate + addRate;
    v = Math.min(sp.max, Math.max(sp.min, v));
    if (sp.floorZero) v = Math.max(0, v);
    if (sp.round) v = Math.round(v);
    if (sp.gauge) {
      for (let i = sp.from; i < sp.to; i++) series[i]!.appendAt(v);
      continue;
    }
    const n = v * dt;
    const reset = checkResets && resets.has(si);
    // histogram latency: log-normal around the bent median (only read for buckets and sums)
    const mLat = Math.max(1e-6, sp.median * mulLatency + addLatency);
    const fresh = sp.buckets && !(fractionFor[si] === mLat);
    const logM = fresh ? Math.log(mLat) : 0;
    fractionFor[si] = mLat;
    for (let i = sp.from; i < sp.to; i++) {
      let inc = n;
      const pt = part[i]!;
      if (pt === PART_BUCKET) {
        if (fresh) fraction[i] = normalCdf((logLe[i]! - logM) / sp.sigma);
        inc = n * fraction[i]!;
      }
      else if (pt === PART_SUM) inc = n * mLat * sp.meanFactor;
      if (reset) totals[i] = 0;
      const total = totals[i]! + inc;
      totals[i] = total;
      series[i]!.appendAt(total);
    }
  }
  p.lastMs = tMs;
  m.lastScrape = t;
}
