import { beforeEach, describe, expect, it } from 'vitest';
import { call, command, harness, SCENARIO_ID, type DrillSetup, type Harness } from '../drills/support.js';
import { CHECKOUT_POSTMORTEM, endDrill, playGolden, submitGood } from './after-support.js';

const TEAM = 'payments-oncall';

let h: Harness;

beforeEach(async () => {
  h = await harness();
});

/** A drill of `team` with the given trainees (name -> role). */
async function teamDrill(team: string | undefined, trainees: Record<string, string>): Promise<DrillSetup> {
  const created = await call(h.app, 'POST', '/api/drills', { body: { scenarioId: SCENARIO_ID, seed: '7', ...(team ? { team } : {}) } });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
  const { id, joinCode, facilitatorToken } = created.body;
  const tokens: Record<string, string> = {};
  for (const [name, role] of Object.entries(trainees)) {
    tokens[name] = (await call(h.app, 'POST', `/api/drills/${id}/participants`, { body: { joinCode, name, role } })).body.token;
  }
  return { id, joinCode, facilitator: facilitatorToken, trainees: tokens };
}

const history = (token: string | undefined, team = TEAM) => call(h.app, 'GET', `/api/teams/${encodeURIComponent(team)}/history`, token ? { token } : {});

describe('the team of a drill', () => {
  it('is given when the drill is created and shown in its view', async () => {
    const d = await teamDrill(TEAM, { Ada: 'commander' });
    expect((await call(h.app, 'GET', `/api/drills/${d.id}`, { token: d.trainees.Ada })).body.team).toBe(TEAM);
    expect(h.store.get(d.id)!.team).toBe(TEAM);
    const none = await teamDrill(undefined, {});
    expect((await call(h.app, 'GET', `/api/drills/${none.id}`, { token: none.facilitator })).body).not.toHaveProperty('team');
  });

  it('is 1-60 letters, digits, spaces, ".", "_" or "-"', async () => {
    for (const team of ['', 'a/b', 'x'.repeat(61), '-lead']) {
      const r = await call(h.app, 'POST', '/api/drills', { body: { scenarioId: SCENARIO_ID, team } });
      expect([r.status, r.body.error.code, r.body.error.issues[0].path]).toEqual([400, 'invalid_body', 'team']);
    }
    const spaced = await call(h.app, 'POST', '/api/drills', { body: { scenarioId: SCENARIO_ID, team: ' Payments on-call 2 ' } });
    expect(spaced.status).toBe(201);
    const r = await history(spaced.body.facilitatorToken, 'Payments on-call 2');
    expect([r.status, r.body.team, r.body.drills[0].id]).toEqual([200, 'Payments on-call 2', spaced.body.id]);
  });
});

