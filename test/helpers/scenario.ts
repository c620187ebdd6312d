import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../../server/scenario/loader.js';
import type { Scenario } from '../../server/scenario/schema.js';

export const SCENARIO_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));
export const EXAMPLE_FILE = `${SCENARIO_DIR}checkout-db-pool.yaml`;
export const EXAMPLE_TEXT = readFileSync(EXAMPLE_FILE, 'utf8');

/** Load a scenario from text, failing the test with its problems if it does not validate. */
export function mustParse(text: string, file = 'test.yaml'): Scenario {
  const r = parseScenario(text, file);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('\n'));
  return r.scenario;
}

/** Line and column (1-based) of the n-th occurrence of needle, as an editor shows them. */
export function locate(text: string, needle: string, occurrence = 0, offsetInNeedle = 0): { line: number; col: number } {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not found ${occurrence + 1} times`);
  }
  at += offsetInNeedle;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, col: at - before.lastIndexOf('\n') };
}

/** Replace exactly one occurrence, failing loudly if the text does not contain it. */
export function edit(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0) throw new Error(`edit: "${from}" not in text`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}
