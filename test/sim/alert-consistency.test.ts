/**
 * `simulate --json` alert times recomputed independently: evaluate each rule's expression as a
 * range query at the evaluation interval and apply Prometheus's `for` rule by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, rangeQuery } from '../../server/promql/index.js';
import type { Scenario } from '../../server/scenario/schema.js';
import { runScript, scenarioScript, simulateReport } from '../../server/sim/runner.js';
import { mustParse, SCENARIO_DIR } from '../helpers/scenario.js';

interface Expected { name: string; labels: Record<string, string>; firedAt: number; resolvedAt: number | null }

/** Pending while the expression returns the series, firing once held for `for`, resolved when it stops. */
function recompute(s: Scenario, store: Parameters<typeof rangeQuery>[1], until: number): Expected[] {
  const ei = s.settings.evaluation_interval;
  const out: Expected[] = [];
  for (const rule of s.alerts) {
    const m = rangeQuery(compile(rule.expr), store, 0, until * 1000, ei * 1000);
    if (m.type !== 'matrix') throw new Error('range query returns a matrix');
    for (const series of m.series) {
      const present = new Set(series.points.map((p) => Math.round(p.t / 1000)));
      const { __name__: _drop, ...labels } = series.labels as Record<string, string>;
      let activeAt: number | undefined;
      let fired: Expected | undefined;
      for (let t = 0; t <= until; t += ei) {
        if (present.has(t)) {
          activeAt ??= t;
          if (!fired && t - activeAt >= rule.for) { fired = { name: rule.alert, labels: { ...labels, ...rule.labels, alertname: rule.alert }, firedAt: t, resolvedAt: null }; out.push(fired); }
        } else {
          if (fired) fired.resolvedAt = t;
          activeAt = undefined;
          fired = undefined;
        }
      }
    }
  }
  return out;
}

const key = (a: Expected) => `${a.name} ${JSON.stringify(Object.entries(a.labels).sort())} ${a.firedAt}`;

describe('alert times in simulate --json follow the rules', () => {
  for (const file of readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml'))) {
    const s = mustParse(readFileSync(`${SCENARIO_DIR}${file}`, 'utf8'), file);
    for (const script of ['golden', 'idle']) {
      it(`${s.id} / ${script}`, () => {
        const run = runScript(s, '11', scenarioScript(s, script), s.duration);
        const report = simulateReport(s, run, s.duration);
        const mine = report.alerts.map((a) => ({ ...a, labels: { ...a.labels } })).sort((a, b) => key(a).localeCompare(key(b)));
        const theirs = recompute(s, run.drill.metrics.store, s.duration).sort((a, b) => key(a).localeCompare(key(b)));
        expect(mine.length).toBeGreaterThan(0);
        expect(mine).toEqual(theirs);
      });
    }
  }
});
