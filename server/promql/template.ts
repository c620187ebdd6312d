// A subset of Go text/template, enough for Prometheus alert labels and
// annotations: {{ $labels.x }}, {{ .Labels.x }}, {{ $value }}, {{ .Value }},
// $externalLabels, pipelines (`$value | humanize`), printf, the humanize*
// family, if/else/end with comparisons, and {{- -}} trimming. Anything else
// is rejected by checkTemplate with an offset, so scenarios fail at load.
import { PromQLError } from './errors.js';
import { type TValue, float, printValue, str } from './gofmt.js';
import type { Labels } from './labels.js';
import { unquote } from './literals.js';
import { EXEC, type Exec, TEMPLATE_FUNCTIONS, truth } from './templatefns.js';

/** A template syntax error at a character offset of the template text. */
export class TemplateError extends PromQLError {
  constructor(message: string, offset: number, length: number) {
    super(message, offset, length);
    this.name = 'TemplateError';
  }
}

export interface TemplateContext {
  labels: Labels;
  value: number;
  externalLabels?: Labels;
  externalURL?: string;
}

type Arg =
  | { t: 'var'; name: string; fields: string[]; pos: number }
  | { t: 'field'; fields: string[]; pos: number }
  | { t: 'lit'; v: TValue }
  | { t: 'fn'; name: string; pos: number }
  | { t: 'pipe'; pipe: Pipe };
interface Cmd {
  args: Arg[];
  pos: number;
}
interface Pipe {
  cmds: Cmd[];
  pos: number;
}
type Node = { t: 'text'; text: string } | { t: 'action'; pipe: Pipe } | { t: 'if'; branches: { cond: Pipe; body: Node[] }[]; otherwise: Node[] };

const VARIABLES = new Set(['$', '$labels', '$externalLabels', '$externalURL', '$value']);
const UNSUPPORTED_KEYWORDS = new Set(['range', 'with', 'define', 'template', 'block', 'break', 'continue', 'nil']);

function err(msg: string, at: number, len = 1): never {
  throw new TemplateError(msg, at, len);
}

/** Lexes and parses one action's pipeline: `src` is the action body starting at `base`. */
class ActionParser {
  private i = 0;
  constructor(private readonly src: string, private readonly base: number) {}

  private ws(): void {
    while (this.i < this.src.length && /\s/.test(this.src[this.i] as string)) this.i++;
  }

  at(): number {
    return this.base + this.i;
  }

  peekWord(): string {
    this.ws();
    return /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.i))?.[0] ?? '';
  }

  skip(n: number): void {
    this.i += n;
  }

  done(): boolean {
    this.ws();
    return this.i >= this.src.length;
  }

  pipeline(inParens = false): Pipe {
    const pos = this.at();
    const cmds: Cmd[] = [{ args: [], pos }];
    for (;;) {
      this.ws();
      const c = this.src[this.i];
      const cmd = cmds[cmds.length - 1] as Cmd;
      if (c === undefined || (c === ')' && inParens)) break;
      if (c === '|') {
        if (cmd.args.length === 0) err('missing value for command', this.at());
        this.i++;
        cmds.push({ args: [], pos: this.at() });
        continue;
      }
      cmd.args.push(this.operand());
    }
    if ((cmds[cmds.length - 1] as Cmd).args.length === 0) err('missing value for command', this.at());
    return { cmds, pos };
  }

  private fields(): string[] {
    const out: string[] = [];
    while (this.src[this.i] === '.') {
      const m = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(this.src.slice(this.i));
      if (!m) break;
      out.push(m[1] as string);
      this.i += m[0].length;
    }
    return out;
  }

  private operand(): Arg {
    const start = this.at();
    const rest = this.src.slice(this.i);
    const c = rest[0] as string;
    if (c === '(') {
      this.i++;
      const pipe = this.pipeline(true);
      if (this.src[this.i] !== ')') err('unclosed left paren', start);
      this.i++;
      return { t: 'pipe', pipe };
    }
    if (c === '$') {
      const name = /^\$[A-Za-z0-9_]*/.exec(rest)?.[0] as string;
      this.i += name.length;
      if (/^\s*:?=/.test(this.src.slice(this.i))) err('unsupported template construct: variable declarations', start, name.length);
      if (!VARIABLES.has(name)) err(`undefined variable "${name}"`, start, name.length);
      return { t: 'var', name, fields: this.fields(), pos: start };
    }
    if (c === '.') {
      const fields = this.fields();
      if (fields.length === 0) this.i++;
      return { t: 'field', fields, pos: start };
    }
    if (c === '"' || c === '`') {
      const m = c === '"' ? /^"(\\.|[^"\\\n])*"/.exec(rest) : /^`[^`]*`/.exec(rest);
      if (!m) err('unterminated quoted string', start);
      const r = unquote(m[0]);
      if ('error' in r) err(`bad string literal: ${r.error}`, start, m[0].length);
      this.i += m[0].length;
      return { t: 'lit', v: str(r.value) };
    }
    const num = /^[+-]?(0[xX][0-9a-fA-F_]+|(\d[\d_]*)?\.?\d+([eE][+-]?\d+)?|\d+\.)/.exec(rest);
    if (num) {
      this.i += num[0].length;
      const text = num[0].replaceAll('_', '');
      const isInt = /^[+-]?(0[xX][0-9a-fA-F]+|\d+)$/.test(text);
      return { t: 'lit', v: isInt ? { k: 'int', v: Number(text) } : float(Number(text)) };
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0];
    if (word === undefined) return err(`unexpected ${JSON.stringify(c)} in command`, start);
    this.i += word.length;
    if (word === 'true' || word === 'false') return { t: 'lit', v: { k: 'bool', v: word === 'true' } };
    if (UNSUPPORTED_KEYWORDS.has(word)) err(`unsupported template construct "${word}"`, start, word.length);
    if (word === 'if' || word === 'else' || word === 'end') err(`unexpected "${word}" in command`, start, word.length);
    if (word === 'query' || word === 'first' || word === 'label' || word === 'value' || word === 'sortByLabel') {
      err(`unsupported template function "${word}" (templates cannot run queries in Drillhall)`, start, word.length);
    }
    if (!TEMPLATE_FUNCTIONS.has(word)) err(`function "${word}" not defined`, start, word.length);
    return { t: 'fn', name: word, pos: start };
  }
}