describe('history across two drills of the same team', () => {
  it('carries open action items into the next drill, shows scores by phase per drill and per person, and closes items', async () => {
    const first = await teamDrill(TEAM, { Ada: 'commander', Bo: 'operations' });
    await playGolden(h, first, first.trainees.Ada!, 'Ada');
    await endDrill(h, first);
    await submitGood(h, first, first.trainees.Bo!);
    const other = await teamDrill('search-oncall', { Eve: 'commander' });
    await command(h.app, other, other.facilitator, { type: 'start' });
    await endDrill(h, other);
    const second = await teamDrill(TEAM, { ada: 'operations', Cy: 'scribe' });

    // The second drill's postmortem lists the first drill's open items; the other team's are not there.
    const carried = (await call(h.app, 'GET', `/api/drills/${second.id}/postmortem`, { token: second.trainees.Cy })).body.carried;
    expect(carried.map((a: any) => a.title)).toEqual(CHECKOUT_POSTMORTEM.action_items!.map((a) => a.title));
    expect(carried[0]).toEqual({
      id: expect.any(String), drillId: first.id, title: CHECKOUT_POSTMORTEM.action_items![0]!.title, owner: 'payments', priority: 'P1', type: 'detection', due: '2w',
      status: 'open', createdAt: h.clock.ms,
    });
    // ...and the first drill carries nothing from before it.
    expect((await call(h.app, 'GET', `/api/drills/${first.id}/postmortem`, { token: first.facilitator })).body.carried).toEqual([]);

    // Mark one done with the second drill's facilitator token.
    h.clock.wait(60);
    const done = await call(h.app, 'PATCH', `/api/teams/${TEAM}/action-items/${carried[0].id}`, { token: second.facilitator, body: { status: 'done' } });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ ...carried[0], status: 'done', doneAt: h.clock.ms });
    expect(h.store.get(first.id)!.after!.actionItems[0]).toEqual(done.body);
    const still = (await call(h.app, 'GET', `/api/drills/${second.id}/postmortem`, { token: second.trainees.Cy })).body.carried;
    expect(still.map((a: any) => a.id)).toEqual(carried.slice(1).map((a: any) => a.id));

    const r = await history(first.facilitator);
    expect(r.status).toBe(200);
    expect(r.body.team).toBe(TEAM);
    expect(r.body.drills.map((x: any) => x.id)).toEqual([first.id, second.id]);
    const [one, two] = r.body.drills;
    expect(one).toMatchObject({ scenarioId: SCENARIO_ID, title: expect.any(String), createdAt: expect.any(Number), endedAt: 35 * 60, total: expect.any(Number) });
    expect(one.total).toBeGreaterThanOrEqual(90);
    expect(one.phases).toHaveLength(9);
    expect(one.phases.find((p: any) => p.phase === 'postmortem')).toEqual({ phase: 'postmortem', earned: expect.any(Number), possible: 15, pending: false });
    expect(one.participants).toEqual([{ name: 'Ada', role: 'commander' }, { name: 'Bo', role: 'operations' }]);
    expect(two).toMatchObject({ endedAt: null, total: null, phases: [], participants: [{ name: 'ada', role: 'operations' }, { name: 'Cy', role: 'scribe' }] });

    // People by name (ignoring case), with their role and the phases of each drill they were in.
    expect(r.body.participants.map((p: any) => [p.name, p.drills.map((x: any) => [x.id, x.role])])).toEqual([
      ['Ada', [[first.id, 'commander'], [second.id, 'operations']]],
      ['Bo', [[first.id, 'operations']]],
      ['Cy', [[second.id, 'scribe']]],
    ]);
    expect(r.body.participants[0].drills[0].phases).toEqual(one.phases);
    expect(r.body.actionItems.map((a: any) => a.status)).toEqual(['done', 'open', 'open']);

    // Open it again: doneAt goes.
    const reopened = await call(h.app, 'PATCH', `/api/teams/${TEAM}/action-items/${carried[0].id}`, { token: first.facilitator, body: { status: 'open' } });
    expect(reopened.body).toEqual(carried[0]);

    // Reviews count in the history's totals.
    await call(h.app, 'POST', `/api/drills/${first.id}/reviews`, { token: first.facilitator, body: { itemId: 'detection.ack_time', override: { earned: 0, reason: 'acked by someone outside the team' } } });
    expect((await history(second.facilitator)).body.drills[0].total).toBeLessThan(one.total);
  });

  it('is for the team\'s facilitators: 401 without a token, 403 for a trainee\'s or another team\'s token', async () => {
    const mine = await teamDrill(TEAM, { Ada: 'commander' });
    const theirs = await teamDrill('search-oncall', { Eve: 'commander' });
    expect((await history(undefined)).body.error.code).toBe('missing_token');
    expect((await history('dh_nope')).status).toBe(401);
    const trainee = await history(mine.trainees.Ada!);
    expect([trainee.status, trainee.body.error.code]).toEqual([403, 'facilitator_only']);
    const wrong = await history(theirs.facilitator);
    expect([wrong.status, wrong.body.error.code]).toEqual([403, 'wrong_team']);
    expect((await history(theirs.trainees.Eve!)).body.error.code).toBe('wrong_team');
    const unknownTeam = await history(mine.facilitator, 'nobody');
    expect([unknownTeam.status, unknownTeam.body.error.code]).toEqual([403, 'wrong_team']);
    const patch = await call(h.app, 'PATCH', `/api/teams/${TEAM}/action-items/x`, { token: theirs.facilitator, body: { status: 'done' } });
    expect([patch.status, patch.body.error.code]).toEqual([403, 'wrong_team']);
    const empty = await history(mine.facilitator);
    expect(empty.body).toEqual({ team: TEAM, drills: [expect.objectContaining({ id: mine.id, total: null })], participants: [expect.objectContaining({ name: 'Ada' })], actionItems: [] });
  });

  it('refuses an unknown action item (404) and a bad status (400)', async () => {
    const d = await teamDrill(TEAM, {});
    const unknown = await call(h.app, 'PATCH', `/api/teams/${TEAM}/action-items/nope`, { token: d.facilitator, body: { status: 'done' } });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'unknown_action_item']);
    const bad = await call(h.app, 'PATCH', `/api/teams/${TEAM}/action-items/nope`, { token: d.facilitator, body: { status: 'closed' } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_body']);
  });
});
