// Translates Prometheus (Go RE2) regular expressions into JavaScript ones.
// Prometheus anchors matchers as ^(?s:re)$; we build the same with the
// `s` (dotAll) and `u` flags. RE2 features JS lacks are translated where the
// meaning is identical and rejected (with a message) where it is not;
// JS-only features RE2 rejects (lookaround, backreferences) are rejected too
// so a scenario never passes here and fails in real Prometheus.

const JS_SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);
const POSIX: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};
const CATEGORIES = new Set(
  'L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp C Cc Cf Cs Co Cn'.split(' '),
);

class RegexTranslateError extends Error {}

function hexEscape(ch: string): string {
  const cp = ch.codePointAt(0) as number;
  return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u{${cp.toString(16)}}`;
}

/** Translates one escape starting at src[i] === '\\'; returns [jsText, nextIndex]. */
function translateEscape(src: string, i: number, inClass: boolean): [string, number] {
  const c = src[i + 1];
  if (c === undefined) throw new RegexTranslateError('trailing backslash at end of expression');
  if ('dDwWsS'.includes(c)) return [`\\${c}`, i + 2];
  if ('bB'.includes(c) && !inClass) return [`\\${c}`, i + 2];
  if (c === 'n' || c === 't' || c === 'r' || c === 'f' || c === 'v') return [`\\${c}`, i + 2];
  if (c === 'a') return ['\\x07', i + 2];
  if (c === 'A' && !inClass) return ['^', i + 2];
  if (c === 'z' && !inClass) return ['(?![\\s\\S])', i + 2];
  if (c === 'x') {
    if (src[i + 2] === '{') {
      const end = src.indexOf('}', i + 3);
      const hex = src.slice(i + 3, end);
      if (end < 0 || !/^[0-9a-fA-F]+$/.test(hex)) throw new RegexTranslateError('invalid escape sequence: \\x{');
      return [`\\u{${hex}}`, end + 1];
    }
    const hex = src.slice(i + 2, i + 4);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new RegexTranslateError(`invalid escape sequence: \\x${hex}`);
    return [`\\x${hex}`, i + 4];
  }
  if (c === 'p' || c === 'P') {
    let name: string;
    let next: number;
    if (src[i + 2] === '{') {
      const end = src.indexOf('}', i + 3);
      if (end < 0) throw new RegexTranslateError('invalid character class range: \\p{');
      name = src.slice(i + 3, end);
      next = end + 1;
    } else {
      name = src[i + 2] ?? '';
      next = i + 3;
    }
    const negated = name.startsWith('^');
    if (negated) name = name.slice(1);
    const prop = CATEGORIES.has(name) || name === 'Any' ? (name === 'Any' ? 'Any' : name) : `Script=${name}`;
    const letter = (c === 'P') !== negated ? 'P' : 'p';
    return [name === 'Any' ? (letter === 'p' ? '[\\s\\S]' : '[^\\s\\S]') : `\\${letter}{${prop}}`, next];
  }
  if (c >= '0' && c <= '9') throw new RegexTranslateError(`invalid escape sequence: \\${c} (RE2 has no backreferences)`);
  if (/[A-Za-z]/.test(c)) throw new RegexTranslateError(`invalid escape sequence: \\${c}`);
  // Escaped punctuation is a literal in RE2; JS's u-mode only allows some.
  if (JS_SYNTAX.has(c) || (inClass && c === '-')) return [`\\${c}`, i + 2];
  return [hexEscape(c), i + 2];
}

/** Translates a bracket expression starting at src[i] === '['. */
function translateClass(src: string, start: number): [string, number] {
  let i = start + 1;
  let out = '[';
  if (src[i] === '^') {
    out += '^';
    i++;
  }
  if (src[i] === ']') {
    out += '\\]';
    i++;
  }
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ']') return [out + ']', i + 1];
    if (c === '[' && src[i + 1] === ':') {
      const end = src.indexOf(':]', i + 2);
      const name = end < 0 ? '' : src.slice(i + 2, end);
      const negated = name.startsWith('^');
      const body = POSIX[negated ? name.slice(1) : name];
      if (body === undefined) throw new RegexTranslateError(`invalid character class range: ${src.slice(i, end + 2)}`);
      if (negated) throw new RegexTranslateError('negated POSIX classes are not supported');
      out += body;
      i = end + 2;
      continue;
    }
    if (c === '\\') {
      const [t, next] = translateEscape(src, i, true);
      out += t;
      i = next;
      continue;
    }
    out += c === '[' ? '\\[' : c;
    i += c.length;
  }
  throw new RegexTranslateError(`missing closing ]: ${src.slice(start)}`);
}

function translateGroupOpen(src: string, i: number): [string, number] {
  if (src[i + 1] !== '?') return ['(', i + 1];
  const rest = src.slice(i + 2);
  if (rest.startsWith(':')) return ['(?:', i + 3];
  const named = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
  if (named) return [`(?<${named[1]}>`, i + 2 + named[0].length];
  if (/^(=|!|<=|<!)/.test(rest)) throw new RegexTranslateError('invalid or unsupported Perl syntax: lookaround is not supported by RE2');
  throw new RegexTranslateError(`unsupported regex flag group: (?${rest.slice(0, 4)}`);
}

function translate(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '\\') {
      const [t, next] = translateEscape(src, i, false);
      out += t;
      i = next;
    } else if (c === '[') {
      const [t, next] = translateClass(src, i);
      out += t;
      i = next;
    } else if (c === '(') {
      const [t, next] = translateGroupOpen(src, i);
      out += t;
      i = next;
    } else if (c === '{') {
      const rep = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
      if (rep && i > 0) {
        if (Number(rep[1]) > 1000 || Number(rep[3] || 0) > 1000) throw new RegexTranslateError(`invalid repeat count: ${rep[0]}`);
        out += rep[0];
        i += rep[0].length;
      } else {
        out += '\\{';
        i++;
      }
    } else if (c === '}') {
      out += '\\}';
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * Prometheus runs RE2, which is linear; JavaScript backtracks, and a repeated group that
 * itself contains a repetition (`(.*)*x`, `(a+)+`) can run for ever on a short label value.
 * Such patterns are refused at compile time. Returns the offending group, or undefined.
 */
export function nestedQuantifier(pattern: string): string | undefined {
  const open: { start: number; quantified: boolean }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') { i++; continue; }
    if (c === '[') { while (i < pattern.length && pattern[i] !== ']') { if (pattern[i] === '\\') i++; i++; } continue; }
    if (c === '(') { open.push({ start: i, quantified: false }); continue; }
    if ((c === '*' || c === '+' || c === '{') && open.length > 0) {
      const prev = pattern[i - 1];
      if (c !== '{' || /\{\d+,\d*\}/.test(pattern.slice(i, i + 12))) open[open.length - 1]!.quantified = prev !== '(';
    }
    if (c === ')') {
      const g = open.pop();
      const next = pattern[i + 1];
      const repeated = next === '*' || next === '+' || (next === '{' && /^\{\d+,\d*\}/.test(pattern.slice(i + 1)));
      if (g && g.quantified && repeated) return pattern.slice(g.start, i + 2);
      if (g && g.quantified && open.length > 0) open[open.length - 1]!.quantified = true;
    }
  }
  return undefined;
}

/**
 * Several unbounded repeats in a row (`.*.*.*.*.*x`) backtrack polynomially: each extra one
 * multiplies the work by the label's length. Real selectors need one or two.
 */
export function manyUnboundedRepeats(pattern: string, limit = 4): string | undefined {
  let n = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') { i++; continue; }
    if (c === '[') { while (i < pattern.length && pattern[i] !== ']') { if (pattern[i] === '\\') i++; i++; } continue; }
    if (c === '*' || c === '+' || (c === '{' && /^\{\d+,\}/.test(pattern.slice(i)))) n++;
  }
  return n > limit ? `${n} unbounded repeats` : undefined;
}

function compile(src: string, anchored: boolean, extraFlags: string): { re: RegExp } | { error: string } {
  let pattern = src;
  // Prometheus wraps matchers in (?s:...); plain Go regexps (templates) do not.
  let flags = `${anchored ? 's' : ''}u${extraFlags}`;
  const lead = /^\(\?([a-zA-Z]+)\)/.exec(pattern);
  if (lead) {
    for (const f of lead[1] as string) {
      if ((f === 'i' || f === 's') && !flags.includes(f)) flags += f;
      else if (f !== 'i' && f !== 's') return { error: `unsupported regex flag (?${f}) in ${JSON.stringify(src)}` };
    }
    pattern = pattern.slice(lead[0].length);
  }
  const risky = nestedQuantifier(pattern) ?? manyUnboundedRepeats(pattern);
  if (risky) return { error: `regexp ${JSON.stringify(src)} repeats a group that itself repeats (${risky}); that can take forever on this engine, so write it without the nested repetition` };
  try {
    const body = translate(pattern);
    return { re: new RegExp(anchored ? `^(?:${body})$` : body, flags) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { error: `error parsing regexp ${JSON.stringify(src)}: ${msg}` };
  }
}

/**
 * Compiles `src` (RE2 syntax) as a fully anchored JS RegExp, the way
 * Prometheus matches label values. Returns an error message on failure.
 */
export function compileAnchored(src: string): { re: RegExp } | { error: string } {
  return compile(src, true, '');
}

/** Unanchored, global RE2 regex for template functions such as reReplaceAll. */
export function compileSearch(src: string): { re: RegExp } | { error: string } {
  return compile(src, false, 'g');
}
