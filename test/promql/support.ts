// Helpers for PromQL tests: build small stores by hand (times in seconds)
// and read query results as plain [labels, value] pairs.
import { type Labels, MemoryStore, compile, instantQuery, labelsString } from '../../server/promql/index.js';

export type SampleSpec = readonly (readonly [number, number])[];

/** A store with the given series; samples are [seconds, value]. */
export function makeStore(series: readonly (readonly [Labels, SampleSpec])[]): MemoryStore {
  const store = new MemoryStore();
  for (const [labels, samples] of series) {
    const ref = store.add(labels);
    for (const [t, v] of samples) store.append(ref, Math.round(t * 1000), v);
  }
  return store;
}

/** Evenly spaced samples: value(t) for t = from, from+step, ..., to (seconds). */
export function every(from: number, to: number, step: number, value: (t: number) => number): [number, number][] {
  const out: [number, number][] = [];
  for (let t = from; t <= to; t += step) out.push([t, value(t)]);
  return out;
}

/** Instant query at tSec; vectors as [labelsString, value] in result order, scalars as [['scalar', v]]. */
export function q(store: MemoryStore, expr: string, tSec: number): [string, number][] {
  const v = instantQuery(compile(expr), store, Math.round(tSec * 1000));
  if (v.type === 'scalar') return [['scalar', v.value]];
  if (v.type === 'vector') return v.samples.map((s) => [labelsString(s.labels), s.value]);
  throw new Error(`unexpected ${v.type} result`);
}

/** The single value of an instant query (vector with one element, or scalar). */
export function one(store: MemoryStore, expr: string, tSec: number): number {
  const r = q(store, expr, tSec);
  if (r.length !== 1) throw new Error(`expected one result for ${expr}, got ${JSON.stringify(r)}`);
  return (r[0] as [string, number])[1];
}
