// Go fmt.Sprintf and Prometheus's humanize* template functions, so alert
// annotations render byte-for-byte as Prometheus would render them.
import { formatFloat, formatGoV } from './format.js';

/** A template value: Go's dynamic types as far as alert templates use them. */
export type TValue =
  | { readonly k: 'float'; readonly v: number }
  | { readonly k: 'int'; readonly v: number }
  | { readonly k: 'string'; readonly v: string }
  | { readonly k: 'bool'; readonly v: boolean }
  | { readonly k: 'map'; readonly v: Readonly<Record<string, string>> };

/** A Go float64 template value. */
export const float = (v: number): TValue => ({ k: 'float', v });
/** A Go string template value. */
export const str = (v: string): TValue => ({ k: 'string', v });

const GO_TYPE: Readonly<Record<TValue['k'], string>> = {
  float: 'float64',
  int: 'int',
  string: 'string',
  bool: 'bool',
  map: 'map[string]string',
};

/** Go's %v. */
export function printValue(x: TValue): string {
  switch (x.k) {
    case 'float':
      return formatGoV(x.v);
    case 'int':
      return String(x.v);
    case 'string':
      return x.v;
    case 'bool':
      return x.v ? 'true' : 'false';
    case 'map': {
      const keys = Object.keys(x.v).sort();
      return `map[${keys.map((k) => `${k}:${x.v[k]}`).join(' ')}]`;
    }
  }
}

/** Prometheus's ConvertToFloat: floats, ints and numeric strings. */
export function toFloat(x: TValue): number {
  if (x.k === 'float' || x.k === 'int') return x.v;
  if (x.k === 'string') {
    const t = x.v.trim();
    if (t === x.v && /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
    if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/i.test(t)) return NaN;
    throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(x.v)}: invalid syntax`);
  }
  throw new Error(`can't convert ${GO_TYPE[x.k]} to float`);
}

const g4 = (v: number): string => formatFloat(v, 'g', 4);

function scaled(v: number, prefixes: readonly string[], up: boolean, base: number): string {
  let prefix = '';
  let x = v;
  for (const p of prefixes) {
    if (up ? Math.abs(x) < base : Math.abs(x) >= 1) break;
    prefix = p;
    x = up ? x / base : x * base;
  }
  return `${g4(x)}${prefix}`;
}

const SMALL = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];

/** Prometheus's humanize: 4 significant digits with an SI prefix (1.235M, 12.3m). */
export function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return g4(v);
  if (Math.abs(v) >= 1) return scaled(v, ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'], true, 1000);
  return scaled(v, SMALL, false, 1000);
}

/** humanize1024: binary prefixes (ki, Mi, ...) above 1. */
export function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return g4(v);
  return scaled(v, ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi'], true, 1024);
}

/** humanizeDuration: seconds as "1d 2h 3m 4s", or with an SI prefix below 1s (250ms). */
export function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return g4(v);
  if (v === 0) return `${g4(v)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    const a = Math.abs(v);
    const d = Math.trunc(a);
    const seconds = d % 60;
    const minutes = Math.trunc(d / 60) % 60;
    const hours = Math.trunc(d / 3600) % 24;
    const days = Math.trunc(d / 86400);
    if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${g4(a)}s`;
  }
  return `${scaled(v, SMALL, false, 1000)}s`;
}

/** humanizePercentage: a ratio as a percentage with 4 significant digits. */
export function humanizePercentage(v: number): string {
  return `${g4(v * 100)}%`;
}

/** humanizeTimestamp: Go's time.Time.String() of the (ms-truncated) instant, in UTC. */
export function humanizeTimestamp(v: number): string {
  if (!Number.isFinite(v)) return g4(v);
  const ms = Math.trunc(Math.trunc(v * 1e9) / 1e6);
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const milli = ((ms % 1000) + 1000) % 1000;
  const frac = milli === 0 ? '' : `.${p(milli, 3)}`.replace(/0+$/, '');
  const date = `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  return `${date} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${frac} +0000 UTC`;
}

/** Go's strconv.Quote for the printable-ASCII-and-common-escapes cases. */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
}

function bad(verb: string, x: TValue): string {
  return `%!${verb}(${GO_TYPE[x.k]}=${printValue(x)})`;
}

function formatOne(verb: string, x: TValue, flags: string, prec: number | undefined): string {
  switch (verb) {
    case 'v':
      if (x.k === 'float' && prec !== undefined) return formatFloat(x.v, 'g', prec);
      return printValue(x);
    case 'd':
      return x.k === 'int' ? String(x.v) : bad(verb, x);
    case 's':
      return x.k === 'string' ? (prec === undefined ? x.v : x.v.slice(0, prec)) : x.k === 'map' ? printValue(x) : bad(verb, x);
    case 'q':
      return x.k === 'string' ? goQuote(x.v) : bad(verb, x);
    case 't':
      return x.k === 'bool' ? printValue(x) : bad(verb, x);
    case 'x':
    case 'X': {
      const s = x.k === 'int' ? x.v.toString(16) : x.k === 'string' ? Buffer.from(x.v, 'utf8').toString('hex') : undefined;
      if (s === undefined) return bad(verb, x);
      return verb === 'X' ? s.toUpperCase() : s;
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      if (x.k !== 'float') return bad(verb, x);
      const lower = verb.toLowerCase() as 'e' | 'f' | 'g';
      const s = formatFloat(x.v, lower, prec ?? (lower === 'g' ? -1 : 6));
      const signed = flags.includes('+') && !s.startsWith('-') && !s.startsWith('+') ? `+${s}` : s;
      return verb === 'E' || verb === 'G' ? signed.toUpperCase() : signed;
    }
    default:
      return bad(verb, x);
  }
}

function pad(s: string, width: number | undefined, flags: string, numeric: boolean): string {
  if (width === undefined || s.length >= width) return s;
  if (flags.includes('-')) return s.padEnd(width, ' ');
  if (flags.includes('0') && numeric) {
    const sign = /^[+-]/.test(s) ? (s[0] as string) : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  }
  return s.padStart(width, ' ');
}

/** Go's fmt.Sprintf for the verbs templates use (v d s q t x X e E f F g G %). */
export function sprintf(format: string, args: readonly TValue[]): string {
  let out = '';
  let argi = 0;
  const re = /%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])?/g;
  let last = 0;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    out += format.slice(last, m.index);
    last = re.lastIndex;
    const [, flags = '', w, p, verb] = m;
    if (verb === undefined) {
      out += '%!(NOVERB)';
      continue;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    const x = args[argi++];
    if (x === undefined) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const prec = p === undefined ? undefined : p === '' ? 0 : Number(p);
    const s = formatOne(verb, x, flags, prec);
    out += pad(s, w === undefined ? undefined : Number(w), flags, x.k === 'float' || x.k === 'int');
  }
  out += format.slice(last);
  if (argi < args.length) {
    out += `%!(EXTRA ${args
      .slice(argi)
      .map((x) => `${GO_TYPE[x.k]}=${printValue(x)}`)
      .join(', ')})`;
  }
  return out;
}
