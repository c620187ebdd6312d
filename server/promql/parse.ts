// Walks the official lezer PromQL tree (@prometheus-io/lezer-promql, which
// tracks Prometheus 3.x) into our AST. Structural rules that Prometheus's
// own parser enforces while parsing (offset placement, range targets,
// matcher validity, aggregation arity) are enforced here; typing is in
// check.ts. Anything we do not evaluate is rejected here with its name.
import { parser } from '@prometheus-io/lezer-promql';
import type { AggOp, BinaryOp, Cardinality, Expr, Matcher, MatchType, VectorMatching, VectorSelector } from './ast.js';
import { type Pos, fail } from './errors.js';
import { METRIC_NAME } from './labels.js';
import { parseDurationOrSeconds, parseNumberLiteral, unquote } from './literals.js';
import { compileAnchored } from './regex.js';
import { SIGNATURES } from './signatures.js';

type Tree = ReturnType<typeof parser.parse>;
type SyntaxNode = Tree['topNode'];

const BINARY_OPS: Readonly<Record<string, BinaryOp>> = {
  Add: '+',
  Sub: '-',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Pow: '^',
  Atan2: 'atan2',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Lss: '<',
  Gte: '>=',
  Lte: '<=',
  And: 'and',
  Or: 'or',
  Unless: 'unless',
};
const AGG_OPS = new Set<string>(['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values']);
const PARAM_AGGS = new Set<string>(['topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio']);
const MATCH_OPS: Readonly<Record<string, MatchType>> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'and', 'or', 'unless']);

class Walker {
  constructor(private readonly src: string) {}

  text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  pos(n: SyntaxNode): Pos {
    return { start: n.from, end: n.to };
  }

