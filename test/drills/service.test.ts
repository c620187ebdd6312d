import { describe, expect, it } from 'vitest';
import { apply } from '../../server/sim/apply.js';
import { advance, createSimulation } from '../../server/sim/engine.js';
import { openMemoryStore, snapshotOf } from '../../server/store/lowdb.js';
import type { DrillStore } from '../../server/store/store.js';
import { parseScenario } from '../../server/scenario/loader.js';
import { call, command, FakeClock, harness, runFor, setupDrill } from './support.js';

const SERVER_EVENTS = new Set(['drill_started', 'drill_paused', 'drill_resumed', 'speed_changed', 'drill_ended', 'participant_joined']);

describe('the journal', () => {
  it('replays to exactly the live drill: advance to each stamped time, apply', async () => {
    const h = await harness();
    const d = await setupDrill(h.app, { Ada: 'commander' });
    await command(h.app, d, d.facilitator, { type: 'start', speed: 37 });
    // Ticks and commands at awkward wall times, so stamped sim times are not round numbers.
    for (const [wait, body] of [[3.7, { type: 'add_note', text: 'first' }], [5.122, { type: 'declare_incident', severity: 'SEV3' }], [1.002, { type: 'page_team', team: 'payments' }], [9.9, { type: 'set_severity', severity: 'SEV2' }]] as const) {
      h.clock.wait(wait / 2);
      await h.service.tick();
      h.clock.wait(wait / 2);
      await command(h.app, d, d.trainees.Ada!, body);
    }
    await command(h.app, d, d.facilitator, { type: 'set_speed', speed: 120 });
    await runFor(h, 1200, 120);
    const rec = h.store.get(d.id)!;
    const source = h.store.scenario(rec.scenarioHash)!.source;
    const parsed = parseScenario(source, 'x.yaml');
    if (!parsed.ok) throw new Error('scenario');
    const replay = createSimulation(parsed.scenario, rec.seed);
    for (const e of rec.log) {
      advance(replay, e.t);
      if (e.kind === 'command') expect(apply(replay, e.command, e.by).ok).toBe(true);
    }
    advance(replay, rec.clock.t);
    const live = (await call(h.app, 'GET', `/api/drills/${d.id}`, { token: d.facilitator })).body;
    expect(live.events.map((e: any) => e.event).filter((e: any) => !SERVER_EVENTS.has(e.type))).toEqual(JSON.parse(JSON.stringify(replay.events)));
    // The first command is Ada's: joining as commander took the role (at 0, before the start).
    expect(rec.log.filter((e) => e.kind === 'command').map((e) => e.t)).toEqual([0, 3.7 * 37, (3.7 + 5.122) * 37, (3.7 + 5.122 + 1.002) * 37, (3.7 + 5.122 + 1.002 + 9.9) * 37].map((t) => Math.round(t * 1000) / 1000));
  });

  it('restores a running drill paused at the sim time it had, saying why', async () => {
    const h = await harness();
    const d = await setupDrill(h.app, { Ada: 'commander' });
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
    await runFor(h, 420, 60);
    await command(h.app, d, d.trainees.Ada!, { type: 'add_note', text: 'looking' });
    await runFor(h, 60, 60);
    const before = (await call(h.app, 'GET', `/api/drills/${d.id}`, { token: d.facilitator })).body;
    expect(before.clock).toMatchObject({ t: 480, phase: 'running' });

    const again = await harness(await openMemoryStore(snapshotOf(h.store)), new FakeClock());
    const after = (await call(again.app, 'GET', `/api/drills/${d.id}`, { token: d.facilitator })).body;
    expect(after.clock).toEqual({ t: 480, speed: 60, phase: 'paused', paused: true });
    expect(after.events.slice(0, -1)).toEqual(before.events);
    expect(after.events.at(-1)).toEqual({ seq: before.seq + 1, event: { t: 480, by: 'server', type: 'drill_paused', reason: 'server restarted' } });
    expect(after.journal.at(-1)).toMatchObject({ kind: 'control', who: 'server', control: { type: 'pause' }, reason: 'server restarted' });
    // The same tokens still work, and the facilitator resumes where it stopped.
    await command(again.app, d, d.facilitator, { type: 'resume' });
    await runFor(again, 60, 60);
    expect((await call(again.app, 'GET', `/api/drills/${d.id}`, { token: d.trainees.Ada! })).body.clock.t).toBe(540);
  });
});

describe('publishing', () => {
  it('shows nothing a crash could lose: events wait for the store, and so does the reply', async () => {
    const inner = await openMemoryStore();
    let hold: (() => void) | undefined;
    const store: DrillStore = {
      ...Object.fromEntries((['list', 'get', 'scenario', 'create', 'join', 'append', 'flush', 'close'] as const).map((k) => [k, (...a: unknown[]) => (inner[k] as (...x: unknown[]) => unknown)(...a)])) as unknown as DrillStore,
      location: ':held:',
      setClock: (...a) => new Promise<void>((res) => { hold = () => inner.setClock(...a).then(res); }),
    };
    const h = await harness(store);
    const d = await setupDrill(h.app, { Ada: 'commander' });
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
    const seen: number[] = [];
    h.service.onPublish((x) => seen.push(x.latestSeq('facilitator')));
    h.clock.wait(10);
    const ticking = h.service.tick();
    const drill = h.service.drill(d.id)!;
    expect(drill.t).toBe(600);
    expect(drill.publishedT).toBe(0);
    expect(drill.eventsAfter('facilitator', 0).map((e) => e.event.type)).toEqual(['participant_joined', 'role_assigned', 'drill_started']);
    expect(seen).toEqual([]);
    hold!();
    await ticking;
    expect(drill.publishedT).toBe(600);
    expect(seen).toEqual([drill.timeline.length]);
    expect(drill.eventsAfter('facilitator', 0).some((e) => e.event.type === 'fault_started')).toBe(true);
  });
});
