/**
 * The headless benchmark's shape: repeated runs, medians inside their spread, ratios to the
 * baseline measured in the same process. No timing is asserted.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { headlessThroughput, spread } from '../../server/bench/headless.js';
import { loadScenarioFile } from '../../server/scenario/loader.js';

describe('headlessThroughput', () => {
  it('reports median and spread over the repetitions, with and without alert rules', async () => {
    const loaded = await loadScenarioFile(fileURLToPath(new URL('../../scenarios/checkout-db-pool.yaml', import.meta.url)));
    if (!loaded.ok) throw new Error('checkout-db-pool does not load');
    const r = headlessThroughput(loaded.scenario, 1800, { warmup: 1, repetitions: 5 });
    expect(r.repetitions).toBe(5);
    expect(r.samples).toBe((Math.floor(1800 / loaded.scenario.settings.scrape_interval) + 1) * r.series);
    expect(r.rules).toBe(loaded.scenario.alerts.length);
    for (const f of [r.withRules, r.withoutRules]) {
      for (const x of [f.seconds, f.samplesPerSec, f.ratio]) {
        expect(x.min).toBeLessThanOrEqual(x.median);
        expect(x.median).toBeLessThanOrEqual(x.max);
        expect(Number.isFinite(x.median) && x.median > 0).toBe(true);
      }
    }
  });

  it('spread takes the middle of an even count as the mean of the two middle values', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
  });
});
