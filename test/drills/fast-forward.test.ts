/**
 * Fast-forward to the first alert: the facilitator starts (or speeds up) with `until_alert`, and
 * the server itself drops the clock to the scenario's recommended speed at the evaluation where
 * the next alert fires, journaled as Drillhall's `set_speed`, whatever the tick rate and however
 * late a tick comes. A replay drops at the same sim time; a restart keeps waiting.
 */
import { describe, expect, it } from 'vitest';
import { catalogOf } from '../../server/drills/catalog.js';
import { openMemoryStore, snapshotOf } from '../../server/store/lowdb.js';
import { EXAMPLE_TEXT } from '../helpers/scenario.js';
import { call, command, FakeClock, harness, runFor, setupDrill, type Harness, type DrillSetup } from './support.js';

const view = async (h: Harness, d: DrillSetup) => (await call(h.app, 'GET', `/api/drills/${d.id}`, { token: d.facilitator })).body;
const firstFiring = (events: { event: { type: string; t: number; alert?: string } }[]) => events.map((e) => e.event).find((e) => e.type === 'alert_firing')!;

/** Start fast-forwarding at 60x and tick every `tickSeconds` of wall time until the clock has dropped. */
async function fastForward(h: Harness, d: DrillSetup, tickSeconds: number) {
  await command(h.app, d, d.facilitator, { type: 'start', speed: 60, until_alert: true });
  for (let i = 0; i < 2000 && (await view(h, d)).clock.speed === 60; i++) await runFor(h, tickSeconds * 60, 60);
  return view(h, d);
}

describe('fast-forward to the first alert', () => {
  it('drops to 1x at the evaluation where the first alert fires, journaled by Drillhall', async () => {
    const h = await harness();
    const d = await setupDrill(h.app);
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60, until_alert: true });
    const started = await view(h, d);
    expect(started.clock).toEqual({ t: 0, speed: 60, phase: 'running', paused: false, untilAlert: 1 });
    expect(started.events.at(-1).event).toEqual({ t: 0, by: 'Facilitator', type: 'drill_started', speed: 60, untilAlert: 1 });

    // One very late tick (30 wall seconds at 60x is half an hour of sim time).
    await runFor(h, 1800, 60);
    const v = await view(h, d);
    const fired = firstFiring(v.events);
    expect(fired.t).toBeGreaterThan(0);
    expect(v.clock).toEqual({ t: fired.t, speed: 1, phase: 'running', paused: false });
    const drop = v.journal.find((e: { kind: string; who: string }) => e.kind === 'control' && e.who === 'server');
    expect(drop).toEqual({ kind: 'control', t: fired.t, who: 'server', by: 'Drillhall', control: { type: 'set_speed', speed: 1 }, reason: `${fired.alert} fired: back to 1x` });
    // Nothing after the alert's evaluation happened at 60x, and the trainees see why the clock slowed.
    expect(v.events.every((e: { event: { t: number } }) => e.event.t <= fired.t)).toBe(true);
    const trainee = (await call(h.app, 'GET', `/api/drills/${d.id}`, { token: d.trainees.Ada })).body;
    expect(trainee.events.at(-1).event).toEqual({ t: fired.t, by: 'Drillhall', type: 'speed_changed', speed: 1, reason: `${fired.alert} fired: back to 1x` });

    // From there the clock runs at 1x.
    await runFor(h, 30, 1);
    expect((await view(h, d)).clock.t).toBe(fired.t + 30);
  });

  it('drops at the same sim time whatever the tick rate', async () => {
    const times: number[] = [];
    for (const tick of [0.25, 1, 7, 40]) {
      const h = await harness();
      const d = await setupDrill(h.app);
      const v = await fastForward(h, d, tick);
      times.push(v.journal.find((e: { who: string }) => e.who === 'server').t);
      expect(v.clock.speed).toBe(1);
    }
    expect(new Set(times).size).toBe(1);
  });

  it('stamps a command that arrives after the alert (before any tick) at the alert, after the drop', async () => {
    const h = await harness();
    const d = await setupDrill(h.app);
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60, until_alert: true });
    h.clock.wait(60); // an hour of sim time at 60x, and no tick
    await command(h.app, d, d.trainees.Ada!, { type: 'add_note', text: 'what fired?' });
    const v = await view(h, d);
    const fired = firstFiring(v.events);
    const [drop, note] = v.journal.slice(-2);
    expect(drop).toMatchObject({ kind: 'control', t: fired.t, by: 'Drillhall', control: { type: 'set_speed', speed: 1 } });
    expect(note).toMatchObject({ kind: 'command', t: fired.t, command: { type: 'add_note' } });
  });

  it('counts only alerts after the fast-forward began, and a plain speed change cancels it', async () => {
    const h = await harness();
    const d = await setupDrill(h.app);
    const first = await fastForward(h, d, 1);
    const t1 = first.clock.t;
    // The first alert is still firing: a second fast-forward waits for the next one to fire.
    await command(h.app, d, d.facilitator, { type: 'set_speed', speed: 30, until_alert: true });
    await runFor(h, 15, 30);
    const still = await view(h, d);
    expect(still.clock).toMatchObject({ speed: 30, untilAlert: 1 });
    await command(h.app, d, d.facilitator, { type: 'set_speed', speed: 20 });
    expect((await view(h, d)).clock).toEqual({ t: t1 + 15, speed: 20, phase: 'running', paused: false });
    await runFor(h, 3600, 20);
    expect((await view(h, d)).clock.speed).toBe(20);
  });

  it('survives a restart: the drill comes back paused and still fast-forwarding', async () => {
    const h = await harness();
    const d = await setupDrill(h.app);
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60, until_alert: true });
    await runFor(h, 120, 60);
    const again = await harness(await openMemoryStore(snapshotOf(h.store)), new FakeClock());
    expect((await view(again, d)).clock).toEqual({ t: 120, speed: 60, phase: 'paused', paused: true, untilAlert: 1 });
    await command(again.app, d, d.facilitator, { type: 'resume' });
    await runFor(again, 3600, 60);
    const v = await view(again, d);
    expect(v.clock.speed).toBe(1);
    expect(v.clock.t).toBe(firstFiring(v.events).t);
  });

  it("drops to the scenario's recommended speed", async () => {
    const text = EXAMPLE_TEXT.replace('  start_hour: 14\n', '  start_hour: 14\n  recommended_speed: 5\n');
    expect(text).toContain('recommended_speed: 5');
    const h = await harness(undefined, new FakeClock(), catalogOf({ text, file: 'checkout-db-pool.yaml' }));
    const d = await setupDrill(h.app);
    const v = await fastForward(h, d, 5);
    expect(v.clock.speed).toBe(5);
    expect(v.journal.at(-1)).toMatchObject({ by: 'Drillhall', control: { type: 'set_speed', speed: 5 }, reason: expect.stringMatching(/ fired: back to 5x$/) });
  });

  it('refuses until_alert where it means nothing', async () => {
    const h = await harness();
    const d = await setupDrill(h.app);
    const r = await call(h.app, 'POST', `/api/drills/${d.id}/commands`, { token: d.facilitator, body: { type: 'pause', until_alert: true } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('invalid command: pause has no field "until_alert"');
  });
});
