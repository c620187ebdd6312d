import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioHash } from '../../server/scenario/loader.js';
import { openFileStore, openMemoryStore } from '../../server/store/lowdb.js';
import type { DrillRecord } from '../../server/store/schema.js';
import { StoreError } from '../../server/store/store.js';
import { EXAMPLE_TEXT } from '../helpers/scenario.js';

const hash = scenarioHash(EXAMPLE_TEXT);
const H = 'a'.repeat(64);

function drill(id: string): DrillRecord {
  return {
    id, createdAt: '2026-01-01T00:00:00.000Z', scenarioId: 'checkout-db-pool', scenarioHash: hash, seed: '1', joinCode: 'ABCDEFGH',
    facilitatorTokenHash: H, participants: [], log: [], clock: { t: 0, speed: 1, phase: 'created' },
  };
}
const source = { id: 'checkout-db-pool', file: 'checkout-db-pool.yaml', source: EXAMPLE_TEXT };

describe('the lowdb store', () => {
  it('keeps drills, participants, the journal and the clock (Memory adapter)', async () => {
    const s = await openMemoryStore();
    await s.create(drill('d1'), source);
    await s.create(drill('d2'), source);
    await s.join('d1', { id: 'p1', name: 'Ada', role: 'commander', tokenHash: H, joinedAt: 0 }, [{ kind: 'join', t: 0, who: 'p1', name: 'Ada', role: 'commander' }], { t: 0, speed: 1, phase: 'created' });
    await s.append('d1', { kind: 'command', t: 12.5, who: 'p1', by: 'Ada', command: { type: 'add_note', text: 'hi' } }, { t: 12.5, speed: 60, phase: 'running' });
    await s.setClock('d1', { t: 30, speed: 60, phase: 'running' });
    expect(s.list().map((d) => d.id)).toEqual(['d1', 'd2']);
    expect(s.get('d1')).toMatchObject({ participants: [{ name: 'Ada' }], log: [{ kind: 'join' }, { kind: 'command', t: 12.5 }], clock: { t: 30, phase: 'running' } });
    expect(s.scenario(hash)?.source).toBe(EXAMPLE_TEXT);
    await expect(s.append('nope', { kind: 'join', t: 0, who: 'x', name: 'x', role: 'scribe' }, { t: 0, speed: 1, phase: 'created' })).rejects.toThrow(/no drill nope/);
    await expect(s.create({ ...drill('d3'), scenarioHash: H }, source)).rejects.toThrow(/does not match its hash/);
  });

  it('writes a file that reads back the same, storing each scenario once and no raw tokens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dh-store-'));
    const file = join(dir, 'drillhall.json');
    const s = await openFileStore(file);
    await s.create(drill('d1'), source);
    await s.create(drill('d2'), source);
    await s.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(raw.scenarios)).toEqual([hash]);
    const again = await openFileStore(file);
    expect(again.list()).toEqual([drill('d1'), drill('d2')]);
    await again.close();
  });

  it('refuses a corrupt data file at open and never overwrites it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dh-store-'));
    const file = join(dir, 'drillhall.json');
    writeFileSync(file, '{"version":1,"scenarios":{},"drills":{"d1":{"id":"d1"');
    const before = readFileSync(file);
    const err = await openFileStore(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(new RegExp(`^the data file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON`));
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('refuses a second server on the same data file, and takes over a lock left by a dead one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dh-store-'));
    const file = join(dir, 'drillhall.json');
    const first = await openFileStore(file);
    const err = await openFileStore(file).catch((e: unknown) => e);
    expect((err as StoreError).kind).toBe('locked');
    expect((err as Error).message).toContain(`the data file ${file} is in use by another Drillhall server (pid ${process.pid}`);
    expect((err as Error).message).toContain('DRILLHALL_DATA');
    await first.close();
    // pid 2^22 + 1 is above Linux's pid_max: nobody is running as it.
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: 4194305 }));
    const second = await openFileStore(file);
    expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8')).pid).toBe(process.pid);
    await second.close();
  });
});
