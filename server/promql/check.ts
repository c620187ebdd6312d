// Static typing of the AST, mirroring Prometheus's parser.checkAST so that
// type errors surface at scenario load time with Prometheus's wording.
import type { Expr, ValueType } from './ast.js';
import { fail } from './errors.js';
import { compileAnchored } from './regex.js';
import { SIGNATURES, argType, arity, documentedType } from './signatures.js';

const COMPARISON = new Set(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPS = new Set(['and', 'or', 'unless']);

/** Result type of an already checked expression. */
export function typeOf(e: Expr): ValueType {
  switch (e.type) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'vectorSelector':
      return 'vector';
    case 'matrixSelector':
      return 'matrix';
    case 'paren':
    case 'unary':
      return typeOf(e.expr);
    case 'binary':
      return typeOf(e.lhs) === 'scalar' && typeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'aggregate':
      return 'vector';
    case 'call':
      return (SIGNATURES[e.func] as { ret: ValueType }).ret;
  }
}

function expectType(e: Expr, want: ValueType, context: string): void {
  const got = typeOf(e);
  if (got !== want) fail(`expected type ${documentedType(want)} in ${context}, got ${documentedType(got)}`, e.pos);
}

function stringArg(e: Expr): string {
  let cur = e;
  while (cur.type === 'paren') cur = cur.expr;
  return cur.type === 'string' ? cur.value : '';
}

function checkCall(e: Extract<Expr, { type: 'call' }>): void {
  const sig = SIGNATURES[e.func];
  if (sig === undefined) return fail(`unsupported function "${e.func}"`, e.pos);
  const [min, max] = arity(sig);
  const n = e.args.length;
  if (sig.variadic === 0 && n !== min) fail(`expected ${min} argument(s) in call to "${e.func}", got ${n}`, e.pos);
  if (n < min) fail(`expected at least ${min} argument(s) in call to "${e.func}", got ${n}`, e.pos);
  if (n > max) fail(`expected at most ${max} argument(s) in call to "${e.func}", got ${n}`, e.pos);
  e.args.forEach((a, i) => {
    const want = argType(sig, i);
    if (want !== undefined) expectType(a, want, `call to function "${e.func}"`);
  });
  // Prometheus reports these while evaluating; the arguments are literals, so
  // we can report them at load time instead.
  if (e.func === 'label_replace') {
    const [, dst, , , re] = e.args as Expr[];
    const r = compileAnchored(stringArg(re as Expr));
    if ('error' in r) fail(`invalid regular expression in label_replace(): ${stringArg(re as Expr)} (${r.error})`, (re as Expr).pos);
    if (stringArg(dst as Expr) === '') fail('invalid destination label name in label_replace(): ', (dst as Expr).pos);
  }
  if (e.func === 'label_join') {
    if (stringArg(e.args[1] as Expr) === '') fail('invalid destination label name in label_join(): ', (e.args[1] as Expr).pos);
  }
}

/**
 * Checks operand and argument types recursively; throws PromQLError with
 * Prometheus's message on the first problem. Returns the (possibly
 * normalized) expression: vector matching is dropped where an operand is a
 * scalar, as Prometheus does.
 */
export function checkExpr(e: Expr): Expr {
  switch (e.type) {
    case 'number':
    case 'string':
    case 'vectorSelector':
    case 'matrixSelector':
      return e;
    case 'paren':
      return { ...e, expr: checkExpr(e.expr) };
    case 'unary': {
      const inner = checkExpr(e.expr);
      const t = typeOf(inner);
      if (t !== 'scalar' && t !== 'vector') {
        fail(`unary expression only allowed on expressions of type scalar or instant vector, got "${documentedType(t)}"`, e.pos);
      }
      return { ...e, expr: inner };
    }
    case 'binary': {
      const lhs = checkExpr(e.lhs);
      const rhs = checkExpr(e.rhs);
      const lt = typeOf(lhs);
      const rt = typeOf(rhs);
      if (e.returnBool && !COMPARISON.has(e.op)) fail('bool modifier can only be used on comparison operators', e.pos);
      if (COMPARISON.has(e.op) && !e.returnBool && lt === 'scalar' && rt === 'scalar') {
        fail('comparisons between scalars must use BOOL modifier', e.pos);
      }
      if (lt !== 'scalar' && lt !== 'vector') fail('binary expression must contain only scalar and instant vector types', lhs.pos);
      if (rt !== 'scalar' && rt !== 'vector') fail('binary expression must contain only scalar and instant vector types', rhs.pos);
      let matching = e.matching;
      if ((lt !== 'vector' || rt !== 'vector') && matching) {
        if (matching.labels.length > 0) fail('vector matching only allowed between instant vectors', e.pos);
        matching = null;
      }
      if ((lt === 'scalar' || rt === 'scalar') && SET_OPS.has(e.op)) {
        fail(`set operator "${e.op}" not allowed in binary scalar expression`, e.pos);
      }
      return { ...e, lhs, rhs, matching };
    }
    case 'aggregate': {
      const expr = checkExpr(e.expr);
      expectType(expr, 'vector', 'aggregation expression');
      const param = e.param ? checkExpr(e.param) : null;
      if (param) {
        expectType(param, e.op === 'count_values' ? 'string' : 'scalar', 'aggregation parameter');
        if (e.op === 'count_values' && stringArg(param) === '') fail(`invalid label name ""`, param.pos);
      }
      return { ...e, expr, param };
    }
    case 'call': {
      const checked = { ...e, args: e.args.map(checkExpr) };
      checkCall(checked);
      return checked;
    }
  }
}
