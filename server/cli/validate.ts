import { formatProblem, loadScenarioFile } from '../scenario/loader.js';
import type { Io } from './main.js';

/** `drillhall validate <file...>`: exit 0 when all are valid, else 1 with one line per problem. */
export async function validateCommand(args: string[], io: Io): Promise<number> {
  const files = args.filter((a) => !a.startsWith('-'));
  if (files.length === 0) { io.err('usage: drillhall validate <file...>'); return 2; }
  let bad = 0;
  for (const file of files) {
    const r = await loadScenarioFile(file);
    if (r.ok) continue;
    bad++;
    for (const p of r.problems) io.out(formatProblem(p));
  }
  if (bad === 0) io.err(`${files.length} scenario${files.length === 1 ? '' : 's'} valid`);
  return bad === 0 ? 0 : 1;
}