  kids(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== 'LineComment') out.push(c);
    return out;
  }

  exprKids(n: SyntaxNode): SyntaxNode[] {
    return this.kids(n).filter((c) => EXPR_NODES.has(c.name));
  }

  expr(n: SyntaxNode): Expr {
    switch (n.name) {
      case 'ParenExpr':
        return { type: 'paren', expr: this.expr(this.one(n)), pos: this.pos(n) };
      case 'NumberDurationLiteral':
        return this.number(n);
      case 'StringLiteral':
        return { type: 'string', value: this.string(n), pos: this.pos(n) };
      case 'VectorSelector':
        return this.vectorSelector(n);
      case 'MatrixSelector':
        return this.matrixSelector(n);
      case 'OffsetExpr':
        return this.offset(n);
      case 'UnaryExpr': {
        const op = this.text(this.kids(n)[0] as SyntaxNode) === '-' ? '-' : '+';
        return { type: 'unary', op, expr: this.expr(this.one(n)), pos: this.pos(n) };
      }
      case 'BinaryExpr':
        return this.binary(n);
      case 'AggregateExpr':
        return this.aggregate(n);
      case 'FunctionCall':
        return this.call(n);
      case 'SubqueryExpr':
        return fail('unsupported feature: subqueries (expr[range:step]) are not supported', this.pos(n));
      case 'StepInvariantExpr':
        return fail('unsupported feature: the @ modifier is not supported', this.pos(n));
      case 'AnchoredExpr':
      case 'SmoothedExpr':
        return fail(`unsupported feature: the experimental "${n.name === 'AnchoredExpr' ? 'anchored' : 'smoothed'}" modifier is not supported`, this.pos(n));
      default:
        return fail(`unexpected ${n.name}`, this.pos(n));
    }
  }

  one(n: SyntaxNode): SyntaxNode {
    const e = this.exprKids(n);
    if (e.length !== 1) fail('syntax error: expected one expression', this.pos(n));
    return e[0] as SyntaxNode;
  }

  number(n: SyntaxNode): Expr {
    const v = parseNumberLiteral(this.text(n));
    if (v === undefined) fail(`error parsing number: ${JSON.stringify(this.text(n).trim())}`, this.pos(n));
    return { type: 'number', value: v, pos: this.pos(n) };
  }

  string(n: SyntaxNode): string {
    const r = unquote(this.text(n));
    if ('error' in r) return fail(`error unquoting string ${this.text(n)}: ${r.error}`, this.pos(n));
    return r.value;
  }

  labelName(n: SyntaxNode): string {
    if (n.name === 'QuotedLabelName') {
      const v = this.string(n.firstChild as SyntaxNode);
      if (v === '') fail('label name must not be empty', this.pos(n));
      return v;
    }
    return this.text(n);
  }

  matcher(n: SyntaxNode): Matcher {
    const [nameNode, opNode, valueNode] = this.kids(n);
    if (!nameNode || !opNode || !valueNode) return fail('syntax error in label matcher', this.pos(n));
    const name = this.labelName(nameNode);
    const type = MATCH_OPS[opNode.firstChild?.name ?? ''];
    if (type === undefined) return fail('syntax error: unknown match operator', this.pos(opNode));
    const value = this.string(valueNode);
    if (type === '=' || type === '!=') return { name, type, value };
    const r = compileAnchored(value);
    if ('error' in r) return fail(r.error, this.pos(n));
    return { name, type, value, re: r.re };
  }

  vectorSelector(n: SyntaxNode): VectorSelector {
    let name: string | undefined;
    const matchers: Matcher[] = [];
    for (const c of this.kids(n)) {
      if (c.name === 'Identifier') name = this.text(c);
      else if (c.name === 'LabelMatchers') {
        for (const m of this.kids(c)) {
          if (m.name === 'QuotedLabelName') {
            if (name !== undefined) fail(`metric name must not be set twice: ${JSON.stringify(name)} or ${this.text(m)}`, this.pos(n));
            name = this.labelName(m);
          } else matchers.push(this.matcher(m));
        }
      }
    }
    if (name !== undefined) {
      const dup = matchers.find((m) => m.name === METRIC_NAME);
      if (dup) fail(`metric name must not be set twice: ${JSON.stringify(name)} or ${JSON.stringify(dup.value)}`, this.pos(n));
      matchers.push({ name: METRIC_NAME, type: '=', value: name });
    } else if (!matchers.some((m) => !matchesEmpty(m))) {
      fail('vector selector must contain at least one non-empty matcher', this.pos(n));
    }
    return { type: 'vectorSelector', name, matchers, offset: 0, pos: this.pos(n) };
  }

  duration(n: SyntaxNode, what: string): number {
    const kids = this.kids(n);
    const lit = kids[0];
    if (kids.length !== 1 || lit?.name !== 'NumberDurationLiteralInDurationContext') {
      return fail(`unsupported feature: duration expressions in ${what} are not supported`, this.pos(n));
    }
    const ms = parseDurationOrSeconds(this.text(lit));
    if (ms === undefined) return fail(`bad duration ${JSON.stringify(this.text(lit))}`, this.pos(lit));
    return ms;
  }

  /**
   * Applies a postfix modifier (offset, [range]) to the right-most operand.
   * Prometheus binds these tighter than any operator (`a - b offset 1d` is
   * `a - (b offset 1d)`), while the lezer grammar attaches them to the whole
   * expression on their left; parentheses are left alone.
   */
  postfix(e: Expr, apply: (operand: Expr) => Expr): Expr {
    if (e.type === 'binary') return { ...e, rhs: this.postfix(e.rhs, apply), pos: { start: e.pos.start, end: this.end } };
    if (e.type === 'unary') return { ...e, expr: this.postfix(e.expr, apply), pos: { start: e.pos.start, end: this.end } };
    return apply(e);
  }

  private end = 0;
  private readonly offsetApplied = new WeakSet<VectorSelector>();

  matrixSelector(n: SyntaxNode): Expr {
    const [inner, dur] = this.kids(n);
    if (!inner || !dur) return fail('syntax error in range selector', this.pos(n));
    const range = this.duration(dur, 'range selectors');
    if (range <= 0) fail(`range must be greater than 0, got ${this.text(dur)}`, this.pos(dur));
    const e = this.expr(inner);
    this.end = n.to;
    return this.postfix(e, (operand) => {
      const pos = { start: operand.pos.start, end: n.to };
      if (operand.type !== 'vectorSelector') return fail('ranges only allowed for vector selectors', pos);
      if (this.offsetApplied.has(operand)) fail('no offset modifiers allowed before range', pos);
      return { type: 'matrixSelector', selector: operand, range, pos };
    });
  }

  offsetDuration(n: SyntaxNode): number {
    const kids = this.kids(n);
    if (kids[0]?.name === 'UnaryOp') {
      const d = this.offsetDuration(kids[1] as SyntaxNode);
      return this.text(kids[0]) === '-' ? -d : d;
    }
    return this.duration(n, 'offset modifiers');
  }

  offset(n: SyntaxNode): Expr {
    const kids = this.kids(n);
    const ms = this.offsetDuration(kids[kids.length - 1] as SyntaxNode);
    const e = this.expr(kids[0] as SyntaxNode);
    this.end = n.to;
    return this.postfix(e, (operand) => {
      const pos = { start: operand.pos.start, end: n.to };
      const vs = operand.type === 'vectorSelector' ? operand : operand.type === 'matrixSelector' ? operand.selector : undefined;
      if (vs === undefined) {
        return fail('offset modifier must be preceded by an instant vector selector or range vector selector or a subquery', pos);
      }
      if (this.offsetApplied.has(vs)) fail('offset may not be set multiple times', pos);
      const shifted: VectorSelector = { ...vs, offset: ms };
      this.offsetApplied.add(shifted);
      return operand.type === 'matrixSelector' ? { ...operand, selector: shifted, pos } : shifted;
    });
  }

  groupingLabels(n: SyntaxNode): string[] {
    return this.kids(n).map((c) => this.labelName(c));
  }

  binary(n: SyntaxNode): Expr {
    const kids = this.kids(n);
    const opNode = kids.find((c) => BINARY_OPS[c.name] !== undefined && !EXPR_NODES.has(c.name));
    const [lhsNode, rhsNode] = [kids[0] as SyntaxNode, kids[kids.length - 1] as SyntaxNode];
    if (!opNode) return fail('syntax error: missing binary operator', this.pos(n));
    const op = BINARY_OPS[opNode.name] as BinaryOp;
    if (kids.some((c) => c.name === 'FillModifier')) fail('unsupported feature: fill modifiers are not supported', this.pos(n));
    const returnBool = kids.some((c) => c.name === 'BoolModifier');
    // Prometheus parses `-1 ^ 2` as -(1 ^ 2); the lezer grammar folds the sign
    // into the literal, so undo that for the power operator.
    if (op === '^' && lhsNode.name === 'NumberDurationLiteral' && /^\s*[-+]/.test(this.text(lhsNode))) {
      const t = this.text(lhsNode);
      const signIdx = t.search(/[-+]/);
      const signAt = lhsNode.from + signIdx;
      const numAt = signAt + 1 + t.slice(signIdx + 1).search(/\S/);
      const lit = parseNumberLiteral(this.src.slice(numAt, lhsNode.to));
      if (lit === undefined) return fail('error parsing number', this.pos(lhsNode));
      const pow: Expr = {
        type: 'binary',
        op,
        lhs: { type: 'number', value: lit, pos: { start: numAt, end: lhsNode.to } },
        rhs: this.expr(rhsNode),
        returnBool,
        matching: this.matching(kids, op),
        pos: { start: numAt, end: n.to },
      };
      return { type: 'unary', op: this.src[signAt] === '-' ? '-' : '+', expr: pow, pos: this.pos(n) };
    }
    return { type: 'binary', op, lhs: this.expr(lhsNode), rhs: this.expr(rhsNode), returnBool, matching: this.matching(kids, op), pos: this.pos(n) };
  }

  matching(kids: SyntaxNode[], op: BinaryOp): VectorMatching {
    const clause = kids.find((c) => c.name === 'MatchingModifierClause');
    const setOp = op === 'and' || op === 'or' || op === 'unless';
    if (!clause) return { card: setOp ? 'many-to-many' : 'one-to-one', on: false, labels: [], include: [] };
    const parts = this.kids(clause);
    const on = parts[0]?.name === 'On';
    const labels = parts[1] ? this.groupingLabels(parts[1]) : [];
    let card: Cardinality = setOp ? 'many-to-many' : 'one-to-one';
    let include: string[] = [];
    const group = parts[2];
    if (group) {
      if (setOp) fail(`no grouping allowed for "${op}" operation`, this.pos(clause));
      card = group.name === 'GroupLeft' ? 'many-to-one' : 'one-to-many';
      include = parts[3] ? this.groupingLabels(parts[3]) : [];
    }
    if (on) {
      const both = labels.find((l) => include.includes(l));
      if (both !== undefined) fail(`label "${both}" must not occur in ON and GROUP clause at once`, this.pos(clause));
    }
    return { card, on, labels, include };
  }

  aggregate(n: SyntaxNode): Expr {
    const kids = this.kids(n);
    const opNode = kids.find((c) => c.name === 'AggregateOp') as SyntaxNode;
    const op = this.text(opNode).toLowerCase();
    if (!AGG_OPS.has(op)) fail(`unsupported aggregation "${op}"`, this.pos(opNode));
    const mod = kids.find((c) => c.name === 'AggregateModifier');
    const body = kids.find((c) => c.name === 'FunctionCallBody') as SyntaxNode;
    const args = this.exprKids(body);
    if (args.length === 0) fail('no arguments for aggregate expression provided', this.pos(n));
    const want = PARAM_AGGS.has(op) ? 2 : 1;
    if (args.length !== want) fail(`wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`, this.pos(n));
    const modKids = mod ? this.kids(mod) : [];
    return {
      type: 'aggregate',
      op: op as AggOp,
      param: want === 2 ? this.expr(args[0] as SyntaxNode) : null,
      expr: this.expr(args[want - 1] as SyntaxNode),
      grouping: modKids[1] ? this.groupingLabels(modKids[1]) : [],
      without: modKids[0]?.name === 'Without',
      pos: this.pos(n),
    };
  }

  call(n: SyntaxNode): Expr {
    const [ident, body] = this.kids(n);
    if (!ident || !body) return fail('syntax error in function call', this.pos(n));
    const name = this.text(ident);
    if (SIGNATURES[name] === undefined) fail(`unsupported function "${name}"`, this.pos(ident));
    return { type: 'call', func: name, args: this.exprKids(body).map((a) => this.expr(a)), pos: this.pos(n) };
  }
}

