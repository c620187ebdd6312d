// Our own PromQL AST. The lezer tree is walked into this shape once at
// compile time (parse.ts); evaluation never touches lezer nodes.
import type { Pos } from './errors.js';

export type MatchType = '=' | '!=' | '=~' | '!~';

/** One label matcher. `re` is the fully anchored compiled regex for =~ and !~. */
export interface Matcher {
  readonly name: string;
  readonly type: MatchType;
  readonly value: string;
  readonly re?: RegExp;
}

export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

export type ArithOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2';
export type CmpOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type BinaryOp = ArithOp | CmpOp | SetOp;

export type AggOp =
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'count'
  | 'group'
  | 'stddev'
  | 'stdvar'
  | 'topk'
  | 'bottomk'
  | 'quantile'
  | 'count_values';

export type Cardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

/** Vector matching of a binary expression, as in Prometheus's parser.VectorMatching. */
export interface VectorMatching {
  readonly card: Cardinality;
  /** true for on(...), false for ignoring(...) or no clause. */
  readonly on: boolean;
  readonly labels: readonly string[];
  /** Extra labels copied from the "one" side by group_left/group_right. */
  readonly include: readonly string[];
}

export interface NumberLiteral {
  readonly type: 'number';
  readonly value: number;
  readonly pos: Pos;
}

export interface StringLiteral {
  readonly type: 'string';
  readonly value: string;
  readonly pos: Pos;
}

export interface VectorSelector {
  readonly type: 'vectorSelector';
  readonly name: string | undefined;
  /** All matchers, including the __name__ matcher when a name was given. */
  readonly matchers: readonly Matcher[];
  /** Time offset in ms (positive looks back). */
  readonly offset: number;
  readonly pos: Pos;
}

export interface MatrixSelector {
  readonly type: 'matrixSelector';
  readonly selector: VectorSelector;
  /** Range in ms. */
  readonly range: number;
  readonly pos: Pos;
}

export interface UnaryExpr {
  readonly type: 'unary';
  readonly op: '-' | '+';
  readonly expr: Expr;
  readonly pos: Pos;
}

export interface BinaryExpr {
  readonly type: 'binary';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly returnBool: boolean;
  /** null unless both sides are instant vectors. */
  readonly matching: VectorMatching | null;
  readonly pos: Pos;
}

export interface AggregateExpr {
  readonly type: 'aggregate';
  readonly op: AggOp;
  readonly expr: Expr;
  readonly param: Expr | null;
  readonly grouping: readonly string[];
  readonly without: boolean;
  readonly pos: Pos;
}

export interface Call {
  readonly type: 'call';
  readonly func: string;
  readonly args: readonly Expr[];
  readonly pos: Pos;
}

export interface ParenExpr {
  readonly type: 'paren';
  readonly expr: Expr;
  readonly pos: Pos;
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | UnaryExpr
  | BinaryExpr
  | AggregateExpr
  | Call
  | ParenExpr;

/** Strips any number of enclosing parentheses, as Prometheus's unwrapParenExpr. */
export function unwrapParens(e: Expr): Expr {
  let cur = e;
  while (cur.type === 'paren') cur = cur.expr;
  return cur;
}

/** Visits every node depth-first, parents before children. */
export function walkExpr(e: Expr, visit: (node: Expr) => void): void {
  visit(e);
  switch (e.type) {
    case 'matrixSelector':
      walkExpr(e.selector, visit);
      break;
    case 'unary':
    case 'paren':
      walkExpr(e.expr, visit);
      break;
    case 'binary':
      walkExpr(e.lhs, visit);
      walkExpr(e.rhs, visit);
      break;
    case 'aggregate':
      if (e.param) walkExpr(e.param, visit);
      walkExpr(e.expr, visit);
      break;
    case 'call':
      for (const a of e.args) walkExpr(a, visit);
      break;
    default:
      break;
  }
}
