/**
 * Scenario files to feed the loader: the built-in scenarios mutated as text (lines deleted,
 * duplicated, swapped, re-indented; values swapped or replaced; keys injected; bytes broken)
 * and as structure (parsed, a node deleted, replaced, retyped or added, written back), plus
 * documents built to hurt a parser (alias bombs, deep nesting, huge strings, wrong types).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { SCENARIO_DIR } from '../helpers/scenario.js';
import { hostileJson, hugeString, NASTY_CHARS, nastyString, PROTO_KEYS } from './weird.js';

export interface ScenarioCase {
  /** which generator made it, for the counts */
  readonly kind: string;
  readonly text: string;
}

export const SEEDS: readonly { file: string; text: string }[] = readdirSync(SCENARIO_DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => ({ file: f, text: readFileSync(join(SCENARIO_DIR, f), 'utf8') }));

const seedIndex = fc.nat({ max: SEEDS.length - 1 });

/** Parsed once; each structural mutation works on a copy. */
const PARSED: readonly unknown[] = SEEDS.map((s) => { try { return parse(s.text); } catch { return null; } });

/** A scalar as YAML would read it back: quoted hostile text, or a bare token of another type. */
const yamlScalar: fc.Arbitrary<string> = fc.oneof(
  nastyString.map((s) => JSON.stringify(s)),
  fc.constantFrom('null', '~', 'true', 'no', 'yes', '0', '-1', '1e400', '.nan', '-.inf', '0o777', '0x1F', '[]', '{}', '[a, b]', '{a: 1}', '""', "''", '|', '>-', '*undefined_alias', '&anchor x', '!!binary aGk=', '!!js/function "function(){}"', '!!python/object:os.system ["id"]', '? complex', '"unterminated', "'unterminated", '{', '[', '- a', '%YAML 1.1', '---', '...', '<<: *x', '"\\ud800"', '"\\u202e"', '"\\0"'),
  fc.integer().map(String),
  fc.double().map(String),
);

const YAML_SNIPPETS = ['&a', '*a', '<<: *a', '---', '...', '? ', ': ', '- ', '#', '!!str', '!tag', '%TAG ! tag:x,2000:', '{', '}', '[', ']', '|+', '>-', '"', "'", '\t', '\\', '@', '`'];

type TextOp =
  | { op: 'delete'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'swap'; at: number; with: number }
  | { op: 'indent'; at: number; by: number }
  | { op: 'tab'; at: number }
  | { op: 'swapValues'; at: number; with: number }
  | { op: 'value'; at: number; value: string }
  | { op: 'inject'; at: number; key: string; value: string }
  | { op: 'snippet'; at: number; col: number; snippet: string }
  | { op: 'char'; at: number; col: number; char: string }
  | { op: 'truncate'; at: number; col: number };

const line = fc.nat({ max: 2000 });
const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: line }),
  fc.record({ op: fc.constant('duplicate' as const), at: line }),
  fc.record({ op: fc.constant('swap' as const), at: line, with: line }),
  fc.record({ op: fc.constant('indent' as const), at: line, by: fc.integer({ min: -6, max: 6 }) }),
  fc.record({ op: fc.constant('tab' as const), at: line }),
  fc.record({ op: fc.constant('swapValues' as const), at: line, with: line }),
  fc.record({ op: fc.constant('value' as const), at: line, value: yamlScalar }),
  fc.record({ op: fc.constant('inject' as const), at: line, key: fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.constantFrom('id', 'at', 'expected', 'faults', 'type', 'unknown_key'), nastyString.map((s) => JSON.stringify(s))), value: yamlScalar }),
  fc.record({ op: fc.constant('snippet' as const), at: line, col: fc.nat({ max: 80 }), snippet: fc.constantFrom(...YAML_SNIPPETS) }),
  fc.record({ op: fc.constant('char' as const), at: line, col: fc.nat({ max: 80 }), char: fc.constantFrom(...NASTY_CHARS) }),
  fc.record({ op: fc.constant('truncate' as const), at: line, col: fc.nat({ max: 80 }) }),
);

