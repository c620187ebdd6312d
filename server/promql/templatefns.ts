// Functions available inside alert templates, as registered by
// Prometheus's template package (the ones that do not run queries), plus
// Go text/template's builtins eq/ne/lt/le/gt/ge/and/or/not/index/len.
import { expandReplacement } from './functions.js';
import { type TValue, humanize, humanize1024, humanizeDuration, humanizePercentage, humanizeTimestamp, printValue, sprintf, str, toFloat } from './gofmt.js';
import { compileSearch } from './regex.js';

export type Exec = (args: TValue[]) => TValue;
const s1 = (f: (v: number) => string): Exec => (a) => str(f(toFloat(arg(a, 0))));

function arg(a: readonly TValue[], i: number): TValue {
  const v = a[i];
  if (v === undefined) throw new Error('wrong number of args');
  return v;
}

/** Go template truthiness: false, 0, "" and empty maps are false. */
export function truth(v: TValue): boolean {
  if (v.k === 'bool') return v.v;
  if (v.k === 'map') return Object.keys(v.v).length > 0;
  return v.k === 'string' ? v.v !== '' : v.v !== 0;
}

/** Go's basic-kind comparison: both operands must have the same kind. */
function cmp(a: TValue, b: TValue): number {
  if (a.k !== b.k || a.k === 'map' || a.k === 'bool') throw new Error('incompatible types for comparison');
  return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
}

/** Implementations by name; arguments arrive evaluated, a piped value last. */
export const EXEC: Readonly<Record<string, Exec>> = {
  humanize: s1(humanize),
  humanize1024: s1(humanize1024),
  humanizeDuration: s1(humanizeDuration),
  humanizePercentage: s1(humanizePercentage),
  humanizeTimestamp: s1(humanizeTimestamp),
  printf: (a) => str(sprintf(printValue(arg(a, 0)), a.slice(1))),
  toUpper: (a) => str(printValue(arg(a, 0)).toUpperCase()),
  toLower: (a) => str(printValue(arg(a, 0)).toLowerCase()),
  title: (a) => str(printValue(arg(a, 0)).replace(/(^|[^A-Za-z0-9_])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase())),
  len: (a) => {
    const v = arg(a, 0);
    return { k: 'int', v: v.k === 'map' ? Object.keys(v.v).length : Buffer.byteLength(printValue(v)) };
  },
  index: (a) => {
    const m = arg(a, 0);
    if (m.k !== 'map') throw new Error(`can't index item of type ${m.k}`);
    return str(m.v[printValue(arg(a, 1))] ?? '');
  },
  match: (a) => {
    const r = compileSearch(printValue(arg(a, 0)));
    if ('error' in r) throw new Error(r.error);
    return { k: 'bool', v: r.re.test(printValue(arg(a, 1))) };
  },
  reReplaceAll: (a) => {
    const r = compileSearch(printValue(arg(a, 0)));
    if ('error' in r) throw new Error(r.error);
    const repl = printValue(arg(a, 1));
    const text = printValue(arg(a, 2));
    let out = '';
    let last = 0;
    for (let m = r.re.exec(text); m; m = r.re.exec(text)) {
      out += text.slice(last, m.index) + expandReplacement(repl, m);
      last = m.index + m[0].length;
      if (m[0] === '') r.re.lastIndex++;
    }
    return str(out + text.slice(last));
  },
  eq: (a) => ({ k: 'bool', v: a.slice(1).some((b) => cmp(arg(a, 0), b) === 0) }),
  ne: (a) => ({ k: 'bool', v: cmp(arg(a, 0), arg(a, 1)) !== 0 }),
  lt: (a) => ({ k: 'bool', v: cmp(arg(a, 0), arg(a, 1)) < 0 }),
  le: (a) => ({ k: 'bool', v: cmp(arg(a, 0), arg(a, 1)) <= 0 }),
  gt: (a) => ({ k: 'bool', v: cmp(arg(a, 0), arg(a, 1)) > 0 }),
  ge: (a) => ({ k: 'bool', v: cmp(arg(a, 0), arg(a, 1)) >= 0 }),
  and: (a) => a.find((v) => !truth(v)) ?? arg(a, a.length - 1),
  or: (a) => a.find((v) => truth(v)) ?? arg(a, a.length - 1),
  not: (a) => ({ k: 'bool', v: !truth(arg(a, 0)) }),
};

/** Names checkTemplate accepts in function position. */
export const TEMPLATE_FUNCTIONS: ReadonlySet<string> = new Set(Object.keys(EXEC));
