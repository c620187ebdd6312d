/**
 * Every built-in scenario is worth training on: it validates, its golden path fixes everything
 * and scores well, doing nothing scores badly, its alerts fire early and resolve after the fix,
 * its story never quotes a number the charts contradict, and no two scenarios are the same
 * failure in different words.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, instantQuery } from '../../server/promql/index.js';
import type { Scenario } from '../../server/scenario/schema.js';
import { advance } from '../../server/sim/engine.js';
import { dependentsByHop } from '../../server/sim/faults.js';
import { runScript, scenarioScript, type RunResult } from '../../server/sim/runner.js';
import { storyQueries } from '../../server/scenario/story-text.js';
import { scoreDrill } from '../../server/scoring/index.js';
import { mustParse, SCENARIO_DIR } from '../helpers/scenario.js';

const FILES = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml')).sort();
const LIBRARY = FILES.map((f) => ({ file: f, text: readFileSync(`${SCENARIO_DIR}${f}`, 'utf8') }));
const SEED = 'library';

function play(s: Scenario, script: string, until = s.duration): RunResult {
  return runScript(s, SEED, scenarioScript(s, script), until);
}

/**
 * A live signal named and then quoted with a literal number in the same clause: "p99 is 8 s",
 * "error rate around 30%", "CPU at 45%". Those must be {{ query }} templates. Static facts
 * ("timed out after 30s", "rollout reaches 100%", "pool from 50 to 10") are not signals.
 */
const LIVE_NUMBER = /\b(p(?:50|90|95|99)|latency|error rate|errors?|success rate|cpu|load|queue depth|backlog|lag|disk|memory|heap|throughput|traffic)\b[^.;:!?]{0,40}?\b\d+(?:\.\d+)?\s?(?:ms|s|%|req\/s|rps|\/s)(?![\w])/i;

describe.each(LIBRARY)('$file', ({ file, text }) => {
  const s = mustParse(text, file);

  it('is named after its id', () => {
    expect(file).toBe(`${s.id}.yaml`);
  });

  it('golden path mitigates and resolves every fault that started, without a refusal, and scores at least 90', () => {
    const r = play(s, 'golden');
    expect(r.refused).toEqual([]);
    for (const [id, f] of Object.entries(r.drill.faults)) {
      if (f.status !== 'pending') expect(f.status, `fault ${id}`).toBe('resolved');
    }
    expect(r.drill.events.some((e) => e.type === 'verification' && e.passed)).toBe(true);
    expect(r.drill.events.some((e) => e.type === 'incident_resolved' && e.verified)).toBe(true);
    expect(scoreDrill(s, r.drill).total).toBeGreaterThanOrEqual(90);
  });

  it('doing nothing scores at most 15', () => {
    expect(scoreDrill(s, play(s, 'idle').drill).total).toBeLessThanOrEqual(15);
  });

  it('every expected alert fires on the idle path within the first quarter of the drill', () => {
    const r = play(s, 'idle');
    for (const name of s.expected.alerts) {
      const fired = r.drill.events.find((e) => e.type === 'alert_firing' && e.alert === name);
      expect(fired, `${name} never fired`).toBeDefined();
      expect(fired!.t, `${name} fired at ${fired!.t}s`).toBeLessThanOrEqual(s.duration / 4);
    }
  });

  it('every expected alert resolves after the golden fix, within the verification window', () => {
    const r = play(s, 'golden');
    // a fix may take more than one action (a warm-up job and a config change): time from the last
    const fixDone = r.drill.events.findLast((e) => e.type === 'action_completed' && s.expected.fix.any_of.includes(e.action));
    expect(fixDone, 'the golden path completes a fix action').toBeDefined();
    for (const [fp, a] of r.drill.alerts) {
      if (!s.expected.alerts.includes(a.alert)) continue;
      expect(a.state, `${a.alert} ${fp}`).toBe('resolved');
      expect(a.resolvedAt! - fixDone!.t, `${a.alert} resolved ${a.resolvedAt! - fixDone!.t}s after the fix`).toBeLessThanOrEqual(s.settings.verification_window);
    }
  });

  it('the story never contradicts the signals', () => {
    const texts = [
      ...s.injects.map((i) => [`inject ${i.id}`, i.text] as const),
      ...s.actions.map((a) => [`outcome of ${a.id}`, a.outcome] as const),
      ...Object.entries(s.teams).flatMap(([id, t]) => t.knowledge.map((k, i) => [`answer ${id}/${i}`, k.answer] as const)),
    ];
    for (const [where, raw] of texts) {
      const literal = raw.replace(/\{\{[^}]*\}\}/g, '');
      expect(LIVE_NUMBER.exec(literal)?.[0], `${where} quotes a live number literally; use {{ query "..." }}`).toBeUndefined();
    }
    // Every quoted number is what the series said at the moment the message was sent.
    const r = play(s, 'golden');
    const store = r.drill.metrics.store;
    for (const e of r.drill.events) {
      if (e.type !== 'inject' || !e.inject) continue;
      const source = s.injects.find((i) => i.id === e.inject)!.text;
      for (const q of storyQueries(source)) {
        const v = instantQuery(compile(q.expr), store, Math.round(e.t * 1000));
        expect(v.type === 'vector' ? v.samples.length : 1, `${e.inject}: ${q.expr} has a value at T+${e.t}s`).toBeGreaterThan(0);
      }
    }
  });

  it('the same seed replays byte for byte', () => {
    const a = play(s, 'golden');
    const b = play(s, 'golden');
    advance(a.drill, s.duration);
    advance(b.drill, s.duration);
    expect(JSON.stringify(a.drill.events)).toBe(JSON.stringify(b.drill.events));
  });
});

describe('the library as a whole', () => {
  const all = LIBRARY.map(({ file, text }) => mustParse(text, file));

  it('has at least ten scenarios spread over easy, medium and hard', () => {
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const level of ['easy', 'medium', 'hard'] as const) expect(all.filter((s) => s.difficulty === level).length, level).toBeGreaterThanOrEqual(2);
  });

  it('no two scenarios share the same set of fault effect shapes on the same services', () => {
    const signature = (s: Scenario) => [...new Set(s.faults.flatMap((f) => f.effects.map((e) => `${e.shape}@${f.service}`)))].sort().join(' ');
    const seen = new Map<string, string>();
    for (const s of all) {
      const sig = signature(s);
      expect(seen.get(sig), `${s.id} has the same effect shapes on the same services as ${seen.get(sig)}`).toBeUndefined();
      seen.set(sig, s.id);
    }
  });

  it('at least three have red herrings', () => {
    expect(all.filter((s) => s.tags.includes('red-herring')).length).toBeGreaterThanOrEqual(3);
  });

  it('at least two cascade across three or more services', () => {
    const wide = all.filter((s) => s.faults.some((f) => f.cascade && dependentsByHop(s, f.service, f.cascade.depth).flat().length >= 2));
    expect(wide.length).toBeGreaterThanOrEqual(2);
  });

  it('in at least one, the obvious mitigation makes things worse', () => {
    expect(all.some((s) => s.actions.some((a) => s.expected.harmful.includes(a.id) && a.effects.some((e) => e.effect === 'worsen')))).toBe(true);
  });
});