const EXPR_NODES = new Set([
  'AggregateExpr',
  'BinaryExpr',
  'FunctionCall',
  'MatrixSelector',
  'NumberDurationLiteral',
  'OffsetExpr',
  'AnchoredExpr',
  'SmoothedExpr',
  'ParenExpr',
  'StringLiteral',
  'SubqueryExpr',
  'UnaryExpr',
  'VectorSelector',
  'StepInvariantExpr',
]);

function matchesEmpty(m: Matcher): boolean {
  switch (m.type) {
    case '=':
      return m.value === '';
    case '!=':
      return m.value !== '';
    case '=~':
      return (m.re as RegExp).test('');
    case '!~':
      return !(m.re as RegExp).test('');
  }
}

/** Raises a positioned error for the first syntax error in the tree, if any. */
function checkSyntax(src: string, tree: Tree): void {
  let first: { from: number; to: number } | undefined;
  tree.iterate({
    enter(node) {
      if (first) return false;
      if (node.type.isError) {
        first = { from: node.from, to: node.to };
        return false;
      }
      return true;
    },
  });
  if (!first) return;
  const { from, to } = first;
  if (src.trim() === '') fail('no expression found in input', { start: 0, end: src.length });
  // An identifier directly followed by "(" that the grammar did not take as a
  // function is a function Prometheus does not know either.
  const before = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*$/.exec(src.slice(0, from));
  if (src.slice(from).trimStart().startsWith('(') && before && !KEYWORDS.has((before[1] as string).toLowerCase())) {
    const name = before[1] as string;
    const start = from - before[0].length;
    fail(`unknown function with name "${name}"`, { start, end: start + name.length });
  }
  if (from >= src.trimEnd().length) fail('syntax error: unexpected end of input', { start: src.length, end: src.length });
  const bad = to > from ? src.slice(from, to) : (src.slice(from).trimStart()[0] ?? '');
  fail(`syntax error: unexpected ${JSON.stringify(bad)}`, { start: from, end: Math.max(to, from + 1) });
}

/** Parses PromQL text into our AST; throws PromQLError on syntax or structural errors. */
export function parseExpr(src: string): Expr {
  const tree = parser.parse(src);
  checkSyntax(src, tree);
  const top = tree.topNode;
  const w = new Walker(src);
  const roots = w.exprKids(top);
  if (roots.length !== 1) fail('no expression found in input', { start: 0, end: src.length });
  return w.expr(roots[0] as SyntaxNode);
}

/** Parses a bare vector selector such as `http_requests_total{code=~"5.."}`. */
export function parseVectorSelector(src: string): VectorSelector {
  const e = parseExpr(src);
  if (e.type !== 'vectorSelector' || e.offset !== 0) fail('expected a vector selector such as metric{label="value"}', e.pos);
  return e;
}
