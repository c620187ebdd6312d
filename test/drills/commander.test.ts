/**
 * Joining as Incident Commander makes you the incident's commander: the join is followed in the
 * journal by the joiner's own `assign_role`, so the room, a replay and the scorer all see an
 * ordinary command. The first to join as commander takes the role; a later one does not take it
 * from them, and the role changes hands only when someone assigns it.
 */
import { describe, expect, it } from 'vitest';
import { LiveDrill } from '../../server/drills/live.js';
import { scoreDrill } from '../../server/scoring/index.js';
import { call, catalog, command, harness, runFor, SCENARIO_ID, setupDrill } from './support.js';

const roleEvents = (events: readonly { event: { type: string } }[]) => events.map((e) => e.event).filter((e) => e.type === 'role_assigned');

describe('joining as Incident Commander', () => {
  it('assigns the role to the joiner, journaled as their own command right after the join', async () => {
    const h = await harness();
    const d = await setupDrill(h.app, { Ada: 'commander', Bo: 'operations' });
    const journal = h.store.get(d.id)!.log;
    expect(journal.map((e) => (e.kind === 'command' ? `${e.command.type} by ${e.by}` : `${e.kind} ${'name' in e ? e.name : ''}`))).toEqual(['join Ada', 'assign_role by Ada', 'join Bo']);
    expect(journal[1]).toMatchObject({ kind: 'command', t: 0, who: journal[0]!.who, command: { type: 'assign_role', role: 'commander', name: 'Ada' } });
    // Everyone sees it, trainees as well as the facilitator.
    const view = (await call(h.app, 'GET', `/api/drills/${d.id}`, { token: d.trainees.Bo! })).body;
    expect(roleEvents(view.events)).toEqual([{ t: 0, type: 'role_assigned', role: 'commander', name: 'Ada', by: 'Ada' }]);
  });

  it('leaves the role with whoever holds it when a second person joins as commander', async () => {
    const h = await harness();
    const d = await setupDrill(h.app, { Ada: 'commander', Bo: 'commander' });
    const view = (await call(h.app, 'GET', `/api/drills/${d.id}`, { token: d.facilitator })).body;
    expect(roleEvents(view.events).map((e: any) => e.name)).toEqual(['Ada']);
    expect(view.participants.map((p: any) => [p.name, p.role])).toEqual([['Ada', 'commander'], ['Bo', 'commander']]);
    // Handing over is explicit, and then it is Bo's.
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
    await command(h.app, d, d.trainees.Ada!, { type: 'assign_role', role: 'commander', name: 'Bo' });
    const after = (await call(h.app, 'GET', `/api/drills/${d.id}`, { token: d.facilitator })).body;
    expect(roleEvents(after.events).map((e: any) => e.name)).toEqual(['Ada', 'Bo']);
  });

  it('does not take the role from someone assigned it before, and a join as another role takes nothing', async () => {
    const h = await harness();
    const d = await setupDrill(h.app, { Cy: 'operations' });
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
    await command(h.app, d, d.trainees.Cy!, { type: 'assign_role', role: 'commander', name: 'Cy' });
    await runFor(h, 120, 60);
    const late = await call(h.app, 'POST', `/api/drills/${d.id}/participants`, { body: { joinCode: d.joinCode, name: 'Dee', role: 'commander' } });
    expect(late.status).toBe(201);
    const view = (await call(h.app, 'GET', `/api/drills/${d.id}`, { token: d.facilitator })).body;
    expect(roleEvents(view.events).map((e: any) => e.name)).toEqual(['Cy']);
    expect(view.journal.filter((e: any) => e.kind === 'command').map((e: any) => e.command.type)).toEqual(['assign_role']);
  });

  it('replays to the same events and is credited as naming a commander', async () => {
    const h = await harness();
    const d = await setupDrill(h.app, { Ada: 'commander' });
    await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
    await runFor(h, 600, 60);
    const live = h.service.drill(d.id)!;
    const replay = LiveDrill.restore(h.store.get(d.id)!, catalog.get(SCENARIO_ID)!.scenario, h.clock.now);
    expect(replay.timeline).toEqual(live.timeline);
    const escalation = scoreDrill(live.scenario, live.engine).phases.find((p) => p.phase === 'escalation')!;
    expect(escalation.items.find((i) => i.id.endsWith('commander'))?.explanation).toBe('Ada was named incident commander at T+00:00:00.');
  });
});
