/**
 * Memory follows the drills being run: ended drills leave memory (their engines, and their
 * journals in the store) and come back from disk when someone opens one; a restart does not load
 * them at all.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DrillService } from '../../server/drills/service.js';
import { MAX_ENDED_IN_MEMORY } from '../../server/drills/resident.js';
import { createApp } from '../../server/http/app.js';
import { openFileStore } from '../../server/store/lowdb.js';
import { call, catalog, command, FakeClock, setupDrill, type DrillSetup } from './support.js';

async function open(file: string) {
  const store = await openFileStore(file, { warn: () => undefined });
  const service = await DrillService.open({ store, catalog, now: new FakeClock().now });
  const app = createApp({ service, webRoot: '/nonexistent', onUnexpected: (e) => { throw e; } });
  return { store, service, app };
}

describe('ended drills', () => {
  it('leave memory beyond the most recently used, and are read back whole when opened', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dh-memory-')), 'drillhall.json');
    const s = await open(file);
    const ended: { d: DrillSetup; journal: unknown }[] = [];
    for (let i = 0; i < MAX_ENDED_IN_MEMORY + 4; i++) {
      const d = await setupDrill(s.app);
      await command(s.app, d, d.facilitator, { type: 'start', speed: 60 });
      await command(s.app, d, d.trainees.Ada!, { type: 'add_note', text: `drill ${i}` });
      await command(s.app, d, d.facilitator, { type: 'end' });
      ended.push({ d, journal: (await call(s.app, 'GET', `/api/drills/${d.id}`, { token: d.facilitator })).body.journal });
    }
    const running = await setupDrill(s.app);
    await command(s.app, running, running.facilitator, { type: 'start', speed: 60 });
    expect(s.service.drills().length).toBeLessThanOrEqual(MAX_ENDED_IN_MEMORY + 1);
    expect(s.service.drills().map((d) => d.id)).toContain(running.id);
    // The first drill left memory, and its journal the store's memory.
    const first = ended[0]!;
    expect(s.service.drills().map((d) => d.id)).not.toContain(first.d.id);
    expect(Object.getOwnPropertyDescriptor(s.store.get(first.d.id)!, 'log')?.get).toBeDefined();
    // Opened again, it is all there, and a change to it (publishing its report) is stored.
    const view = await call(s.app, 'GET', `/api/drills/${first.d.id}`, { token: first.d.trainees.Ada! });
    expect(view.status).toBe(200);
    expect(view.body.state.incident).toEqual({});
    const again = await call(s.app, 'GET', `/api/drills/${first.d.id}`, { token: first.d.facilitator });
    expect(again.body.journal).toEqual(first.journal);
    expect((await call(s.app, 'POST', `/api/drills/${first.d.id}/publish`, { token: first.d.facilitator, body: { published: true } })).status).toBe(200);
    await s.service.close();

    // A restart loads only the drill that was not over.
    const r = await open(file);
    expect(r.service.drills().map((d) => d.id)).toEqual([running.id]);
    const back = await call(r.app, 'GET', `/api/drills/${first.d.id}`, { token: first.d.facilitator });
    expect(back.body.journal.slice(0, -1)).toEqual(first.journal);
    expect(back.body.journal.at(-1)).toMatchObject({ kind: 'publish', published: true });
    expect(back.body.published).toBe(true);
    // Tokens of drills not in memory still say which drill they belong to.
    expect((await call(r.app, 'GET', `/api/drills/${running.id}`, { token: ended[1]!.d.facilitator })).body.error.code).toBe('wrong_drill');
    await r.service.close();
  });
});
