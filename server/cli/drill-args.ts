import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { formatProblem, loadScenarioFile } from '../scenario/loader.js';
import type { Scenario } from '../scenario/schema.js';
import { parseScript, runScript, scenarioScript, type RunResult, type ScriptEntry } from '../sim/runner.js';
import type { Io } from './io.js';

/** The options every command that replays a drill shares: scenario, seed, script, until. */
export const DRILL_OPTIONS = {
  seed: { type: 'string', default: '1' },
  script: { type: 'string' },
  actions: { type: 'string' },
} as const;

export interface DrillArgs { seed?: string | undefined; script?: string | undefined; actions?: string | undefined }

/** Load the scenario and play the chosen script up to `until`; prints problems and returns undefined on failure. */
export async function replayDrill(file: string, v: DrillArgs, until: (s: Scenario) => number, io: Io): Promise<{ scenario: Scenario; result: RunResult } | undefined> {
  const loaded = await loadScenarioFile(file);
  if (!loaded.ok) { loaded.problems.forEach((p) => io.err(formatProblem(p))); return undefined; }
  const s = loaded.scenario;
  if (v.script && v.actions) throw new Error('give either --script or --actions, not both');
  let script: ScriptEntry[] = [];
  if (v.script) script = scenarioScript(s, v.script);
  if (v.actions) script = parseScript(parseYaml(await readFile(v.actions, 'utf8'), { maxAliasCount: 100 }), v.actions);
  return { scenario: s, result: runScript(s, v.seed ?? '1', script, until(s)) };
}
