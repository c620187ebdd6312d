import { describe, expect, it } from 'vitest';
import { blameIn, personNames } from '../../server/scoring/blame.js';
import { checkout } from './fixtures.js';

const phrases = (text: string) => blameIn(checkout, 'summary', text).map((f) => f.phrase);

describe('blameIn', () => {
  it.each([
    ['The outage was caused by human error.', ['human error']],
    ['Ana forgot to check the pool.', ['Ana forgot']],
    ['Someone forgot to update the runbook.', ['Someone forgot']],
    ["It was Tom's fault.", ["Tom's fault"]],
    ['A careless config change.', ['careless']],
    ['The on-call should have known better.', ['should have known']],
    ["The reviewer didn't bother to look.", ["didn't bother"]],
    ['We wasted time because Priya failed to page the DBA.', ['Priya failed to']],
    ['Then Jordan ignored the alert.', ['Jordan ignored']],
  ])('flags %j', (text, want) => {
    expect(phrases(text)).toEqual(want);
  });

  it.each([
    'The config change lowered the pool size without a capacity check.',
    'Checkout failed to get connections from the pool.',
    'Payments did not have an alert on pending threads.',
    'Rollback failed once because the config service timed out.',
    'HikariPool failed to hand out connections.',
    'The review process missed the pool size change.',
  ])('does not flag %j', (text) => {
    expect(phrases(text)).toEqual([]);
  });

  it('gives a rewording for every flag', () => {
    for (const f of blameIn(checkout, 'root_cause', 'Human error: ana forgot, careless and lazy.')) {
      expect(f.where).toBe('root_cause');
      expect(f.suggestion.length).toBeGreaterThan(20);
    }
  });

  it('knows the scenario\'s people but not its bots', () => {
    const names = personNames(checkout);
    expect(names).toEqual(expect.arrayContaining(['Priya Natarajan', 'Priya', 'ana', 'tom']));
    expect(names).not.toContain('cost-review-bot');
  });
});
