/**
 * Each drill's journal in its own append-only file: a command costs the bytes it adds, however
 * much is stored; a line cut short by a crash is dropped at start-up; a version 1 data file (every
 * journal inside it) is migrated once, with a backup; what the store acknowledged is on disk
 * before the acknowledgement.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioHash } from '../../server/scenario/loader.js';
import { journalPath } from '../../server/store/journal.js';
import { backupPath, openFileStore, readStoredData } from '../../server/store/lowdb.js';
import type { DrillRecord, JournalEntry, StoredClock } from '../../server/store/schema.js';
import { StoreError } from '../../server/store/store.js';
import { EXAMPLE_TEXT } from '../helpers/scenario.js';

const hash = scenarioHash(EXAMPLE_TEXT);
const H = 'a'.repeat(64);
const source = { id: 'checkout-db-pool', file: 'checkout-db-pool.yaml', source: EXAMPLE_TEXT };

function drill(id: string, log: JournalEntry[] = []): DrillRecord {
  return {
    id, createdAt: '2026-01-01T00:00:00.000Z', scenarioId: 'checkout-db-pool', scenarioHash: hash, seed: '1', joinCode: 'ABCDEFGH',
    facilitatorTokenHash: H, participants: [], log, clock: { t: 0, speed: 1, phase: 'created' },
  };
}

const note = (t: number, text = `note at ${t}`): JournalEntry => ({ kind: 'command', t, who: 'p1', by: 'Ada', command: { type: 'add_note', text } });
const running = (t: number): StoredClock => ({ t, speed: 60, phase: 'running' });
const tempFile = () => join(mkdtempSync(join(tmpdir(), 'dh-journal-')), 'drillhall.json');

describe('a drill journal on disk', () => {
  it('appends what a command adds and never rewrites what is stored, however much that is', async () => {
    const file = tempFile();
    const s = await openFileStore(file);
    for (let i = 0; i < 40; i++) await s.create(drill(`d${i}`), source);
    const dataFile = statSync(file);
    const cost = async (id: string, t: number) => {
      const before = s.writeStats!();
      const size = existsSync(journalPath(file, id)) ? statSync(journalPath(file, id)).size : 0;
      await s.append(id, note(t), running(t));
      const after = s.writeStats!();
      return { bytes: after.bytes - before.bytes, grew: statSync(journalPath(file, id)).size - size };
    };
    const first = await cost('d0', 1);
    // Fill one drill's journal with 2000 commands (and so the store with their bytes) ...
    for (let t = 2; t < 2002; t++) await s.append('d0', note(t), running(t));
    // ... and the next command still costs what it adds (a few more digits), in that drill and in another.
    const later = await cost('d0', 3000);
    const other = await cost('d1', 3000);
    expect(first.grew).toBe(first.bytes);
    expect(later.bytes).toBe(later.grew);
    expect(later.bytes).toBeLessThanOrEqual(first.bytes + 16);
    expect(other.bytes).toBeLessThanOrEqual(first.bytes + 16);
    // The data file (the catalogue) was not written by any of it.
    expect(statSync(file).mtimeMs).toBe(dataFile.mtimeMs);
    expect(statSync(file).size).toBe(dataFile.size);
    await s.close();
    const again = await openFileStore(file);
    expect(again.get('d0')!.log).toHaveLength(2002);
    expect(again.get('d0')!.clock).toEqual(running(3000));
    await again.close();
  });

  it('checkpoints running drills\' clocks in one small file, and drops a checkpoint once the journal catches up', async () => {
    const file = tempFile();
    const s = await openFileStore(file);
    for (const id of ['d1', 'd2', 'd3']) await s.create(drill(id), source);
    const before = s.writeStats!();
    // One clock tick of three running drills: three checkpoints, written together or one by one, never into a journal.
    await Promise.all(['d1', 'd2', 'd3'].map((id) => s.setClock(id, running(10))));
    expect(s.writeStats!().writes - before.writes).toBeLessThanOrEqual(3);
    expect(existsSync(journalPath(file, 'd1'))).toBe(false);
    expect(JSON.parse(readFileSync(join(file, '..', 'clocks.json'), 'utf8'))).toEqual({ d1: running(10), d2: running(10), d3: running(10) });
    // A command in d1 records its clock in the journal: d1's checkpoint is no longer needed.
    await s.append('d1', note(12), running(12));
    await s.setClock('d2', running(15));
    expect(Object.keys(JSON.parse(readFileSync(join(file, '..', 'clocks.json'), 'utf8'))).sort()).toEqual(['d2', 'd3']);
    await s.close();
    const again = await openFileStore(file);
    expect(['d1', 'd2', 'd3'].map((id) => again.get(id)!.clock.t)).toEqual([12, 15, 10]);
    await again.close();
  });

  it('has an acknowledged command on disk before the acknowledgement', async () => {
    const file = tempFile();
    const s = await openFileStore(file);
    await s.create(drill('d1'), source);
    await s.append('d1', note(5, 'fsynced before the reply'), running(5));
    // As a process killed right after the store said "durable", before it replied, would leave it.
    expect(readStoredData(file).drills.d1!.log).toEqual([note(5, 'fsynced before the reply')]);
    expect(readFileSync(journalPath(file, 'd1'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))).toEqual([note(5, 'fsynced before the reply'), { kind: 'clock', ...running(5) }]);
    await s.close();
  });

  it('drops a last line cut short with a warning, and appends cleanly after it', async () => {
    const file = tempFile();
    const s = await openFileStore(file);
    await s.create(drill('d1'), source);
    await s.append('d1', note(1), running(1));
    await s.append('d1', note(2), running(2));
    await s.close();
    // A crash in the middle of writing the next line.
    appendFileSync(journalPath(file, 'd1'), '{"kind":"command","t":3,"who":"p1","by":"Ada","comm');
    const warnings: string[] = [];
    const again = await openFileStore(file, { warn: (w) => warnings.push(w) });
    expect(warnings.join('\n')).toMatch(/the journal .*d1\.jsonl ends in a line cut short \(\d+ bytes.*dropped/);
    expect(again.get('d1')!.log).toEqual([note(1), note(2)]);
    expect(again.get('d1')!.clock).toEqual(running(2));
    await again.append('d1', note(4), running(4));
    await again.close();
    const third = await openFileStore(file, { warn: (w) => warnings.push(w) });
    expect(third.get('d1')!.log).toEqual([note(1), note(2), note(4)]);
    expect(warnings).toHaveLength(1);
    await third.close();
  });

  it('refuses a journal with a bad line in the middle, naming the file and line, and leaves it alone', async () => {
    const file = tempFile();
    const s = await openFileStore(file);
    await s.create(drill('d1'), source);
    await s.append('d1', note(1), running(1));
    await s.close();
    const path = journalPath(file, 'd1');
    const text = readFileSync(path, 'utf8').replace('"add_note"', '"add_nothing"');
    writeFileSync(path, text);
    const err = await openFileStore(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toContain(`the journal ${path} line 1 is not a journal entry`);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});

describe('a version 1 data file', () => {
  it('is migrated once at start-up: journals into their own files, the old file kept as a backup', async () => {
    const file = tempFile();
    const old = {
      version: 1,
      scenarios: { [hash]: source },
      drills: { d1: { ...drill('d1', [note(1), note(2)]), clock: running(2) }, d2: drill('d2') },
    };
    const text = JSON.stringify(old);
    writeFileSync(file, text);
    const warnings: string[] = [];
    const s = await openFileStore(file, { warn: (w) => warnings.push(w) });
    expect(s.get('d1')!.log).toEqual([note(1), note(2)]);
    expect(s.get('d1')!.clock).toEqual(running(2));
    expect(warnings.join('\n')).toContain(`moved the journals of 1 drill(s) out of ${file}`);
    expect(readFileSync(backupPath(file), 'utf8')).toBe(text);
    await s.append('d1', note(3), running(3));
    await s.close();

    const catalogue = JSON.parse(readFileSync(file, 'utf8'));
    expect(catalogue.version).toBe(2);
    expect(catalogue.drills.d1.log).toEqual([]);
    const again = await openFileStore(file, { warn: (w) => warnings.push(w) });
    expect(again.get('d1')!.log).toEqual([note(1), note(2), note(3)]);
    expect(again.get('d2')!.log).toEqual([]);
    expect(warnings.filter((w) => w.includes('moved the journals'))).toHaveLength(1);
    await again.close();
  });
});