const KEY_VALUE = /^(\s*(?:- )?(?:"[^"]*"|[\w.-]+):\s)(.*)$/;

/** Apply text edits to a scenario's lines; positions wrap around the file. */
export function applyTextOps(text: string, ops: readonly TextOp[]): string {
  const lines = text.split('\n');
  const at = (n: number) => n % Math.max(1, lines.length);
  for (const o of ops) {
    const i = at(o.at);
    const cur = lines[i] ?? '';
    switch (o.op) {
      case 'delete': lines.splice(i, 1); break;
      case 'duplicate': lines.splice(i, 0, cur); break;
      case 'swap': { const j = at(o.with); [lines[i], lines[j]] = [lines[j] ?? '', cur]; break; }
      case 'indent': lines[i] = o.by >= 0 ? ' '.repeat(o.by) + cur : cur.replace(new RegExp(`^ {0,${-o.by}}`), ''); break;
      case 'tab': lines[i] = `\t${cur}`; break;
      case 'swapValues': {
        const j = at(o.with);
        const a = KEY_VALUE.exec(cur);
        const b = KEY_VALUE.exec(lines[j] ?? '');
        if (a && b) { lines[i] = a[1]! + b[2]!; lines[j] = b[1]! + a[2]!; }
        break;
      }
      case 'value': { const a = KEY_VALUE.exec(cur); lines[i] = a ? a[1]! + o.value : `${cur} ${o.value}`; break; }
      case 'inject': { const indent = /^\s*(?:- )?/.exec(cur)![0].replace('- ', '  '); lines.splice(i, 0, `${indent}${o.key}: ${o.value}`); break; }
      case 'snippet': lines[i] = cur.slice(0, o.col) + o.snippet + cur.slice(o.col); break;
      case 'char': lines[i] = cur.slice(0, o.col) + o.char + cur.slice(o.col); break;
      case 'truncate': lines.splice(i + 1); lines[i] = cur.slice(0, o.col); break;
    }
  }
  return lines.join('\n');
}

export const textMutation: fc.Arbitrary<ScenarioCase> = fc.tuple(seedIndex, fc.array(textOp, { minLength: 1, maxLength: 4 }))
  .map(([s, ops]) => ({ kind: 'text-mutated', text: applyTextOps(SEEDS[s]!.text, ops) }));

type Path = (string | number)[];

function paths(v: unknown, here: Path = [], out: Path[] = []): Path[] {
  out.push(here);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...here, i], out));
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) paths((v as Record<string, unknown>)[k], [...here, k], out);
  return out;
}

function get(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root);
}

function set(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = get(root, path.slice(0, -1)) as Record<string | number, unknown>;
  Object.defineProperty(parent, path.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

type TreeOp =
  | { op: 'delete'; at: number }
  | { op: 'replace'; at: number; value: unknown }
  | { op: 'retype'; at: number }
  | { op: 'add'; at: number; key: string; value: unknown }
  | { op: 'copy'; at: number; from: number }
  | { op: 'wrap'; at: number };

const treeOp: fc.Arbitrary<TreeOp> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: hostileJson }),
  fc.record({ op: fc.constant('retype' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom(...PROTO_KEYS), nastyString), value: hostileJson }),
  fc.record({ op: fc.constant('copy' as const), at: fc.nat(), from: fc.nat() }),
  fc.record({ op: fc.constant('wrap' as const), at: fc.nat() }),
);

/** A value of a different type than `v`, as an author's typo would make it. */
function retyped(v: unknown): unknown {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return /^-?\d/.test(v) ? Number.parseFloat(v) : [v];
  if (typeof v === 'boolean') return v ? 'yes' : 0;
  if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), x]));
  if (v && typeof v === 'object') return Object.values(v);
  return {};
}

/** Apply structural edits to a parsed scenario; positions index every node, wrapping around. */
export function applyTreeOps(doc: unknown, ops: readonly TreeOp[]): unknown {
  let root = doc;
  for (const o of ops) {
    const all = paths(root);
    const p = all[o.at % all.length]!;
    switch (o.op) {
      case 'delete': {
        if (p.length === 0) { root = null; break; }
        const parent = get(root, p.slice(0, -1));
        if (Array.isArray(parent)) parent.splice(p.at(-1) as number, 1);
        else delete (parent as Record<string, unknown>)[p.at(-1)!];
        break;
      }
      case 'replace': root = set(root, p, o.value); break;
      case 'retype': root = set(root, p, retyped(get(root, p))); break;
      case 'add': {
        const target = get(root, p);
        if (target && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, o.key, { value: o.value, enumerable: true, writable: true, configurable: true });
        else if (Array.isArray(target)) target.push(o.value);
        break;
      }
      case 'copy': root = set(root, p, structuredClone(get(root, all[o.from % all.length]!))); break;
      case 'wrap': root = set(root, p, [get(root, p)]); break;
    }
  }
  return root;
}

