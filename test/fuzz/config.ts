/**
 * Knobs and shared checks for the fuzz suites. `npm test` runs a few hundred cases per suite;
 * `npm run fuzz` runs FUZZ_RUNS=10000 (or whatever FUZZ_RUNS says). FUZZ_SEED replays a run:
 * every failure prints the seed and path fast-check needs.
 */

/** Cases per suite (scenario files; HTTP messages; WebSocket messages). */
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 300));
/** Fixed seed to replay a run; random (and printed) otherwise. */
export const FUZZ_SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
/** The time box of one case: longer is a hang (20 s in `npm test`, where many suites share the CPUs; 10 s in `npm run fuzz`). */
export const CASE_MS = Number(process.env.FUZZ_CASE_MS ?? 20_000);

/** A test timeout that grows with the run count (about 20 ms a case, plus slack). */
export function suiteTimeout(perCaseMs = 20): number {
  return 120_000 + FUZZ_RUNS * perCaseMs * 3;
}

const PROTOTYPES: readonly [string, object][] = [
  ['Object.prototype', Object.prototype], ['Array.prototype', Array.prototype], ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype], ['Number.prototype', Number.prototype],
  // The constructors, and the methods of Object.prototype: `obj["constructor"].x = 1` and
  // `obj["valueOf"].x = 1` change them for every object in the process too.
  ['Object', Object], ['Array', Array], ['Function', Function],
  ...Object.getOwnPropertyNames(Object.prototype).flatMap((k): [string, object][] => {
    const v = Object.getOwnPropertyDescriptor(Object.prototype, k)!.value;
    return typeof v === 'function' && v !== Object ? [[`Object.prototype.${k}`, v as object]] : [];
  }),
];
const BASELINE = new Map(PROTOTYPES.map(([name, proto]) => [name, new Map(Object.getOwnPropertyNames(proto).map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)!.value]))]));

/**
 * Has anything been added to, or replaced on, the built-in prototypes since this module loaded?
 * `{}.polluted` turning up is what a prototype-pollution bug looks like from outside.
 */
export function pollution(): string | undefined {
  for (const [name, proto] of PROTOTYPES) {
    const base = BASELINE.get(name)!;
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (!base.has(key)) return `${name} gained "${key}"`;
      const value = Object.getOwnPropertyDescriptor(proto, key)!.value;
      if (typeof base.get(key) === 'function' && value !== base.get(key)) return `${name}.${key} was replaced`;
    }
  }
  const probe: Record<string, unknown> = {};
  for (const key of ['polluted', 'isAdmin', 'admin', 'x', 'role']) if (probe[key] !== undefined) return `({}).${key} is ${String(probe[key])}`;
  return undefined;
}

/** Counts by label, printed as one line per suite. */
export class Tally {
  readonly #counts = new Map<string, number>();
  slowestMs = 0;
  slowest = '';

  add(label: string, n = 1): void {
    this.#counts.set(label, (this.#counts.get(label) ?? 0) + n);
  }

  get(label: string): number { return this.#counts.get(label) ?? 0; }

  time(ms: number, what: string): void {
    if (ms > this.slowestMs) { this.slowestMs = ms; this.slowest = what; }
  }

  line(title: string): string {
    const parts = [...this.#counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k} ${v}`);
    return `${title}: ${parts.join(', ')}; slowest ${Math.round(this.slowestMs)} ms (${this.slowest.slice(0, 80)}); seed ${FUZZ_SEED}`;
  }
}

/** Resolve with `p`, or reject once `ms` have passed: a case that takes longer is a hang. */
export async function timeBox<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, rej) => { timer = setTimeout(() => rej(new Error(`hang: ${what} took more than ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

/** A short, printable form of a fuzz input for failure messages. */
export function preview(text: string, max = 300): string {
  const s = JSON.stringify(text);
  return s.length > max ? `${s.slice(0, max)}... (${text.length} chars)` : s;
}
