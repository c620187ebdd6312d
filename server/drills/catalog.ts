/**
 * The scenarios a server offers: the built-in ones from scenarios/*.yaml, loaded and validated
 * at start-up. A drill copies its scenario's source text when it is created, so editing a file
 * later changes new drills only.
 */
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem, loadScenarioFile, parseScenario } from '../scenario/loader.js';
import type { Scenario } from '../scenario/schema.js';

export const BUILT_IN_SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

export interface CatalogEntry {
  readonly scenario: Scenario;
  readonly hash: string;
  readonly source: string;
  /** file name, for messages */
  readonly file: string;
}

export class ScenarioCatalog {
  readonly #byId = new Map<string, CatalogEntry>();

  constructor(entries: readonly CatalogEntry[]) {
    for (const e of entries) {
      if (this.#byId.has(e.scenario.id)) throw new Error(`two scenarios have the id "${e.scenario.id}": ${this.#byId.get(e.scenario.id)!.file} and ${e.file}`);
      this.#byId.set(e.scenario.id, e);
    }
  }

  get(id: string): CatalogEntry | undefined { return this.#byId.get(id); }
  list(): readonly CatalogEntry[] { return [...this.#byId.values()].sort((a, b) => (a.scenario.id < b.scenario.id ? -1 : 1)); }
  ids(): readonly string[] { return this.list().map((e) => e.scenario.id); }
}

/**
 * Load every *.yaml in `dir`. A file that does not validate is left out and reported in
 * `skipped` (with file:line:col problems): one scenario being edited must not stop the server.
 */
export async function loadCatalog(dir = BUILT_IN_SCENARIOS): Promise<{ catalog: ScenarioCatalog; skipped: readonly string[] }> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  const entries: CatalogEntry[] = [];
  const skipped: string[] = [];
  for (const f of files) {
    const r = await loadScenarioFile(join(dir, f));
    if (!r.ok) skipped.push(`${f} does not validate, so it is not offered:\n${r.problems.map(formatProblem).join('\n')}`);
    else if (entries.some((e) => e.scenario.id === r.scenario.id)) skipped.push(`${f} has the id "${r.scenario.id}" of another scenario, so it is not offered`);
    else entries.push({ scenario: r.scenario, hash: r.hash, source: r.source, file: basename(f) });
  }
  return { catalog: new ScenarioCatalog(entries), skipped };
}

/** A catalog from YAML text, for tests. */
export function catalogOf(...sources: readonly { text: string; file: string }[]): ScenarioCatalog {
  return new ScenarioCatalog(sources.map(({ text, file }) => {
    const r = parseScenario(text, file);
    if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
    return { scenario: r.scenario, hash: r.hash, source: r.source, file };
  }));
}
