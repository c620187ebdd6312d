/**
 * The web reads the API through Hono's typed client (`hc<AppType>`, web/lib/api.ts) and names
 * replies by deriving them from the routes (web/lib/api-types.ts). This checks that the chain
 * holds: the TypeScript compiler is run over web pages as they are (no error), then with a
 * route's reply changed in memory (the file on disk is not touched), and must report the web
 * code that reads the old field. A cast anywhere on the way (`api<T>()`, `as Reply`) would let
 * the changed program compile, and the test fail.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function compilerOptions(): ts.CompilerOptions {
  const file = join(ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(file, ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options;
}

/** One change to one file, applied in memory: `from` must occur in it exactly once. */
interface Edit { readonly file: string; readonly from: string; readonly to: string }

/** Type errors in `roots` (and what they import), with `edits` applied to the sources read. */
function typeErrors(roots: readonly string[], edits: readonly Edit[] = []): string[] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const used = new Set<Edit>();
  host.readFile = (name) => {
    const text = readFile(name);
    if (text === undefined) return text;
    let out = text;
    for (const e of edits.filter((x) => join(ROOT, x.file) === name)) {
      const parts = out.split(e.from);
      if (parts.length !== 2) throw new Error(`${e.file} should contain ${JSON.stringify(e.from)} once; it has ${parts.length - 1}`);
      out = parts.join(e.to);
      used.add(e);
    }
    return out;
  };
  host.getSourceFile = (name, language) => {
    const text = host.readFile(name);
    return text === undefined ? undefined : ts.createSourceFile(name, text, language);
  };
  const program = ts.createProgram(roots.map((r) => join(ROOT, r)), options, host);
  for (const e of edits) if (!used.has(e)) throw new Error(`${e.file} was never read: is it still imported?`);
  return ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName.startsWith(join(ROOT, 'web/')))
    .map((d) => `${d.file!.fileName.slice(ROOT.length)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

/** The scenario list's reply: `{ scenarios: [...] }` becomes `{ list: [...] }`. */
const RENAME_SCENARIOS: Edit = {
  file: 'server/http/scenarios.ts',
  from: 'c.json({ scenarios: catalog.list()',
  to: 'c.json({ list: catalog.list()',
};

/** Each scenario's tags (a list the library filters by) become a number. */
const TAGS_A_NUMBER: Edit = {
  file: 'server/http/scenarios.ts',
  from: 'catalog.list().map((e) => scenarioSummary(e.scenario))',
  to: 'catalog.list().map((e) => ({ ...scenarioSummary(e.scenario), tags: 0 }))',
};

const HOME = ['web/pages/dh-home.ts', 'web/components/home/dh-scenario-library.ts', 'web/lib/scenarios.ts'];

describe('the web reads replies through the typed client', () => {
  it('type-checks the home page and the library as they are', () => {
    expect(typeErrors(HOME)).toEqual([]);
  }, 120_000);

  it('fails the web when GET /api/scenarios renames its field', () => {
    const errors = typeErrors(HOME, [RENAME_SCENARIOS]);
    expect(errors.join('\n')).toMatch(/web\/pages\/dh-home\.ts: Property 'scenarios' does not exist/);
  }, 120_000);

  it('fails the web when a reply field changes its type', () => {
    const errors = typeErrors(HOME, [TAGS_A_NUMBER]);
    expect(errors.join('\n')).toMatch(/web\/lib\/scenarios\.ts: Property 'includes' does not exist on type 'number'/);
  }, 120_000);
});
