// Literal decoding with Prometheus's rules: Go string unquoting, Go number
// parsing (strconv.ParseInt base 0, then ParseFloat), and model.ParseDuration.

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/**
 * Decodes a PromQL string literal ("...", '...' or `...`) like Prometheus's
 * strutil.Unquote. Returns an error message instead of throwing so the
 * parser can attach a position.
 */
export function unquote(raw: string): { value: string } | { error: string } {
  const q = raw[0];
  if (raw.length < 2 || raw[raw.length - 1] !== q) return { error: `unterminated quoted string ${raw}` };
  const body = raw.slice(1, -1);
  if (q === '`') return body.includes('`') ? { error: 'invalid syntax' } : { value: body };
  if (q !== '"' && q !== "'") return { error: 'invalid syntax' };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === q || c === '\n') return { error: 'invalid syntax' };
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return { error: 'invalid syntax' };
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      if ((e === "'" && q === '"') || (e === '"' && q === "'")) return { error: 'invalid syntax' };
      out += simple;
      continue;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const hex = body.slice(i + 1, i + 1 + hexLen);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLen) return { error: 'invalid syntax' };
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) return { error: 'invalid syntax' };
      out += String.fromCodePoint(code);
      i += hexLen;
      continue;
    }
    if (e >= '0' && e <= '7') {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) return { error: 'invalid syntax' };
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
      continue;
    }
    return { error: 'invalid syntax' };
  }
  return { value: out };
}

const INT_BASE0 = /^(0[xX][0-9a-fA-F](_?[0-9a-fA-F])*|0[oO]?[0-7](_?[0-7])*|0[bB][01](_?[01])*|[1-9](_?[0-9])*|0)$/;
const FLOAT = /^([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
const SPECIAL = /^(inf|infinity|nan)$/i;

/** Parses an unsigned Go numeric literal; undefined when malformed. */
function parseUnsigned(s: string): number | undefined {
  if (INT_BASE0.test(s)) {
    const digits = s.replaceAll('_', '');
    if (/^0[xX]/.test(digits)) return parseInt(digits.slice(2), 16);
    if (/^0[bB]/.test(digits)) return parseInt(digits.slice(2), 2);
    if (/^0[oO]/.test(digits)) return parseInt(digits.slice(2), 8);
    if (digits.length > 1 && digits[0] === '0') return parseInt(digits.slice(1), 8);
    return Number(digits);
  }
  if (FLOAT.test(s)) return Number(s);
  if (SPECIAL.test(s)) return /^nan$/i.test(s) ? NaN : Infinity;
  return undefined;
}

/**
 * Parses a NumberDurationLiteral as Prometheus 3.x does: a sign, then a Go
 * number (hex, octal, float, Inf, NaN) or a duration such as `5m`, which
 * stands for its length in seconds.
 */
export function parseNumberLiteral(text: string): number | undefined {
  let s = text.trim();
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1).trim();
  }
  const n = parseUnsigned(s);
  if (n !== undefined) return sign * n;
  const d = parseDuration(s);
  return d === undefined ? undefined : (sign * d) / 1000;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  y: 365 * 24 * 3600 * 1000,
  w: 7 * 24 * 3600 * 1000,
  d: 24 * 3600 * 1000,
  h: 3600 * 1000,
  m: 60 * 1000,
  s: 1000,
  ms: 1,
};
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** model.ParseDuration: `1h30m`, `5m`, `250ms`, `2w`, `1y` -> milliseconds. */
export function parseDuration(s: string): number | undefined {
  if (s === '') return undefined;
  const m = DURATION.exec(s);
  if (!m) return undefined;
  const units = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
  let total = 0;
  units.forEach((u, i) => {
    const g = m[i + 1];
    if (g !== undefined) total += Number(g) * (UNIT_MS[u] as number);
  });
  return total;
}

/**
 * A duration in a range or offset: a duration literal, or (Prometheus 3.x) a
 * plain number of seconds. Returns ms, rounded to whole milliseconds.
 */
export function parseDurationOrSeconds(text: string): number | undefined {
  const d = parseDuration(text);
  if (d !== undefined) return d;
  const n = parseUnsigned(text);
  if (n === undefined || !Number.isFinite(n)) return undefined;
  return Math.round(n * 1000);
}
