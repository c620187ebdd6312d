import { formatProblem, loadScenarioFile, sourcePositions } from '../scenario/loader.js';
import type { Scenario } from '../scenario/schema.js';
import { giveaways } from '../scoring/giveaways.js';
import type { Io } from './io.js';

/**
 * `drillhall validate <file...>`: exit 0 when all are valid, else 1 with one line per problem.
 * A valid scenario may still get warnings (exit 0): text trainees read before the first alert
 * that gives the answer away. `--strict` makes warnings fail too.
 */
export async function validateCommand(args: string[], io: Io): Promise<number> {
  const files = args.filter((a) => !a.startsWith('-'));
  const strict = args.includes('--strict');
  if (files.length === 0) { io.err('usage: drillhall validate <file...> [--strict]'); return 2; }
  let bad = 0;
  let warned = 0;
  for (const file of files) {
    const r = await loadScenarioFile(file);
    if (r.ok) {
      const warnings = giveawayWarnings(file, r.scenario, r.source);
      for (const w of warnings) io.out(w);
      if (warnings.length > 0) warned++;
      continue;
    }
    bad++;
    for (const p of r.problems) io.out(formatProblem(p));
  }
  const failed = bad + (strict ? warned : 0);
  if (bad === 0) io.err(`${files.length} scenario${files.length === 1 ? '' : 's'} valid${warned > 0 ? `; ${warned} with warnings` : ''}`);
  return failed === 0 ? 0 : 1;
}

/** One `file:line:col: warning: ...` line per giveaway, pointing at the words that give it away. */
function giveawayWarnings(file: string, s: Scenario, source: string): string[] {
  const found = giveaways(s);
  if (found.length === 0) return [];
  const map = sourcePositions(source);
  return found.map((g) => {
    const m = /^(\w+)(?:\[(\d+)\])?$/.exec(g.where)!;
    const path = m[2] !== undefined ? [m[1]!, Number(m[2])] : [m[1]!];
    const value = m[2] !== undefined ? (s[m[1] as 'tags' | 'skills'][Number(m[2])] ?? '') : String(s[m[1] as 'title' | 'summary' | 'briefing']);
    const at = value.toLowerCase().indexOf(g.matched.toLowerCase());
    const p = at >= 0 ? map.inValue(path, at) : map.at(path);
    return `${file}:${p.line}:${p.col}: warning: ${g.where} names ${g.what} ("${g.matched}"); trainees read it before the first alert, so describe the system, not the answer`;
  });
}
