import { describe, expect, it } from 'vitest';
import { isDue, isSpecific } from '../../server/scoring/action-items.js';
import { checkout } from './fixtures.js';

describe('isSpecific', () => {
  it.each([
    'Page on db_pool_pending_threads above 5 for 2m',
    'Add a capacity check for pool size changes in config review',
    'Document config rollback in the checkout-latency runbook',
    'Require review before lowering maximumPoolSize in production',
    'Add a load test that runs checkout with 10 connections',
  ])('accepts "%s"', (title) => {
    expect(isSpecific(title, checkout)).toEqual({ ok: true });
  });

  it.each([
    ['Be more careful', /too short/],
    ['Improve monitoring', /too short/],
    ['We should improve monitoring of things', /vague \("improve monitoring"\)/],
    ['Everyone must communicate better next time', /vague \("communicate better"\)/],
    ['Pay more attention to changes in the afternoon', /vague \("pay more attention"\)/],
    ['Look into why this happened', /vague \("look into"\)/],
    ['Make sure people know what happened here', /names no concrete object/],
  ])('refuses "%s"', (title, reason) => {
    const r = isSpecific(title, checkout);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('isDue', () => {
  it.each(['2025-08-01', '2w', '10d', '3 weeks', '1 sprint', 'next sprint', 'end of quarter'])('accepts %s', (d) => expect(isDue(d)).toBe(true));
  it.each(['', 'soon', 'ASAP', '2025-13-01', '2025-02-30', 'later'])('refuses %j', (d) => expect(isDue(d)).toBe(false));
});
