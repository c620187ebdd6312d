/**
 * Scenario loader: YAML text in, a validated Scenario or a list of `file:line:col: message`
 * problems out. Pure apart from `loadScenarioFile`, which reads the file.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { semanticChecks } from './checks.js';
import { sourceMap, type Path, type SourceMap } from './positions.js';
import { ScenarioSchema, type Scenario } from './schema.js';
import { didYouMean } from './suggest.js';
import { schemaAt } from './schema-walk.js';

/** Files larger than this are refused before parsing: scenarios are a few hundred lines. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;
/** Deeper than this is not a scenario, it is an attack on the parser. */
export const MAX_DEPTH = 40;
/** Problems reported per file: enough to fix a file, few enough to compute instantly. */
export const MAX_PROBLEMS = 100;
/** YAML anchors are handy; thousands of alias expansions are a billion-laughs bomb. */
export const MAX_ALIASES = 200;

export interface ScenarioProblem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export type LoadResult =
  | { readonly ok: true; readonly scenario: Scenario; readonly hash: string; readonly source: string }
  | { readonly ok: false; readonly problems: readonly ScenarioProblem[] };

export function formatProblem(p: ScenarioProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

/** Content hash of a scenario's source; a stored drill names the exact scenario it ran. */
export function scenarioHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Read and validate one scenario file. Missing or unreadable files are problems too. */
export async function loadScenarioFile(file: string): Promise<LoadResult> {
  try {
    const st = await stat(file);
    if (st.size > MAX_SCENARIO_BYTES) return tooBig(file, st.size);
    return parseScenario(await readFile(file, 'utf8'), file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a scenario file' : (err as Error).message;
    return { ok: false, problems: [{ file, line: 1, col: 1, message: `cannot read scenario: ${why}` }] };
  }
}

function tooBig(file: string, bytes: number): LoadResult {
  const message = `file is ${bytes} bytes; scenarios are limited to ${MAX_SCENARIO_BYTES} bytes`;
  return { ok: false, problems: [{ file, line: 1, col: 1, message }] };
}

/**
 * Validate scenario text. Every problem found is reported (not just the first), each with the
 * line and column the author needs to fix.
 * @example parseScenario(await readFile(f, 'utf8'), f)
 */
export function parseScenario(text: string, file: string): LoadResult {
  if (Buffer.byteLength(text) > MAX_SCENARIO_BYTES) return tooBig(file, Buffer.byteLength(text));
  const problem = (line: number, col: number, message: string): ScenarioProblem => ({ file, line, col, message });
  const lc = new LineCounter();
  let doc;
  try {
    // Duplicate keys are found below in one pass; yaml's own check is quadratic in keys per map.
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false, merge: true });
  } catch (err) {
    return { ok: false, problems: [problem(1, 1, `could not parse YAML: ${(err as Error).message}`)] };
  }
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const p = lc.linePos(e.pos[0]);
        return problem(p.line, p.col, yamlMessage(e.code, e.message));
      }),
    };
  }
  const dupes = duplicateKeys(doc.contents as Node | null);
  if (dupes.length > 0) {
    return { ok: false, problems: dupes.map((k) => { const p = lc.linePos(k.range?.[0] ?? 0); return problem(p.line, p.col, `Map keys must be unique: "${String((k as { value?: unknown }).value)}" (a key appears twice in the same mapping)`); }) };
  }
  const deep = findTooDeep(doc.contents as Node | null, 0);
  if (deep) {
    const p = lc.linePos(deep.range?.[0] ?? 0);
    return { ok: false, problems: [problem(p.line, p.col, `nesting deeper than ${MAX_DEPTH} levels; scenarios never need that`)] };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    const msg = /alias/i.test((err as Error).message)
      ? `too many alias expansions (over ${MAX_ALIASES}); this looks like a YAML alias bomb`
      : `could not read YAML: ${(err as Error).message}`;
    return { ok: false, problems: [problem(1, 1, msg)] };
  }
  const map = sourceMap(doc, lc, text);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, problems: [problem(1, 1, 'a scenario file must be a YAML mapping (id:, title:, ...)')] };
  }
  const parsed = ScenarioSchema.safeParse(data);
  if (!parsed.success) {
    // A file with thousands of problems is not a typo; report the first hundred, fast.
    const issues = parsed.error.issues.slice(0, MAX_PROBLEMS);
    const problems = sortProblems(issues.flatMap((i) => zodProblems(i, map, data, file))).slice(0, MAX_PROBLEMS);
    const more = parsed.error.issues.length - issues.length + issues.reduce((n, i) => n + (i.code === 'unrecognized_keys' ? Math.max(0, i.keys.length - MAX_PROBLEMS) : 0), 0);
    if (more > 0) problems.push(problem(1, 1, `...and ${more} more problems; fix these first`));
    return { ok: false, problems };
  }
  const semantic = semanticChecks(parsed.data, data as Record<string, unknown>);
  if (semantic.length > 0) {
    return {
      ok: false,
      problems: sortProblems(semantic.map((s) => {
        const p = s.offset !== undefined ? map.inValue(s.path, s.offset) : s.key !== undefined ? map.keyAt(s.path, s.key) : map.at(s.path);
        return problem(p.line, p.col, s.message);
      })),
    };
  }
  return { ok: true, scenario: parsed.data, hash: scenarioHash(text), source: text };
}

/**
 * Where a path of a scenario's YAML is written, for messages about a scenario that loaded
 * (warnings): the same positions the loader's own problems use.
 * @example sourcePositions(text).at(['tags', 2]) // { line: 9, col: 27 }
 */
