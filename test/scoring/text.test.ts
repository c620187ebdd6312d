import { describe, expect, it } from 'vitest';
import { conceptCount, contentWords, matchConcepts, wordCount } from '../../server/scoring/text.js';

const groups = [['connection pool', 'pool size', 'hikari', 'maximumpoolsize'], ['config change', 'cr-2231']];

describe('matchConcepts', () => {
  it.each([
    ['The Connection-Pools ran dry after the CONFIG changes', ['connection pool', 'config change']],
    ['maximum pool size dropped (CR 2231)', ['pool size', 'cr-2231']],
    ['maximumPoolSize went down', ['pool size', undefined]],
    ['HikariPool-1 timed out', ['hikari', undefined]],
    ['spool of connections', [undefined, undefined]],
  ])('%j', (text, want) => {
    expect(matchConcepts(text, groups).map((m) => m.matched)).toEqual(want);
  });

  it('counts groups', () => {
    expect(conceptCount('pool size and config change', groups)).toBe(2);
    expect(conceptCount('nothing relevant', groups)).toBe(0);
  });
});

describe('word helpers', () => {
  it('splits alert names and drops stopwords and bare numbers', () => {
    expect(contentWords('The CheckoutHighLatency alert fired at 14:06')).toEqual(['checkout', 'high', 'latency', 'alert', 'fir']);
  });
  it('counts words as a reader does', () => {
    expect(wordCount("Checkout's pool ran dry.")).toBe(4);
    expect(wordCount('  ')).toBe(0);
  });
});