interface Frame {
  nodes: Node[];
  ifNode?: Extract<Node, { t: 'if' }>;
  inElse?: boolean;
  pos: number;
}

/** Finds the end of an action (the `}}` not inside a string), from `from`. */
function actionEnd(tpl: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < tpl.length; i++) {
    const c = tpl[i] as string;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === '`') quote = c;
    else if (c === '}' && tpl[i + 1] === '}') return i;
  }
  return -1;
}

function parse(tpl: string): Node[] {
  const root: Frame = { nodes: [], pos: 0 };
  const stack: Frame[] = [root];
  let i = 0;
  let trimNext = false;
  while (i <= tpl.length) {
    const open = tpl.indexOf('{{', i);
    let text = tpl.slice(i, open < 0 ? tpl.length : open);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (open < 0) {
      if (text) (stack[stack.length - 1] as Frame).nodes.push({ t: 'text', text });
      break;
    }
    const trimLeft = /^\{\{-\s/.test(tpl.slice(open));
    if (trimLeft) text = text.replace(/\s+$/, '');
    if (text) (stack[stack.length - 1] as Frame).nodes.push({ t: 'text', text });
    const bodyStart = open + (trimLeft ? 3 : 2);
    const close = actionEnd(tpl, bodyStart);
    if (close < 0) err('unclosed action', open, 2);
    const trimRight = /\s-$/.test(tpl.slice(bodyStart, close));
    const body = tpl.slice(bodyStart, trimRight ? close - 1 : close);
    i = close + 2;
    trimNext = trimRight;
    if (/^\s*\/\*[\s\S]*\*\/\s*$/.test(body)) continue;
    action(body, bodyStart, stack);
  }
  if (stack.length > 1) err('unexpected EOF: missing {{ end }} for this {{ if }}', (stack[stack.length - 1] as Frame).pos, 2);
  return root.nodes;
}

function action(body: string, at: number, stack: Frame[]): void {
  const p = new ActionParser(body, at);
  const top = stack[stack.length - 1] as Frame;
  const word = p.peekWord();
  if (word === 'if') {
    const ifAt = p.at();
    p.skip(2);
    const branch = { cond: p.pipeline(), body: [] as Node[] };
    const ifNode: Extract<Node, { t: 'if' }> = { t: 'if', branches: [branch], otherwise: [] };
    top.nodes.push(ifNode);
    stack.push({ nodes: branch.body, ifNode, pos: ifAt });
    return;
  }
  if (word !== 'else' && word !== 'end') {
    if (p.done()) err('missing value for command', at);
    top.nodes.push({ t: 'action', pipe: p.pipeline() });
    return;
  }
  const ifNode = top.ifNode;
  if (!ifNode) return err(`unexpected {{${word}}}`, p.at(), word.length);
  p.skip(word.length);
  stack.pop();
  if (word === 'end') {
    if (!p.done()) err('unexpected text after end', p.at());
    return;
  }
  if (top.inElse) err('expected end; found {{else}}', p.at());
  if (p.peekWord() === 'if') {
    p.skip(2);
    const branch = { cond: p.pipeline(), body: [] as Node[] };
    ifNode.branches.push(branch);
    stack.push({ nodes: branch.body, ifNode, pos: top.pos });
    return;
  }
  if (!p.done()) err('unexpected text after else', p.at());
  stack.push({ nodes: ifNode.otherwise, ifNode, inElse: true, pos: top.pos });
}

const cache = new Map<string, Node[]>();

function parsed(tpl: string): Node[] {
  let nodes = cache.get(tpl);
  if (!nodes) {
    nodes = parse(tpl);
    cache.set(tpl, nodes);
  }
  return nodes;
}

/**
 * Validates an alert label/annotation template at load time. Throws
 * TemplateError with the offset of the first unsupported or malformed
 * construct.
 */
export function checkTemplate(tpl: string): void {
  parsed(tpl);
}

interface Data {
  labels: TValue;
  external: TValue;
  url: TValue;
  value: TValue;
}

function fieldsOf(base: TValue | 'root', fields: readonly string[], d: Data): TValue {
  let cur: TValue | 'root' = base;
  for (const f of fields) {
    if (cur === 'root') {
      const root: Record<string, TValue> = { Labels: d.labels, ExternalLabels: d.external, ExternalURL: d.url, Value: d.value };
      const next = root[f];
      if (!next) throw new Error(`can't evaluate field ${f} in type alert template data`);
      cur = next;
    } else if (cur.k === 'map') cur = str(cur.v[f] ?? '');
    else throw new Error(`can't evaluate field ${f} in type ${cur.k}`);
  }
  if (cur === 'root') throw new Error('cannot print the whole template data');
  return cur;
}

function variable(name: string, d: Data): TValue | 'root' {
  switch (name) {
    case '$labels':
      return d.labels;
    case '$externalLabels':
      return d.external;
    case '$externalURL':
      return d.url;
    case '$value':
      return d.value;
    default:
      return 'root';
  }
}

function evalArg(a: Arg, d: Data): TValue {
  switch (a.t) {
    case 'lit':
      return a.v;
    case 'pipe':
      return evalPipe(a.pipe, d);
    case 'field':
      return fieldsOf('root', a.fields, d);
    case 'var':
      return fieldsOf(variable(a.name, d), a.fields, d);
    case 'fn':
      return EXEC[a.name]?.([]) ?? str('');
  }
}

function evalPipe(p: Pipe, d: Data): TValue {
  let piped: TValue | undefined;
  for (const c of p.cmds) {
    const [head, ...rest] = c.args as [Arg, ...Arg[]];
    if (head.t === 'fn') {
      const args = rest.map((x) => evalArg(x, d));
      if (piped !== undefined) args.push(piped);
      piped = (EXEC[head.name] as Exec)(args);
    } else {
      if (rest.length > 0 || piped !== undefined) throw new Error(`can't give argument to non-function`);
      piped = evalArg(head, d);
    }
  }
  return piped as TValue;
}

function run(nodes: readonly Node[], d: Data): string {
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text') out += n.text;
    else if (n.t === 'action') out += printValue(evalPipe(n.pipe, d));
    else {
      const branch = n.branches.find((b) => truth(evalPipe(b.cond, d)));
      out += run(branch ? branch.body : n.otherwise, d);
    }
  }
  return out;
}

/**
 * Renders a Prometheus alert template for one alert. Syntax errors throw
 * TemplateError (call checkTemplate at load time); evaluation errors render
 * as "<error expanding template: ...>", as Prometheus does.
 *
 * @example
 * renderTemplate('{{ $labels.service }} at {{ $value | humanizePercentage }}', { labels: { service: 'api' }, value: 0.25 })
 * // => 'api at 25%'
 */
export function renderTemplate(tpl: string, ctx: TemplateContext): string {
  const nodes = parsed(tpl);
  const data: Data = {
    labels: { k: 'map', v: ctx.labels },
    external: { k: 'map', v: ctx.externalLabels ?? {} },
    url: str(ctx.externalURL ?? ''),
    value: float(ctx.value),
  };
  try {
    return run(nodes, data);
  } catch (e) {
    return `<error expanding template: ${e instanceof Error ? e.message : String(e)}>`;
  }
}
