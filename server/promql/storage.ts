// In-memory time-series store the simulation appends to and queries read.
// Time is integer milliseconds. A NaN value is a Prometheus stale marker: the
// series disappeared at that instant (Prometheus writes a special NaN for the
// same purpose), so plain NaN sample values cannot be stored.
import type { Matcher } from './ast.js';
import { type Labels, METRIC_NAME, labelsKey, matchLabels } from './labels.js';

export type { Labels } from './labels.js';

/** Handle returned by `MemoryStore.add`; an index into the store. */
export type SeriesRef = number;

const INITIAL_CAPACITY = 64;

/**
 * Most selections `MemoryStore.select` remembers. Every distinct selector a client writes is a
 * new entry, so without a bound a client could grow server memory at will; a drill's own charts
 * and alert rules need far fewer.
 */
export const SELECT_CACHE_ENTRIES = 512;

/**
 * Sample times that several series can share: the series of one scrape are appended at the
 * same instants, so they need one array of times between them, not one each. A series appends
 * its time to the column when it is the first to reach that index, and finds it there
 * otherwise; one that is appended at other times than the rest goes on with its own copy.
 *
 * @example
 * const times = new TimeColumn();
 * const a = store.add({ __name__: 'up', job: 'a' }, times);
 * const b = store.add({ __name__: 'up', job: 'b' }, times);
 */
export class TimeColumn {
  /** the times, valid below `n` */
  ts: Float64Array;
  n = 0;

  /** `capacity`: samples before the first time the array is copied into one twice its size */
  constructor(capacity = INITIAL_CAPACITY) {
    this.ts = new Float64Array(capacity);
  }

  /**
   * Appends time `t` for the sharing series to take with `StoredSeries.appendAt`: a caller
   * that appends a sample to each of them at every instant writes the time once, not once each.
   */
  push(t: number): void {
    if (this.n > 0 && !(t > (this.ts[this.n - 1] as number))) throw new Error(`out-of-order time ${t} after ${this.ts[this.n - 1]}`);
    if (this.n === this.ts.length) this.ts = grown(this.ts, this.n);
    this.ts[this.n++] = t;
  }
}

/**
 * One series: its labels and samples in growable typed arrays, so 100 series
 * of 5760 samples cost ~5-9 MB (times shared or not) and lookups are binary searches.
 */
export class StoredSeries {
  readonly ref: SeriesRef;
  readonly labels: Labels;
  readonly key: string;
  /** this series' sample times are the column's first `n` */
  private col: TimeColumn;
  private vs: Float64Array;
  private n = 0;
  private staleMarkers = 0;

  constructor(ref: SeriesRef, labels: Labels, times: TimeColumn = new TimeColumn(), capacity = INITIAL_CAPACITY) {
    this.ref = ref;
    this.labels = labels;
    this.key = labelsKey(labels);
    this.col = times;
    this.vs = new Float64Array(capacity);
  }

  /** Number of stored samples (stale markers included). */
  get length(): number {
    return this.n;
  }

  timeAt(i: number): number {
    return this.col.ts[i] as number;
  }

  valueAt(i: number): number {
    return this.vs[i] as number;
  }

  /** Whether any stored sample is a stale marker (else a window needs no scan for them). */
  get hasStaleMarkers(): boolean {
    return this.staleMarkers > 0;
  }

  /** Timestamp of the newest sample, or -Infinity for an empty series. */
  lastTime(): number {
    return this.n === 0 ? -Infinity : (this.col.ts[this.n - 1] as number);
  }

  append(t: number, v: number): void {
    const n = this.n;
    const col = this.col;
    if (col.n === n) {
      if (n === col.ts.length) col.ts = grown(col.ts, n);
      col.ts[n] = t;
      col.n = n + 1;
    } else if (col.ts[n] !== t) {
      // the series sharing the column were appended at another time: go on alone
      const own = new TimeColumn();
      own.ts = grown(col.ts.subarray(0, n), n);
      own.ts[n] = t;
      own.n = n + 1;
      this.col = own;
    }
    if (n === this.vs.length) this.vs = grown(this.vs, n);
    this.vs[n] = v;
    this.n = n + 1;
    if (v !== v) this.staleMarkers++;
  }

  /**
   * Appends `v` at the next time already in this series' column (`TimeColumn.push`), the
   * time neither given nor compared: for series that are all appended at every instant.
   */
  appendAt(v: number): void {
    const n = this.n;
    if (n >= this.col.n) throw new Error(`no time in the column for sample ${n} of ${this.key.replaceAll('\xff', ' ')}`);
    if (n === this.vs.length) this.vs = grown(this.vs, n);
    this.vs[n] = v;
    this.n = n + 1;
    if (v !== v) this.staleMarkers++;
  }

  /** The backing arrays of times and values, valid for indices below `length` until the next append. */
  get times(): Float64Array {
    return this.col.ts;
  }

  get values(): Float64Array {
    return this.vs;
  }

  /** Zero-copy views of samples [lo, hi); valid after later appends too. */
  slice(lo: number, hi: number): { ts: Float64Array; vs: Float64Array } {
    return { ts: this.col.ts.subarray(lo, hi), vs: this.vs.subarray(lo, hi) };
  }

