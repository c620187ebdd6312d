import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPhase, LATE_FLOOR, splitPoints, timeCredit } from '../../server/scoring/credit.js';

describe('timeCredit', () => {
  it('is full up to the target, then falls to the floor at three times the target', () => {
    expect(timeCredit(0, 300)).toBe(1);
    expect(timeCredit(300, 300)).toBe(1);
    expect(timeCredit(600, 300)).toBeCloseTo(1 - 0.75 / 2, 10);
    expect(timeCredit(900, 300)).toBe(LATE_FLOOR);
    expect(timeCredit(99_999, 300)).toBe(LATE_FLOOR);
  });

  it('never rewards being later', () => {
    fc.assert(fc.property(fc.nat(10_000), fc.nat(10_000), fc.integer({ min: 1, max: 5000 }), (a, b, target) =>
      timeCredit(Math.min(a, b), target) >= timeCredit(Math.max(a, b), target)));
  });
});

describe('splitPoints', () => {
  it('splits in hundredths that add up exactly', () => {
    expect(splitPoints(10, [1, 1, 1])).toEqual([3.34, 3.33, 3.33]);
    fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), fc.array(fc.double({ min: 0.01, max: 5, noNaN: true }), { minLength: 1, maxLength: 8 }), (w, shares) =>
      Math.round(splitPoints(w, shares).reduce((a, b) => a + b, 0) * 100) === w * 100));
  });
});

describe('buildPhase', () => {
  it('drops criteria that do not apply and scales the rest to the weight', () => {
    const p = buildPhase('detection', 10, { target: 't', did: [], criteria: [
      { id: 'a', label: 'A', share: 0.7, fraction: 1, explanation: 'a.' },
      { id: 'b', label: 'B', share: 0, fraction: 0, explanation: 'b.' },
    ] });
    expect(p.items.map((i) => [i.id, i.earned, i.possible])).toEqual([['detection.a', 10, 10]]);
    expect(p.did).toBe('Nothing recorded for this phase.');
  });

  it('lets penalties take a phase below zero, but not below minus its weight', () => {
    const p = buildPhase('mitigation', 15, { target: 't', did: [], criteria: [{ id: 'm', label: 'M', share: 1, fraction: 0, explanation: 'm.' }],
      penalties: [1, 2, 3].map((i) => ({ id: `h${i}`, label: 'H', fraction: 0.4, explanation: 'h.' })) });
    expect(p.items.filter((i) => i.penalty).map((i) => i.earned)).toEqual([-6, -6, -6]);
    expect(p.earned).toBe(-15);
  });
});
