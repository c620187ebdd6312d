import { describe, expect, it } from 'vitest';
import { compile, instantQuery } from '../../server/promql/index.js';
import { parseScenario } from '../../server/scenario/loader.js';
import { advance, createSimulation } from '../../server/sim/engine.js';
import { renderStory } from '../../server/sim/story.js';
import { storyQueries } from '../../server/scenario/story-text.js';
import { runScript, scenarioScript } from '../../server/sim/runner.js';
import { edit, EXAMPLE_TEXT, locate, mustParse } from '../helpers/scenario.js';

const scenario = mustParse(EXAMPLE_TEXT);

describe('numbers in the story come from the simulation', () => {
  it('finds queries with escaped quotes and their pipes', () => {
    const qs = storyQueries('rate is {{ query "sum(rate(x{a=\\"b\\"}[5m]))" | humanize }} now');
    expect(qs).toEqual([{ expr: 'sum(rate(x{a="b"}[5m]))', pipes: '| humanize', offset: 8, exprOffset: 18 }]);
  });

  it('renders the value at the moment of sending', () => {
    const d = createSimulation(scenario, 's');
    advance(d, 900);
    const text = renderStory('pool {{ query "db_pool_connections_max" }} and {{ query "vector(0.1234)" | humanizePercentage }}', d.metrics.store, 900);
    expect(text).toBe('pool 10 and 12.34%');
    expect(renderStory('{{ query "absent(up)" }}', d.metrics.store, 900)).toBe('no data');
  });

  it('the support e-mail quotes the error rate the charts show at that moment', () => {
    const run = runScript(scenario, '3', scenarioScript(scenario, 'idle'), 1200);
    const mail = run.drill.events.find((e) => e.type === 'inject' && e.inject === 'support-email');
    expect(mail).toBeDefined();
    const pct = Number(/says (\d+)%/.exec((mail as { text: string }).text)![1]);
    const v = instantQuery(compile('100 * sum(rate(http_requests_total{service="checkout",code="500"}[5m])) / sum(rate(http_requests_total{service="checkout"}[5m]))'), run.drill.metrics.store, mail!.t * 1000);
    expect(v.type === 'vector' && Math.round(v.samples[0]!.value)).toBe(pct);
    expect(pct).toBeGreaterThan(2);
  });

  it('a broken query in a message is a load error at its place', () => {
    const text = edit(EXAMPLE_TEXT, '{{ query "pg_stat_activity_count{service=\\"orders-db\\"}" }}', '{{ query "pg_stat_activty_count" }}');
    const r = parseScenario(text, 'bad.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems[0]!.message).toMatch(/no generated series matches pg_stat_activty_count/);
      expect(r.problems[0]!.line).toBe(locate(text, 'pg_stat_activty_count').line);
    }
  });
});
