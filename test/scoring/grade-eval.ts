/**
 * `npm run grade-eval`: grade every postmortem of the hand-ranked corpus and print, per
 * scenario, Spearman's rho between the hand ranks and the grader's, the grades, and every pair
 * in the wrong order. Exits 1 when a goal is missed (mean rho, per-scenario rho, a wrong cause
 * above a correct one of similar length, salad above thin-but-correct).
 * Options: --json for the figures as JSON.
 */
import { evaluate, GOALS, loadCorpus, ranksOf } from './corpus.js';

const json = process.argv.includes('--json');
const results = loadCorpus().map(evaluate);
const mean = results.reduce((s, r) => s + r.rho, 0) / Math.max(1, results.length);
const failures = [
  ...(mean < GOALS.meanRho ? [`mean rho ${mean.toFixed(3)} is under ${GOALS.meanRho}`] : []),
  ...results.filter((r) => r.rho < GOALS.minRho).map((r) => `${r.scenario}: rho ${r.rho.toFixed(3)} is under ${GOALS.minRho}`),
  ...results.flatMap((r) => r.broken.map((b) => `${r.scenario}: ${b}`)),
];

if (json) {
  console.log(JSON.stringify({ mean, goals: GOALS, scenarios: results.map((r) => ({ scenario: r.scenario, rho: r.rho, grades: Object.fromEntries(r.graded.map((g) => [g.kind, g.grade])), outOfOrder: r.outOfOrder, broken: r.broken })), failures }, null, 2));
} else {
  for (const r of results) {
    const gradeRanks = ranksOf(r.graded.map((g) => g.grade));
    console.log(`\n${r.scenario}: Spearman ${r.rho.toFixed(3)}`);
    console.log('  hand  grader  grade  words  kind');
    r.graded.forEach((g, i) => console.log(`  ${String(g.rank).padStart(4)}  ${String(gradeRanks[i]).padStart(6)}  ${g.grade.toFixed(1).padStart(5)}  ${String(g.words).padStart(5)}  ${g.kind}`));
    if (r.outOfOrder.length > 0) console.log(`  out of order: ${r.outOfOrder.map((p) => `${p.better} (${p.grades[0]}) <= ${p.worse} (${p.grades[1]})`).join('; ')}`);
  }
  console.log(`\n${results.length} scenarios, ${results.reduce((s, r) => s + r.graded.length, 0)} postmortems: mean Spearman ${mean.toFixed(3)} (goal ${GOALS.meanRho}), lowest ${Math.min(...results.map((r) => r.rho)).toFixed(3)} (goal ${GOALS.minRho})`);
  console.log(failures.length === 0 ? 'every goal met' : `goals missed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
}
process.exitCode = failures.length === 0 ? 0 : 1;
