/**
 * What a PromQL query from a trainee may cost, judged before it runs: the evaluator is
 * synchronous, so a query that would take a minute cannot be stopped halfway, only refused.
 *
 * - Cost is the samples it would read: for every selector, the series it matches times the
 *   evaluation points, times the samples in each range window (`rate(x[1h])` reads an hour of
 *   samples at every point). Measured on the built-in scenarios, 20 million samples is about a
 *   second of CPU for the slowest functions (quantile_over_time).
 * - Regular expressions run on JavaScript's backtracking engine, not RE2: `(.*)*x` takes
 *   exponential time on a 36-character metric name, and eight `.*` in a row polynomial time
 *   that is just as fatal. Those shapes are refused.
 */
import { walkExpr, type Expr, type Matcher } from '../promql/ast.js';
import { matchLabels, type MemoryStore } from '../promql/index.js';

export interface QueryCost {
  readonly samples: number;
  readonly selectors: number;
}

/**
 * Samples the expression would read over `points` evaluation steps.
 * @example estimateCost(compile('rate(x[5m])').expr, store, 241, 15) // series of x * 241 * 20
 */
export function estimateCost(expr: Expr, store: MemoryStore, points: number, scrapeSeconds: number): QueryCost {
  const window = new Map<Expr, number>();
  walkExpr(expr, (e) => {
    if (e.type === 'matrixSelector') window.set(e.selector, Math.max(1, Math.ceil(e.range / (scrapeSeconds * 1000))));
  });
  let samples = 0;
  let selectors = 0;
  walkExpr(expr, (e) => {
    if (e.type !== 'vectorSelector') return;
    selectors++;
    const series = countMatching(store, e.matchers);
    samples += series * points * (window.get(e) ?? 1);
  });
  return { samples, selectors };
}

/** Counted without `store.select`, whose cache would keep every distinct query a client sends. */
function countMatching(store: MemoryStore, matchers: readonly Matcher[]): number {
  let n = 0;
  for (const s of store.allSeries()) if (matchLabels(matchers, s.labels)) n++;
  return n;
}

/** Unbounded repetitions allowed in one regex: `.*a.*b.*c.*` is fine, eight in a row are not. */
export const MAX_REGEX_REPEATS = 4;
/** Quantifiers of any kind (`?` included: `a?a?a?...aaa` is the textbook exponential case). */
export const MAX_REGEX_QUANTIFIERS = 10;

/**
 * Why this RE2 pattern could take super-linear time on a backtracking engine, or undefined.
 * Refused: a repeated group that itself holds a quantifier or an alternation (`(a+)+`,
 * `(a|aa)*`, `((ab)*c)+`), more than MAX_REGEX_REPEATS repetitions, or more than
 * MAX_REGEX_QUANTIFIERS quantifiers.
 * @example regexRisk('(.*)*x') // 'it repeats a group that already repeats or alternates'
 */
export function regexRisk(source: string): string | undefined {
  const stack: { risky: boolean }[] = [{ risky: false }];
  let repeats = 0;
  let quantifiers = 0;
  const quantifierAt = (i: number): { length: number; repeats: boolean } | undefined => {
    const c = source[i];
    if (c === '*' || c === '+') return { length: 1 + (source[i + 1] === '?' ? 1 : 0), repeats: true };
    if (c === '?') return { length: 1 + (source[i + 1] === '?' ? 1 : 0), repeats: false };
    if (c === '{') {
      const m = /^\{(\d*)(,?)(\d*)\}\??/.exec(source.slice(i));
      if (!m || (m[1] === '' && m[3] === '')) return undefined;
      const max = m[2] === '' ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
      return { length: m[0].length, repeats: max > 1 };
    }
    return undefined;
  };
  const counted = (q: { repeats: boolean }): string | undefined => {
    quantifiers++;
    if (q.repeats) repeats++;
    if (repeats > MAX_REGEX_REPEATS) return `it has more than ${MAX_REGEX_REPEATS} repetitions`;
    if (quantifiers > MAX_REGEX_QUANTIFIERS) return `it has more than ${MAX_REGEX_QUANTIFIERS} quantifiers`;
    return undefined;
  };
  for (let i = 0; i < source.length;) {
    const c = source[i]!;
    if (c === '(') {
      if (source[i + 1] === '?') {
        // (?:...), (?P<name>...), (?i:...) open a group; a bare flag setting (?i) does not.
        const close = source.slice(i).search(/[:)>]/);
        if (close < 0) return undefined;
        i += close + 1;
        if (source[i - 1] === ')') continue;
      } else {
        i++;
      }
      stack.push({ risky: false });
      continue;
    }
    if (c === ')') {
      const group = stack.length > 1 ? stack.pop()! : { risky: false };
      i++;
      const q = quantifierAt(i);
      if (q) {
        if (q.repeats && group.risky) return 'it repeats a group that already repeats or alternates';
        i += q.length;
        const over = counted(q);
        if (over) return over;
      }
      stack.at(-1)!.risky ||= group.risky || q !== undefined;
      continue;
    }
    if (c === '|') {
      stack.at(-1)!.risky = true;
      i++;
      continue;
    }
    // One atom: an escape, a character class, or a character; then its quantifier, if any.
    if (c === '\\') i += 2;
    else if (c === '[') i = classEnd(source, i);
    else i++;
    const q = quantifierAt(i);
    if (q) {
      i += q.length;
      stack.at(-1)!.risky = true;
      const over = counted(q);
      if (over) return over;
    }
  }
  return undefined;
}

/** The index just past the character class opening at `i` (a leading ] or ^] is literal). */
function classEnd(source: string, i: number): number {
  let j = i + 1;
  if (source[j] === '^') j++;
  if (source[j] === ']') j++;
  while (j < source.length && source[j] !== ']') {
    if (source[j] === '\\') j += 2;
    else if (source.startsWith('[:', j) && source.indexOf(':]', j + 2) > 0) j = source.indexOf(':]', j + 2) + 2;
    else j++;
  }
  return j + 1;
}

/** The first regex matcher in `expr` whose pattern is too risky to run, with the reason. */
export function riskyMatcher(expr: Expr): { matcher: Matcher; reason: string } | undefined {
  let found: { matcher: Matcher; reason: string } | undefined;
  walkExpr(expr, (e) => {
    if (found || e.type !== 'vectorSelector') return;
    for (const m of e.matchers) {
      if (m.type !== '=~' && m.type !== '!~') continue;
      const reason = regexRisk(m.value);
      if (reason) { found = { matcher: m, reason }; return; }
    }
  });
  return found;
}
