// Entry points that turn PromQL text into checked, evaluable form. These run
// at scenario load time so every error surfaces before a drill starts.
import { type Matcher, walkExpr } from './ast.js';
import { checkExpr, typeOf } from './check.js';
import type { Compiled } from './eval.js';
import { METRIC_NAME } from './labels.js';
import { parseExpr, parseVectorSelector } from './parse.js';

/**
 * Parses and type-checks a PromQL expression. Throws PromQLError (with the
 * character offset/length of the problem) on syntax errors, type errors and
 * anything this evaluator does not support, naming the function or feature.
 *
 * @example
 * const c = compile('sum by (service) (rate(http_requests_total{code=~"5.."}[5m]))');
 */
export function compile(expr: string): Compiled {
  const ast = checkExpr(parseExpr(expr));
  return Object.freeze({ source: expr, expr: ast, type: typeOf(ast) });
}

/** A vector selector found in an expression, with its character span. */
export interface SelectorInfo {
  /** Metric name from `name{...}` or an equality matcher on __name__. */
  name?: string;
  /** All matchers, including the __name__ one; pass to MemoryStore.select. */
  matchers: Matcher[];
  /** 0-based character offset of the selector in the expression. */
  offset: number;
  length: number;
}

function nameOf(matchers: readonly Matcher[]): string | undefined {
  return matchers.find((m) => m.name === METRIC_NAME && m.type === '=')?.value;
}

/**
 * Every vector selector in the expression (also those inside range
 * selectors), so a loader can warn when a selector matches no simulated
 * series.
 */
export function selectorsOf(c: Compiled): SelectorInfo[] {
  const out: SelectorInfo[] = [];
  walkExpr(c.expr, (e) => {
    if (e.type !== 'vectorSelector') return;
    const info: SelectorInfo = { matchers: [...e.matchers], offset: e.pos.start, length: e.pos.end - e.pos.start };
    const name = nameOf(e.matchers);
    if (name !== undefined) info.name = name;
    out.push(info);
  });
  return out;
}

/**
 * Parses a bare series selector such as
 * `http_requests_total{service="checkout",code=~"5.."}`; throws PromQLError.
 * The returned matchers include the __name__ matcher.
 */
export function parseSelector(s: string): { name?: string; matchers: Matcher[] } {
  const vs = parseVectorSelector(s);
  const name = nameOf(vs.matchers);
  return name === undefined ? { matchers: [...vs.matchers] } : { name, matchers: [...vs.matchers] };
}
