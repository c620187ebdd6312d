import { describe, expect, it } from 'vitest';
import { LiveDrill } from '../../server/drills/live.js';
import { pollution } from '../fuzz/config.js';
import { parseDrillCommand } from '../../server/scenario/commands.js';
import { parseScenario } from '../../server/scenario/loader.js';
import { EXAMPLE_TEXT } from '../helpers/scenario.js';
import { call, command, harness, runFor, setupDrill, catalog, SCENARIO_ID } from './support.js';

describe('ids that are names on Object.prototype', () => {
  it.each([
    [{ type: 'page_team', team: '__proto__' }, 'unknown_team'],
    [{ type: 'page_team', team: 'constructor' }, 'unknown_team'],
    [{ type: 'ask', team: 'valueOf', question: 'hi?' }, 'unknown_team'],
    [{ type: 'inject_fault', fault: 'toString' }, 'unknown_fault'],
    [{ type: 'run_action', action: 'hasOwnProperty' }, 'unknown_action'],
  ])('are refused at the edge as unknown, leaving the drill and every prototype alone: %j', async (cmd, code) => {
    const h = await harness();
    const d = await setupDrill(h.app);
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
    await runFor(h, 600, 60);
    const journal = h.store.get(d.id)!.log.length;
    const r = await call(h.app, 'POST', `/api/drills/${d.id}/commands`, { token: d.facilitator, body: cmd });
    expect([r.status, r.body.error.code]).toEqual([409, code]);
    expect(r.body.error.message).toMatch(/^there is no \w+ ".*" in this scenario$/);
    expect(h.store.get(d.id)!.log.length).toBe(journal);
    expect(pollution()).toBeUndefined();
    // Real teams can still be paged.
    await command(h.app, d, d.trainees.Ada!, { type: 'page_team', team: 'payments' });
  });

  it('are refused on replay too, so an old journal cannot bring one back', async () => {
    const h = await harness();
    const d = await setupDrill(h.app);
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
    const record = structuredClone(h.store.get(d.id)!);
    record.log.push({ kind: 'command', t: 10, who: 'x', by: 'Mallory', command: { type: 'page_team', team: '__proto__' } });
    expect(() => LiveDrill.restore(record, catalog.get(SCENARIO_ID)!.scenario, h.clock.now)).toThrow('journal line 4 (page_team at 10s) is refused on replay: unknown_team: there is no team "__proto__" in this scenario');
    expect(pollution()).toBeUndefined();
  });
});

describe('params keys that a plain object cannot hold', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('"%s" in run_action params is refused with 400, over HTTP and the WebSocket protocol alike', async (key) => {
    const h = await harness();
    const d = await setupDrill(h.app);
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
    const journal = h.store.get(d.id)!.log.length;
    // Sent as raw JSON text: an object literal with "__proto__" would set the prototype instead.
    const raw = `{"type":"run_action","action":"set-pool-size","params":{"${key}":{"size":"50"},"size":"50"}}`;
    const res = await h.app.request(`/api/drills/${d.id}/commands`, {
      method: 'POST', body: raw, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${d.trainees.Ada!}` },
    });
    const body = await res.json() as { error: { code: string; message: string } };
    expect([res.status, body.error.code]).toEqual([400, 'invalid_command']);
    expect(body.error.message).toContain(`params: "${key}" cannot be a parameter name`);
    expect(h.store.get(d.id)!.log.length).toBe(journal);
    expect(parseDrillCommand(JSON.parse(raw))).toEqual({ ok: false, message: `params: "${key}" cannot be a parameter name` });
    expect(pollution()).toBeUndefined();
  });

  it('cannot be declared as a parameter name in a scenario either', () => {
    const text = EXAMPLE_TEXT.replace('{ name: size,', '{ name: constructor,');
    expect(text).not.toBe(EXAMPLE_TEXT);
    const r = parseScenario(text, 'x.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.message).join('\n')).toContain('this name is reserved');
  });
});
