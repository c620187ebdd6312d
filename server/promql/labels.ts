// Label-set helpers shared by storage, evaluation and alerting.
import type { Matcher } from './ast.js';
import { compileAnchored } from './regex.js';

/** A label set, including `__name__` for raw series. Treat as immutable. */
export type Labels = Readonly<Record<string, string>>;

/** The reserved label holding the metric name. */
export const METRIC_NAME = '__name__';

const SEP = '\xff';
const keyCache = new WeakMap<Labels, string>();
const namesCache = new WeakMap<Labels, readonly string[]>();

/** Label names in Prometheus order (sorted). Cached per label object. */
export function sortedNames(l: Labels): readonly string[] {
  let names = namesCache.get(l);
  if (names === undefined) {
    const keys = Object.keys(l);
    // Label sets are mostly built from already sorted ones; skip the sort then.
    let sorted = true;
    for (let i = 1; i < keys.length && sorted; i++) sorted = (keys[i - 1] as string) < (keys[i] as string);
    if (!sorted) keys.sort();
    names = keys;
    namesCache.set(l, names);
  }
  return names;
}

/**
 * A string that is equal for equal label sets and different otherwise, used
 * as a map key for series identity (Prometheus hashes labels for the same).
 */
export function labelsKey(l: Labels): string {
  let key = keyCache.get(l);
  if (key === undefined) {
    key = '';
    for (const n of sortedNames(l)) key += n + SEP + (l[n] ?? '') + SEP;
    keyCache.set(l, key);
  }
  return key;
}

/** Orders label sets like Prometheus's labels.Compare, which sorts query results. */
export function compareLabels(a: Labels, b: Labels): number {
  const an = sortedNames(a);
  const bn = sortedNames(b);
  const n = Math.min(an.length, bn.length);
  for (let i = 0; i < n; i++) {
    const x = an[i] as string;
    const y = bn[i] as string;
    if (x !== y) return x < y ? -1 : 1;
    const xv = a[x] as string;
    const yv = b[y] as string;
    if (xv !== yv) return xv < yv ? -1 : 1;
  }
  return an.length - bn.length;
}

/** Copy of `l` without the listed names. Returns `l` itself when nothing changes. */
export function without(l: Labels, names: Iterable<string>): Labels {
  let out: Record<string, string> | null = null;
  for (const n of names) {
    if (n in l) {
      if (out === null) out = { ...l };
      delete out[n];
    }
  }
  return out ?? l;
}

/** Copy of `l` restricted to the listed names. */
export function keepOnly(l: Labels, names: readonly string[]): Labels {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = l[n];
    if (v !== undefined && v !== '') out[n] = v;
  }
  return out;
}

const nameless = new WeakMap<Labels, Labels>();

/**
 * Drops `__name__`, as functions and arithmetic do in Prometheus. Memoized
 * per label object, so the same stored series yields the same object at
 * every step and the key caches above keep working.
 */
export function dropName(l: Labels): Labels {
  if (!(METRIC_NAME in l)) return l;
  let out = nameless.get(l);
  if (out === undefined) {
    out = without(l, [METRIC_NAME]);
    nameless.set(l, out);
  }
  return out;
}

const derived = new WeakMap<Labels, Map<string, Labels>>();

/** Memoizes a label set derived from `l` by a deterministic rule identified by `key`. */
export function derive(l: Labels, key: string, make: (l: Labels) => Labels): Labels {
  let m = derived.get(l);
  if (m === undefined) {
    m = new Map();
    derived.set(l, m);
  }
  let out = m.get(key);
  if (out === undefined) {
    out = make(l);
    m.set(key, out);
  }
  return out;
}

/** Sets (or, for an empty value, deletes) one label; Prometheus treats "" as absent. */
export function withLabel(l: Labels, name: string, value: string): Labels {
  const out: Record<string, string> = { ...l };
  if (value === '') delete out[name];
  else out[name] = value;
  return out;
}

/**
 * Join signature for vector matching: with `on` only the listed labels count,
 * otherwise all labels except `__name__` and the listed ones
 * (Prometheus's signatureFunc).
 */
export function matchSignature(l: Labels, on: boolean, names: readonly string[]): string {
  // The spec strings are made once per list of names, so a lookup builds no string.
  let both = specs.get(names);
  if (both === undefined) {
    const joined = names.join(SEP);
    both = [joined, `on${SEP}${joined}`];
    specs.set(names, both);
  }
  const spec = on ? both[1] : both[0];
  let m = signatures.get(l);
  if (m === undefined) {
    m = new Map();
    signatures.set(l, m);
  }
  let sig = m.get(spec);
  if (sig === undefined) {
    sig = computeSignature(l, on, names);
    m.set(spec, sig);
  }
  return sig;
}

const signatures = new WeakMap<Labels, Map<string, string>>();
const specs = new WeakMap<readonly string[], readonly [string, string]>();

function computeSignature(l: Labels, on: boolean, names: readonly string[]): string {
  let key = '';
  if (on) {
    const sorted = [...names].sort();
    for (const n of sorted) {
      const v = l[n];
      if (v !== undefined && v !== '') key += n + SEP + v + SEP;
    }
    return key;
  }
  for (const n of sortedNames(l)) {
    if (n === METRIC_NAME || names.includes(n)) continue;
    key += n + SEP + (l[n] ?? '') + SEP;
  }
  return key;
}

const regexCache = new Map<string, RegExp>();

/** The matcher's compiled regex; compiled here for matchers built by hand without `re`. */
function regexOf(m: Matcher): RegExp {
  if (m.re) return m.re;
  let re = regexCache.get(m.value);
  if (!re) {
    const r = compileAnchored(m.value);
    if ('error' in r) throw new Error(r.error);
    re = r.re;
    regexCache.set(m.value, re);
  }
  return re;
}

/** Tests one matcher against a label value; a missing label matches as "". */
export function matchValue(m: Matcher, value: string | undefined): boolean {
  const v = value ?? '';
  switch (m.type) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return regexOf(m).test(v);
    case '!~':
      return !regexOf(m).test(v);
  }
}

/**
 * True when every matcher accepts the label set, with Prometheus semantics
 * (absent label == empty value, regexes fully anchored).
 */
export function matchLabels(matchers: readonly Matcher[], labels: Labels): boolean {
  for (const m of matchers) {
    if (!matchValue(m, labels[m.name])) return false;
  }
  return true;
}

const LEGACY_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** `{a="b", c="d"}` as Prometheus's labels.String(), used in error messages. */
export function labelsString(l: Labels): string {
  const parts = sortedNames(l).map((n) => {
    const name = LEGACY_NAME.test(n) ? n : JSON.stringify(n);
    return `${name}=${JSON.stringify(l[n])}`;
  });
  return `{${parts.join(', ')}}`;
}

/** True when the vector has two samples with the same label set. */
export function hasDuplicateLabels(items: readonly { labels: Labels }[]): boolean {
  if (items.length < 2) return false;
  const seen = new Set<string>();
  for (const it of items) {
    const k = labelsKey(it.labels);
    if (seen.has(k)) return true;
    seen.add(k);
  }
  return false;
}