export const treeMutation: fc.Arbitrary<ScenarioCase> = fc.tuple(seedIndex, fc.array(treeOp, { minLength: 1, maxLength: 3 }))
  .map(([s, ops]) => {
    const doc = applyTreeOps(structuredClone(PARSED[s]), ops);
    let text: string;
    try {
      text = stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 });
    } catch {
      text = JSON.stringify(doc) ?? 'null';
    }
    return { kind: 'tree-mutated', text };
  });

/** Billion laughs: each level refers to the one before `fanout` times. */
function aliasBomb(levels: number, fanout: number): string {
  const lines = ['a0: &a0 ["lol"]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: fanout }, () => `*a${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

/** A bomb or a deep nest hidden in a field of a real scenario, where a loader looks last. */
function embed(seed: string, key: string, yaml: string): string {
  return `${seed.trimEnd()}\n${key}:\n${yaml.split('\n').map((l) => `  ${l}`).join('\n')}\n`;
}

export const attack: fc.Arbitrary<ScenarioCase> = fc.oneof(
  fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 10 }), fc.boolean(), seedIndex).map(([levels, fanout, embedded, s]) => {
    const bomb = aliasBomb(levels, fanout);
    return { kind: 'alias-bomb', text: embedded ? embed(SEEDS[s]!.text, 'x_bomb', bomb) : bomb };
  }),
  fc.tuple(fc.constantFrom(41, 100, 1_000, 10_000, 100_000), fc.constantFrom('flow-seq', 'flow-map', 'block-seq', 'block-map'), seedIndex, fc.boolean()).map(([depth, style, s, embedded]) => {
    const nest = style === 'flow-seq' ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
      : style === 'flow-map' ? `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`
        : style === 'block-seq' ? Array.from({ length: Math.min(depth, 2000) }, (_, i) => `${'  '.repeat(i)}-`).join('\n') + ' 1'
          : Array.from({ length: Math.min(depth, 2000) }, (_, i) => `${'  '.repeat(i)}a:`).join('\n') + ' 1';
    return { kind: 'deep-nesting', text: embedded ? embed(SEEDS[s]!.text, 'tags', style.startsWith('flow') ? nest : nest.replace(/^/gm, '')) : nest };
  }),
  fc.tuple(hugeString, seedIndex, fc.constantFrom('title', 'summary', 'briefing', 'id')).map(([big, s, key]) => ({
    kind: 'huge-string', text: SEEDS[s]!.text.replace(new RegExp(`^${key}:.*$`, 'm'), `${key}: ${JSON.stringify(big)}`),
  })),
  fc.tuple(fc.constantFrom(1_000, 10_000, 60_000), fc.boolean()).map(([n, seq]) => ({
    kind: 'many-nodes', text: seq ? Array.from({ length: n }, (_, i) => `- ${i}`).join('\n') : Array.from({ length: n }, (_, i) => `k${i}: ${i}`).join('\n'),
  })),
  fc.oneof(fc.constantFrom('', ' ', '\n', '---', '...', '~', 'null', '42', '"text"', '[]', '{}', '- a\n- b', '\ufeff', '\u0000', '%YAML 2.0\n---\n{}', '--- !!set\n? a'), hostileJson.map((v) => stringify(v))).map((text) => ({ kind: 'wrong-type', text })),
  fc.uint8Array({ maxLength: 2000 }).map((bytes) => ({ kind: 'binary', text: Buffer.from(bytes).toString('utf8') })),
  fc.tuple(seedIndex, fc.constantFrom(...PROTO_KEYS), fc.constantFrom('polluted: true', '{ polluted: true }', '{ prototype: { polluted: true } }', '[1, 2]', 'x')).map(([s, key, value]) => ({
    kind: 'proto-keys',
    text: SEEDS[s]!.text.replace(/^(services|teams|metrics|faults|expected|scripts|runbooks):\s*$/m, (m) => `${m}\n  ${key}: ${value}`).replace(/^id:/m, `${key}: ${value}\nid:`),
  })),
);

/** Every kind of case, weighted towards mutations of real scenarios. */
export const scenarioCase: fc.Arbitrary<ScenarioCase> = fc.oneof(
  { weight: 5, arbitrary: textMutation },
  { weight: 3, arbitrary: treeMutation },
  { weight: 2, arbitrary: attack },
);

/** Cases are drawn in chunks of this many, chunk k with seed FUZZ_SEED + k. */
export const CHUNK = 50;

/** Case #i of the run with `seed`, drawn again, to replay a failure. */
export function caseAt(seed: number, i: number): ScenarioCase {
  return fc.sample(scenarioCase, { numRuns: CHUNK, seed: seed + Math.floor(i / CHUNK) })[i % CHUNK]!;
}