export function sourcePositions(text: string): SourceMap {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false, merge: true });
  return sourceMap(doc, lc, text);
}

function sortProblems(ps: ScenarioProblem[]): ScenarioProblem[] {
  const seen = new Set<string>();
  return ps
    .filter((p) => { const k = formatProblem(p); if (seen.has(k)) return false; seen.add(k); return true; })
    .sort((a, b) => a.line - b.line || a.col - b.col);
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') return `${first} (a key appears twice in the same mapping)`;
  if (code === 'TAB_AS_INDENT') return 'tabs cannot indent YAML; use spaces';
  return `YAML: ${first}`;
}

/** Keys that repeat within one mapping (the second and later ones), in one pass per map. */
function duplicateKeys(root: Node | null): Node[] {
  const out: Node[] = [];
  const stack: (Node | null)[] = [root];
  let visited = 0;
  while (stack.length > 0 && visited++ < 1_000_000) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const p of node.items) {
        const k = p.key as Node | null;
        const name = isScalar(k) ? `s:${String(k.value)}` : undefined;
        if (name !== undefined && name !== 's:<<') {
          if (seen.has(name)) out.push(k!);
          seen.add(name);
        }
        stack.push(p.value as Node | null);
      }
    } else if (isSeq(node)) {
      for (const it of node.items) stack.push(it as Node | null);
    }
  }
  return out;
}

function findTooDeep(node: Node | null, depth: number): Node | undefined {
  if (!node) return undefined;
  if (depth > MAX_DEPTH) return node;
  if (isMap(node)) {
    for (const p of node.items) { const d = findTooDeep(p.value as Node | null, depth + 1); if (d) return d; }
  } else if (isSeq(node)) {
    for (const it of node.items) { const d = findTooDeep(it as Node | null, depth + 1); if (d) return d; }
  }
  return undefined;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text', number: 'a number', boolean: 'true or false', object: 'a mapping (key: value)',
  array: 'a list', undefined: 'nothing', null: 'nothing (null)',
};

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}...` : v}"`;
  return String(v);
}

function valueAt(data: unknown, path: Path): unknown {
  let v: unknown = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

function zodProblems(issue: z.core.$ZodIssue, map: SourceMap, data: unknown, file: string): ScenarioProblem[] {
  const path = issue.path as (string | number)[];
  const where = path.length ? `${path.join('.')}: ` : '';
  const mk = (line: number, col: number, message: string): ScenarioProblem => ({ file, line, col, message });
  // A required key that is not there, whatever type it should have had.
  if (issue.code !== 'unrecognized_keys' && issue.code !== 'custom' && path.length > 0 && valueAt(data, path) === undefined && !Array.isArray(valueAt(data, path.slice(0, -1)))) {
    const parent = path.slice(0, -1);
    const pp = map.at(parent);
    const options = issue.code === 'invalid_value' ? ` (one of ${issue.values.map((o) => `"${String(o)}"`).join(', ')})` : '';
    return [mk(pp.line, pp.col, `missing required key "${String(path[path.length - 1])}"${parent.length ? ` in ${parent.join('.')}` : ''}${options}`)];
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = Object.keys(schemaAt(ScenarioSchema, path)?.shape ?? {});
      return issue.keys.slice(0, MAX_PROBLEMS).map((k) => {
        const p = map.keyAt(path, k);
        return mk(p.line, p.col, `unknown key "${k}"${where ? ` in ${path.join('.')}` : ''}${didYouMean(k, known)}`);
      });
    }
    case 'invalid_type': {
      const actual = valueAt(data, path);
      const p = map.at(path);
      if (actual === undefined) {
        const parent = path.slice(0, -1);
        const pp = map.at(parent);
        return [mk(pp.line, pp.col, `missing required key "${String(path[path.length - 1])}"${parent.length ? ` in ${parent.join('.')}` : ''}`)];
      }
      const want = TYPE_WORDS[issue.expected] ?? issue.expected;
      const quote = issue.expected === 'string' && (typeof actual === 'number' || typeof actual === 'boolean') ? ' (put it in quotes to keep it as text)' : '';
      return [mk(p.line, p.col, `${where}expected ${want}, found ${describe(actual)}${quote}`)];
    }
    case 'invalid_value': {
      const p = map.at(path);
      const options = issue.values.map(String);
      const actual = valueAt(data, path);
      if (actual === undefined) {
        const parent = path.slice(0, -1);
        const pp = map.at(parent);
        return [mk(pp.line, pp.col, `missing required key "${String(path[path.length - 1])}"${parent.length ? ` in ${parent.join('.')}` : ''} (one of ${options.map((o) => `"${o}"`).join(', ')})`)];
      }
      return [mk(p.line, p.col, `${where}${describe(actual)} is not one of ${options.map((o) => `"${o}"`).join(', ')}${typeof actual === 'string' ? didYouMean(actual, options) : ''}`)];
    }
    case 'invalid_union': {
      // Report the branch that got furthest, so authors see a concrete problem.
      const branches = issue.errors.filter((b) => b.length > 0);
      const best = branches.sort((a, b) => maxDepth(b) - maxDepth(a))[0];
      if (best && maxDepth(best) > 0) return best.flatMap((i) => zodProblems({ ...i, path: [...path, ...i.path] } as z.core.$ZodIssue, map, data, file));
      const p = map.at(path);
      return [mk(p.line, p.col, `${where}${describe(valueAt(data, path))} is not valid here`)];
    }
    default: {
      const p = map.at(path);
      return [mk(p.line, p.col, `${where}${issue.message}`)];
    }
  }
}

function maxDepth(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'unrecognized_keys' ? 1 : 0)));
}