  /** Index of the first sample with timestamp > t (== length when none). */
  firstAfter(t: number): number {
    // Queries mostly ask about recent times: look back from the newest sample, doubling the
    // step, then search the bracket found (same answer as a search of the whole series).
    const n = this.n;
    const ts = this.col.ts;
    if (n === 0 || (ts[n - 1] as number) <= t) return n;
    let hi = n - 1;
    let step = 1;
    let lo = hi - step;
    while (lo > 0 && (ts[lo] as number) > t) {
      hi = lo;
      step *= 2;
      lo = hi - step;
    }
    if (lo < 0) lo = 0;
    // now ts[hi] > t, and either lo == 0 or ts[lo] <= t: the answer is in [lo, hi]
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ts[mid] as number) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const stored = new WeakSet<Labels>();

/**
 * A label set as a store keeps it: empty values dropped (Prometheus treats them as absent),
 * names sorted, frozen. `MemoryStore.add` takes such a set as it is, so the stores of many
 * drills of one scenario can share one object per series, and with it whatever is memoized
 * per label object (keys, match signatures, derived label sets).
 */
export function storedLabels(labels: Labels): Labels {
  if (stored.has(labels)) return labels;
  const clean: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) {
    const v = labels[name];
    if (v !== undefined && v !== '') clean[name] = v;
  }
  stored.add(Object.freeze(clean));
  return clean;
}

/** A copy of the first `n` entries of `a` with room for twice as many. */
function grown(a: Float64Array, n: number): Float64Array {
  const out = new Float64Array(Math.max(INITIAL_CAPACITY, n * 2));
  out.set(a.subarray(0, n));
  return out;
}

/**
 * The simulation's TSDB. Register series with `add`, append samples in time
 * order with `append`, query with `select` (or through the PromQL evaluator).
 *
 * @example
 * const store = new MemoryStore();
 * const ref = store.add({ __name__: 'up', job: 'api' });
 * store.append(ref, 0, 1);
 */
export class MemoryStore {
  private readonly series: StoredSeries[] = [];
  private readonly byKey = new Map<string, StoredSeries>();
  private readonly byName = new Map<string, StoredSeries[]>();
  /** least recently used first: a hit moves its entry to the end, an insert past the bound drops the first */
  private readonly selectCache = new Map<string, readonly StoredSeries[]>();
  /** bumped by every `add`: a selection remembered at one generation holds until the next */
  private gen = 0;

  /**
   * `capacity`: samples each series holds before its arrays are first copied into ones twice the
   * size. Stores that grow in step (drills started together) can each take a different one, so
   * they do not all copy their arrays in the same instant.
   */
  constructor(private readonly capacity = INITIAL_CAPACITY) {}

  /** Changes whenever the set of series changes (an `add`); selections stay valid while it does not. */
  get generation(): number {
    return this.gen;
  }

  /**
   * Registers a series and returns its handle. Labels with empty values are
   * dropped (Prometheus treats them as absent); registering the same label
   * set twice returns the existing handle. Series given the same `times` share
   * their sample times while they are appended at the same instants.
   */
  add(labels: Labels, times?: TimeColumn): SeriesRef {
    const clean = storedLabels(labels);
    const name = clean[METRIC_NAME];
    if (name === undefined) throw new Error(`series ${JSON.stringify(labels)} has no __name__ label`);
    const key = labelsKey(clean);
    const existing = this.byKey.get(key);
    if (existing) return existing.ref;
    const s = new StoredSeries(this.series.length, clean, times, this.capacity);
    this.series.push(s);
    this.byKey.set(key, s);
    const list = this.byName.get(name);
    if (list) list.push(s);
    else this.byName.set(name, [s]);
    this.selectCache.clear();
    this.gen++;
    return s.ref;
  }

  /**
   * Appends a sample. `t` (ms) must be strictly increasing per series; a NaN
   * value is a stale marker (the series disappeared at `t`).
   */
  append(ref: SeriesRef, t: number, v: number): void {
    const s = this.series[ref];
    if (s === undefined) throw new Error(`unknown series ref ${ref}`);
    if (!Number.isFinite(t)) throw new Error(`sample time must be finite, got ${t}`);
    if (t <= s.lastTime()) {
      throw new Error(`out-of-order sample for ${s.key.replaceAll('\xff', ' ')}: ${t} <= ${s.lastTime()}`);
    }
    s.append(t, v);
  }

  /** The series with this handle. */
  get(ref: SeriesRef): StoredSeries {
    const s = this.series[ref];
    if (s === undefined) throw new Error(`unknown series ref ${ref}`);
    return s;
  }

  /**
   * Series matching every matcher (matchers on `__name__` included). Uses the
   * metric-name index when there is an equality matcher on `__name__`;
   * results are cached until the next `add`, the `SELECT_CACHE_ENTRIES` most
   * recently used.
   */
  select(matchers: readonly Matcher[]): readonly StoredSeries[] {
    const cacheKey = matchers.map((m) => `${m.name}\xff${m.type}\xff${m.value}`).join('\xfe');
    const cached = this.selectCache.get(cacheKey);
    if (cached) {
      this.selectCache.delete(cacheKey);
      this.selectCache.set(cacheKey, cached);
      return cached;
    }
    const nameEq = matchers.find((m) => m.name === METRIC_NAME && m.type === '=');
    const candidates = nameEq ? (this.byName.get(nameEq.value) ?? []) : this.series;
    const out = candidates.filter((s) => matchLabels(matchers, s.labels));
    this.selectCache.set(cacheKey, out);
    if (this.selectCache.size > SELECT_CACHE_ENTRIES) this.selectCache.delete(this.selectCache.keys().next().value!);
    return out;
  }

  /** How many selections are cached (at most `SELECT_CACHE_ENTRIES`). */
  get cachedSelections(): number {
    return this.selectCache.size;
  }

  allSeries(): readonly StoredSeries[] {
    return this.series;
  }

  /** Distinct metric names, sorted. */
  metricNames(): string[] {
    return [...this.byName.keys()].sort();
  }
}
