/**
 * The hand-ranked postmortem corpus (test/fixtures/postmortems/): loading it, grading it
 * against each scenario's drill, and measuring agreement with the hand ranks (Spearman's rho).
 * Used by `npm run grade-eval` and by the test that holds the grader to its goals.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../../server/scenario/schema.js';
import { Postmortem } from '../../server/scoring/postmortem.js';
import { scoreDrill } from '../../server/scoring/score.js';
import { wordCount } from '../../server/scoring/text.js';
import { prefillTimeline } from '../../server/scoring/timeline.js';
import type { Simulation } from '../../server/sim/engine.js';
import { runScript, scenarioScript } from '../../server/sim/runner.js';
import { mustParse, SCENARIO_DIR } from '../helpers/scenario.js';

export const CORPUS_DIR = fileURLToPath(new URL('../fixtures/postmortems/', import.meta.url));

/** Goals the grader is held to (issue 12): mean and per-scenario Spearman. */
export const GOALS = { meanRho: 0.85, minRho: 0.75 } as const;

export interface CorpusEntry {
  readonly file: string;
  readonly kind: string;
  readonly why: string;
  /** 1 = best, by hand */
  readonly rank: number;
  readonly postmortem: Postmortem;
  /** words written, the pre-filled timeline not counted: "similar length" compares these */
  readonly words: number;
}

export interface CorpusScenario {
  readonly scenario: Scenario;
  readonly drill: Simulation;
  readonly entries: readonly CorpusEntry[];
}

interface RanksFile {
  readonly scenario: string;
  readonly drill: { readonly seed: string; readonly script: string };
  readonly ranked: readonly { readonly file: string; readonly kind: string; readonly why: string }[];
}

function textOf(pm: Postmortem, prefilled: boolean): string {
  return [
    pm.summary, pm.impact.description, pm.impact.duration, pm.impact.users_affected, pm.root_cause, pm.trigger, pm.detection, pm.resolution,
    ...pm.contributing_factors, ...pm.what_went_well, ...pm.what_went_wrong, ...pm.where_we_got_lucky,
    ...(prefilled ? [] : pm.timeline.map((e) => e.text)), ...pm.action_items.map((a) => a.title),
  ].join('\n');
}

/** Every scenario folder of the corpus, with its drill run and its postmortems in hand-rank order. */
export function loadCorpus(dir = CORPUS_DIR): CorpusScenario[] {
  return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(`${dir}${d.name}/ranks.json`)).map((d) => d.name).sort().map((name) => {
    const ranks = JSON.parse(readFileSync(`${dir}${name}/ranks.json`, 'utf8')) as RanksFile;
    const scenario = mustParse(readFileSync(`${SCENARIO_DIR}${ranks.scenario}.yaml`, 'utf8'), `${ranks.scenario}.yaml`);
    const drill = runScript(scenario, ranks.drill.seed, scenarioScript(scenario, ranks.drill.script), scenario.duration).drill;
    const prefill = prefillTimeline(drill);
    const entries = ranks.ranked.map((r, i) => {
      const raw = JSON.parse(readFileSync(`${dir}${name}/${r.file}`, 'utf8')) as Record<string, unknown>;
      const prefilled = raw.timeline === 'prefill';
      const postmortem = Postmortem.parse(prefilled ? { ...raw, timeline: prefill } : raw);
      return { file: r.file, kind: r.kind, why: r.why, rank: i + 1, postmortem, words: wordCount(textOf(postmortem, prefilled)) };
    });
    return { scenario, drill, entries };
  });
}

/** The grader's mark for a postmortem: the postmortem and follow-up phases' points, out of 100. */
export function grade(c: CorpusScenario, pm: Postmortem): number {
  const r = scoreDrill(c.scenario, c.drill, pm);
  const phases = r.phases.filter((p) => p.phase === 'postmortem' || p.phase === 'follow_up');
  const earned = phases.reduce((s, p) => s + p.earned, 0);
  const possible = phases.reduce((s, p) => s + p.possible, 0);
  return possible > 0 ? Math.round((1000 * earned) / possible) / 10 : 0;
}

/** Ranks of values, 1 for the highest, ties sharing the mean of their ranks. */
export function ranksOf(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]!.v === order[i]!.v) j++;
    for (let k = i; k <= j; k++) out[order[k]!.i] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Spearman's rho: Pearson's correlation of the two rankings (ties averaged). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let cov = 0; let va = 0; let vb = 0;
  for (let i = 0; i < n; i++) { cov += (a[i]! - ma) * (b[i]! - mb); va += (a[i]! - ma) ** 2; vb += (b[i]! - mb) ** 2; }
  return va === 0 || vb === 0 ? 0 : cov / Math.sqrt(va * vb);
}

export interface ScenarioEval {
  readonly scenario: string;
  readonly rho: number;
  readonly graded: readonly (CorpusEntry & { readonly grade: number })[];
  /** pairs the hand ranks one way and the grader the other (or ties) */
  readonly outOfOrder: readonly { readonly better: string; readonly worse: string; readonly grades: readonly [number, number] }[];
  /** the hard rules, each pair that breaks one */
  readonly broken: readonly string[];
}

/** Correct-cause kinds: everything but the wrong-cause postmortem. */
const CORRECT_CAUSE = new Set(['excellent', 'thin', 'blameful', 'vague', 'copy-paste']);

/** Grade one scenario's postmortems and compare with the hand ranks. */
export function evaluate(c: CorpusScenario): ScenarioEval {
  const graded = c.entries.map((e) => ({ ...e, grade: grade(c, e.postmortem) }));
  // Spearman between hand rank (1 = best) and grade: the grade's ranks against the hand's.
  const rho = spearman(graded.map((e) => e.rank), ranksOf(graded.map((e) => e.grade)));
  const outOfOrder = graded.flatMap((a) => graded.filter((b) => a.rank < b.rank && a.grade <= b.grade)
    .map((b) => ({ better: a.kind, worse: b.kind, grades: [a.grade, b.grade] as const })));
  const broken: string[] = [];
  const wrong = graded.filter((e) => e.kind === 'wrong-cause');
  for (const w of wrong) {
    for (const ok of graded.filter((e) => CORRECT_CAUSE.has(e.kind) && e.words >= w.words / 2 && e.words <= w.words * 2)) {
      if (w.grade > ok.grade) broken.push(`wrong-cause (${w.grade}, ${w.words} words) above ${ok.kind} (${ok.grade}, ${ok.words} words), a correct cause of similar length`);
    }
  }
  for (const s of graded.filter((e) => e.kind.startsWith('salad'))) {
    for (const t of graded.filter((e) => e.kind === 'thin')) {
      if (s.grade > t.grade) broken.push(`${s.kind} (${s.grade}) above thin (${t.grade})`);
    }
  }
  return { scenario: c.scenario.id, rho, graded, outOfOrder, broken };
}
