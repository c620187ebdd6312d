/**
 * The import rules of .dependency-cruiser.cjs (no cycles, layers only point down, the web and
 * the contract import only what they may), checked over server/, web/ and contract/ with
 * dependency-cruiser. A failure lists every violation, one a line, with the rule's reason.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FOLDERS = ['server', 'web', 'contract'];

function describeViolation(v: IViolation): string {
  const path = v.cycle?.length ? [v.from, ...v.cycle.map((c) => c.name)].join(' -> ') : `${v.from} -> ${v.to}`;
  const types = v.dependencyTypes?.includes('type-only') ? ' (type-only)' : '';
  return `${v.rule.name}: ${path}${types}`;
}

let result: ICruiseResult;
let comments: Map<string, string>;

beforeAll(async () => {
  const cwd = process.cwd();
  process.chdir(ROOT); // dependency-cruiser reports and matches paths relative to the working directory
  try {
    const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
    const tsConfig = extractTSConfig('tsconfig.json');
    const folders = FOLDERS.filter((f) => existsSync(f));
    const out = await cruise(folders, options, {}, { tsConfig });
    if (typeof out.output === 'string') throw new Error('expected a cruise result, got a report');
    result = out.output;
    comments = new Map((options.ruleSet?.forbidden ?? []).map((r) => [r.name ?? '', r.comment ?? '']));
  } finally {
    process.chdir(cwd);
  }
}, 120_000);

describe('the import rules (.dependency-cruiser.cjs)', () => {
  it('cruises every folder of the layers', () => {
    const sources = result.modules.map((m) => m.source);
    const layers = ['server/promql/', 'server/scenario/', 'server/sim/', 'server/scoring/', 'server/export/', 'server/store/', 'server/drills/', 'server/http/', 'server/node/', 'server/bench/', 'server/cli/', 'web/'];
    for (const folder of [...layers, ...(existsSync(`${ROOT}contract`) ? ['contract/'] : [])]) {
      expect(sources.some((s) => s.startsWith(folder)), folder).toBe(true);
    }
  });

  it('finds no cycle, no import that points up a layer, and nothing the web or contract may not import', () => {
    const violations = result.summary.violations;
    const lines = violations.map(describeViolation).sort();
    const reasons = [...new Set(violations.map((v) => v.rule.name))].sort().map((name) => `  ${name}: ${comments.get(name) ?? ''}`);
    const message = `${violations.length} import rule violation(s):\n${lines.map((l) => `  ${l}`).join('\n')}\n\nwhy:\n${reasons.join('\n')}`;
    expect(violations.length, message).toBe(0);
  });
});
