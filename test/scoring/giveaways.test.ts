/**
 * No giveaways: what trainees read before the first alert (the scenario card and the briefing)
 * names no root-cause concept, no fix action and no main fault, in every built-in scenario; the
 * learning objectives, which do name answers, reach only the facilitator.
 */
import { describe, expect, it } from 'vitest';
import { publicScenario, scenarioSummary } from '../../server/drills/visibility.js';
import { giveaways, traineeTexts } from '../../server/scoring/giveaways.js';
import { builtInScenarios, checkout } from './fixtures.js';

describe('what trainees read before the first alert', () => {
  it.each(builtInScenarios().map((x) => [x.scenario.id, x.scenario] as const))('%s gives nothing away (card, skills, briefing)', (_id, s) => {
    expect(giveaways(s).map((g) => `${g.where}: ${g.what} (as "${g.matched}")`)).toEqual([]);
    expect(s.skills.length, 'trainees are told which skills they will practise').toBeGreaterThan(0);
  });

  it('never carries the learning objectives: the card and the trainee view have skills instead', () => {
    for (const { scenario: s } of builtInScenarios()) {
      const card = scenarioSummary(s);
      const view = publicScenario(s);
      expect(Object.keys(card)).not.toContain('objectives');
      expect(Object.keys(view)).not.toContain('objectives');
      expect(view.skills).toEqual(s.skills);
      for (const o of s.objectives.filter((x) => !s.skills.includes(x))) expect(JSON.stringify(view)).not.toContain(JSON.stringify(o));
    }
  });

  it('would catch the objectives that gave checkout-db-pool away, the cause and the fix alike', () => {
    const old = { ...checkout, skills: ['Tell a symptom (latency, errors) from its cause (connection pool exhaustion)', 'Prefer reverting the change over restarting the database'] };
    expect(giveaways(old).map((g) => [g.where, g.what])).toEqual([
      ['skills[0]', 'root-cause concept "connection pool"'],
      ['skills[0]', 'main fault "pool-exhaustion"'],
      ['skills[1]', 'fix action "Roll back checkout config to the previous version"'],
    ]);
    const titled = { ...checkout, title: 'Checkout slows down after a config change', tags: ['pool-exhaustion'] };
    expect(giveaways(titled).map((g) => `${g.where}: ${g.what}`)).toEqual([
      'title: root-cause concept "config change"',
      'tags[0]: root-cause concept "connection pool"',
      'tags[0]: main fault "pool-exhaustion"',
    ]);
  });

  it('lets a briefing name what trainees can see anyway: services, teams and label values', () => {
    const tls = builtInScenarios().find((x) => x.scenario.id === 'tls-cert-expired')!.scenario;
    // gw-a and internal-gw are a label value and a service: describing the system, not the cause.
    expect(tls.briefing).toContain('gw-a');
    expect(giveaways(tls)).toEqual([]);
    const told = { ...tls, briefing: `${tls.briefing}\nThe certificate of gw-a expired at 14:04.` };
    expect(giveaways(told).map((g) => g.what)).toEqual(['root-cause concept "certificate"', 'root-cause concept "expired"']);
    expect(traineeTexts(told).map((x) => x.where)).toEqual(['title', 'summary', 'tags[0]', 'tags[1]', 'tags[2]', ...tls.skills.map((_, i) => `skills[${i}]`), 'briefing']);
  });
});
