import { describe, expect, it } from 'vitest';
import { FACILITATOR_ONLY_EVENTS } from '../../contract/events.js';
import { eventKeywords, prefillTimeline, timelineAccuracy, timelineCoverage } from '../../server/scoring/timeline.js';
import { checkout, checkoutGolden } from './fixtures.js';

const drill = checkoutGolden().drill;

describe('prefillTimeline', () => {
  const entries = prefillTimeline(drill);

  it('lists the trainee-visible moments with their sim times, in order', () => {
    expect(entries.slice(0, 4)).toEqual([
      { t: 240, text: 'cost-review-bot made a config change to checkout: orders pool: maximumPoolSize 50 -> 10 (cost review CR-2231)' },
      { t: 360, text: expect.stringMatching(/^CheckoutPoolSaturated \(checkout\) firing: Checkout pool orders is \d+% used$/) },
      { t: 495, text: expect.stringMatching(/^CheckoutHighLatency firing: Checkout p99 latency is .*s$/) },
      { t: 540, text: expect.stringMatching(/^CatalogCacheMissesHigh \(catalog\) firing/) },
    ]);
    expect(entries.map((e) => e.text)).toEqual(expect.arrayContaining([
      'Acknowledged CheckoutHighLatency', 'Declared a SEV2 incident: Checkout slow and failing', 'Paged Payments (joins at T+00:13:00)',
      'Priya Natarajan joined for Payments', 'Started “Roll back checkout config to the previous version”, done in 1m',
      '“Roll back checkout config to the previous version” completed: checkout config reverted; maximumPoolSize is 50 again.',
      expect.stringMatching(/^Verified recovery: /), 'Resolved the incident (verified): Pool size restored; latency and errors back to normal',
    ]));
    const ts = entries.map((e) => e.t);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
  });

  it('never reveals the fault schedule or the answer key', () => {
    const hidden = drill.events.filter((e) => FACILITATOR_ONLY_EVENTS.has(e.type));
    expect(hidden.length).toBeGreaterThan(0);
    for (const e of entries) expect(e.text).not.toMatch(/pool-exhaustion|fault|red herring/i);
  });

  it('scores full marks on accuracy and coverage as pre-filled', () => {
    expect(timelineAccuracy(checkout, drill.events, entries).fraction).toBe(1);
    expect(timelineCoverage(checkout, drill.events, entries).fraction).toBe(1);
  });
});

describe('timeline matching', () => {
  it('reads alert names as words and verbs by their stems', () => {
    const ack = drill.events.find((e) => e.type === 'alert_acknowledged')!;
    const kw = eventKeywords(checkout, ack);
    expect([...kw]).toEqual(expect.arrayContaining(['checkout', 'high', 'latency', 'acknowledg']));
  });

  it('needs at least three entries for full accuracy credit', () => {
    const c = timelineAccuracy(checkout, drill.events, [{ t: 630, text: 'Declared SEV2' }]);
    expect(c.fraction).toBeCloseTo(1 / 3, 5);
    expect(c.explanation).toMatch(/at least 3 entries/);
  });

  it('accepts a time off by up to two minutes, not more', () => {
    expect(timelineAccuracy(checkout, drill.events, [{ t: 630 + 120, text: 'Declared SEV2' }]).explanation).toMatch(/^All 1 of the team's timeline entries match/);
    expect(timelineAccuracy(checkout, drill.events, [{ t: 630 + 121, text: 'Declared SEV2' }]).explanation).toMatch(/^1 of 1 of the team's timeline entries match no drill event/);
  });
});
