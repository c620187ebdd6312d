// Go's float formatting (strconv.FormatFloat / fmt %e %f %g %v), because
// Prometheus's API output, count_values labels and alert templates all print
// floats the Go way, and byte-stable output must match. Rounding works on
// the exact decimal expansion of the double with round-half-even, as Go
// does, so 0.125 -> "%.2f" gives "0.12" (JS toFixed would give "0.13").

interface Decimal {
  /** Significant digits without leading/trailing zeros ("" for zero). */
  d: string;
  /** Decimal point position: value = 0.d × 10^dp. */
  dp: number;
}

/** Exact decimal expansion of a finite, non-negative double. */
function exactDecimal(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e2: number;
  if (expBits === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = expBits - 1075;
  }
  let digits: string;
  let dp: number;
  if (e2 >= 0) {
    digits = (mant << BigInt(e2)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-e2)).toString();
    dp = digits.length + e2;
  }
  return trim({ d: digits, dp });
}

function trim(dec: Decimal): Decimal {
  const d = dec.d.replace(/0+$/, '');
  return d === '' ? { d: '', dp: 0 } : { d, dp: dec.dp };
}

/** Shortest digits that round-trip (JS and Go agree on these). */
function shortestDecimal(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  return parseExponential(x.toExponential());
}

function parseExponential(s: string): Decimal {
  const [mant, exp] = s.split('e') as [string, string];
  return trim({ d: mant.replace('.', ''), dp: Number(exp) + 1 });
}

/**
 * |x| rounded to nd significant digits the Go way. JS's toExponential rounds
 * correctly but breaks exact ties upwards; Go breaks them to even. So use JS
 * and fall back to the exact BigInt expansion only when the value may be an
 * exact tie (the next digit is 5 and the decimal parses back to x).
 */
function roundSignificant(x: number, nd: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  if (nd < 1 || nd > 100) {
    const exact = exactDecimal(x);
    return nd < 0 ? { d: '', dp: 0 } : round(exact, nd);
  }
  if (nd <= 15) {
    // With at most 15 digits the decimal spacing exceeds the double spacing,
    // so a shortest form that fits is the answer, and an exact tie needs a
    // shortest form of nd + 1 digits ending in 5.
    const s = shortestDecimal(x);
    if (s.d.length <= nd) return s;
    if (s.d.length === nd + 1 && s.d.endsWith('5')) return round(exactDecimal(x), nd);
    return parseExponential(x.toExponential(nd - 1));
  }
  const longer = x.toExponential(Math.min(nd, 100));
  const mant = longer.split('e')[0] as string;
  if (mant.endsWith('5') && Number(longer) === x) return round(exactDecimal(x), nd);
  return parseExponential(x.toExponential(nd - 1));
}

/** Rounds to nd significant digits, half to even on the exact digits (Go's decimal.Round). */
function round(dec: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= dec.d.length) return dec;
  const next = dec.d[nd] as string;
  const exactHalf = next === '5' && nd + 1 === dec.d.length;
  const up = exactHalf ? nd > 0 && Number(dec.d[nd - 1]) % 2 === 1 : next >= '5';
  if (!up) return trim({ d: dec.d.slice(0, nd), dp: dec.dp });
  const digits = dec.d.slice(0, nd).split('').map(Number);
  let i = nd - 1;
  while (i >= 0 && digits[i] === 9) i--;
  if (i < 0) return { d: '1', dp: dec.dp + 1 };
  digits[i] = (digits[i] as number) + 1;
  return trim({ d: digits.slice(0, i + 1).join(''), dp: dec.dp });
}

function fmtE(dec: Decimal, prec: number, verb: 'e' | 'E' = 'e'): string {
  let s = dec.d[0] ?? '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += dec.d[i] ?? '0';
  }
  const exp = dec.d.length === 0 ? 0 : dec.dp - 1;
  const abs = Math.abs(exp);
  return `${s}${verb}${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function fmtF(dec: Decimal, prec: number): string {
  let s = '';
  if (dec.dp > 0) {
    for (let i = 0; i < dec.dp; i++) s += dec.d[i] ?? '0';
  } else s = '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) {
      const j = dec.dp + i - 1;
      s += j >= 0 && j < dec.d.length ? (dec.d[j] as string) : '0';
    }
  }
  return s;
}

/**
 * Go's strconv.FormatFloat(x, verb, prec, 64) for verbs e, f, g; prec -1
 * means the shortest representation that round-trips.
 */
export function formatFloat(x: number, verb: 'e' | 'f' | 'g', prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  const shortest = prec < 0;
  let dec: Decimal;
  let out: string;
  if (verb === 'e') {
    dec = shortest ? shortestDecimal(abs) : roundSignificant(abs, prec + 1);
    out = fmtE(dec, shortest ? Math.max(dec.d.length - 1, 0) : prec);
  } else if (verb === 'f') {
    if (shortest) dec = shortestDecimal(abs);
    else {
      // The exact value's decimal point: the shortest form can round up to a
      // power of ten (1e23 is really 9.99...e22), so check exactly then.
      const sd = shortestDecimal(abs);
      dec = roundSignificant(abs, (sd.d === '1' ? exactDecimal(abs) : sd).dp + prec);
    }
    out = fmtF(dec, shortest ? Math.max(dec.d.length - dec.dp, 0) : prec);
  } else {
    let p = prec;
    if (shortest) dec = shortestDecimal(abs);
    else {
      if (p === 0) p = 1;
      dec = roundSignificant(abs, p);
    }
    if (shortest) p = dec.d.length;
    let eprec = p;
    if (eprec > dec.d.length && dec.d.length >= dec.dp) eprec = dec.d.length;
    if (shortest) eprec = 6;
    const exp = dec.dp - 1;
    if (dec.d.length > 0 && (exp < -4 || exp >= eprec)) {
      out = fmtE(dec, Math.min(p, dec.d.length) - 1);
    } else {
      if (p > dec.dp) p = dec.d.length;
      out = fmtF(dec, Math.max(p - dec.dp, 0));
    }
  }
  return neg ? `-${out}` : out;
}

/**
 * A sample value as the Prometheus HTTP API prints it: shortest 'f'
 * formatting, "+Inf", "-Inf", "NaN".
 */
export function formatSampleValue(v: number): string {
  return formatFloat(v, 'f', -1);
}

/** A float printed by Go's %v (e.g. `{{ $value }}` in a template): 1e+06, 0.5, 1.23456789e+08. */
export function formatGoV(v: number): string {
  return formatFloat(v, 'g', -1);
}
