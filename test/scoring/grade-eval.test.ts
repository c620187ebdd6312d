/**
 * The postmortem grader against the hand-ranked corpus (test/fixtures/postmortems/): Spearman's
 * rho between the hand ranks and the grades, at least 0.85 on average and 0.75 in every
 * scenario; a wrong cause never above a correct one of similar length; salad never above a thin
 * but correct postmortem. `npm run grade-eval` prints the same figures.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, GOALS, loadCorpus, spearman, ranksOf } from './corpus.js';

const results = loadCorpus().map(evaluate);

describe('the grader agrees with the hand ranks', () => {
  it('covers at least 6 scenarios x 8 postmortems of every kind', () => {
    expect(results.length).toBeGreaterThanOrEqual(6);
    for (const r of results) {
      expect(r.graded.length).toBeGreaterThanOrEqual(8);
      expect(new Set(r.graded.map((g) => g.kind))).toEqual(new Set(['excellent', 'thin', 'blameful', 'vague', 'copy-paste', 'wrong-cause', 'salad', 'salad-aware', 'one-line']));
    }
  });

  it(`reaches Spearman ${GOALS.meanRho} on average and ${GOALS.minRho} in every scenario`, () => {
    const mean = results.reduce((s, r) => s + r.rho, 0) / results.length;
    const low = results.filter((r) => r.rho < GOALS.minRho).map((r) => `${r.scenario} ${r.rho.toFixed(3)}`);
    expect(low).toEqual([]);
    expect(mean).toBeGreaterThanOrEqual(GOALS.meanRho);
  });

  it('never puts a wrong cause above a correct one of similar length, nor salad above thin but correct', () => {
    expect(results.flatMap((r) => r.broken.map((b) => `${r.scenario}: ${b}`))).toEqual([]);
  });

  it('gives the excellent postmortem the top grade and the one-liner next to nothing, everywhere', () => {
    for (const r of results) {
      const by = Object.fromEntries(r.graded.map((g) => [g.kind, g.grade]));
      expect(Math.max(...r.graded.map((g) => g.grade)), r.scenario).toBe(by.excellent);
      expect(by['one-line'], r.scenario).toBeLessThan(10);
    }
  });
});

describe('Spearman', () => {
  it('is 1 for the same order, -1 for the reverse, with ties sharing their mean rank', () => {
    expect(spearman([1, 2, 3, 4], [1, 2, 3, 4])).toBeCloseTo(1, 10);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 10);
    expect(ranksOf([90, 50, 50, 10])).toEqual([1, 2.5, 2.5, 4]);
    expect(spearman([1, 2, 3, 4], ranksOf([90, 60, 70, 10]))).toBeCloseTo(0.8, 10);
  });
});
