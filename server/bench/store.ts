/**
 * The cost of serialising the data file for one write, as drills grow: JSON.stringify of the
 * whole document and its UTF-8 encoding (the baseline) against `serializeStore`, which only
 * serialises journal entries and participants appended since the last write. Each round appends
 * one note to every drill, as a busy server does between two writes.
 */
import { emptyStore, type DrillRecord, type JournalEntry, type StoreData } from '../store/schema.js';
import { serializeStore } from '../store/serialize.js';

export interface SerialiseResult {
  readonly drills: number;
  readonly entriesPerDrill: number;
  readonly fileMb: number;
  readonly stringifyMs: number;
  readonly incrementalMs: number;
}

function note(i: number): JournalEntry {
  return { kind: 'command', t: i * 3, who: `p${i % 50}`, by: `Trainee ${i % 50}`, command: { type: 'add_note', text: `note ${i}: checked the pool dashboard, waits still climbing` } } as JournalEntry;
}

function storeOf(drills: number, entries: number): StoreData {
  const data = emptyStore();
  for (let d = 0; d < drills; d++) {
    const rec = {
      id: `d${d}`, createdAt: '2026-11-30T00:00:00.000Z', scenarioId: 'checkout-db-pool', scenarioHash: '0'.repeat(64), seed: `s${d}`, joinCode: 'ABCD-1234',
      facilitatorTokenHash: '1'.repeat(64), participants: Array.from({ length: 50 }, (_, i) => ({ id: `p${i}`, name: `Trainee ${i}`, role: 'observer', tokenHash: '2'.repeat(64), joinedAt: i })),
      log: Array.from({ length: entries }, (_, i) => note(i)), clock: { t: entries * 3, speed: 10, phase: 'running' },
    } as DrillRecord;
    data.drills[rec.id] = rec;
  }
  return data;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median time of one write's serialisation, `rounds` rounds each. */
export function serialiseCost(drills = 160, entries = 600, rounds = 15): SerialiseResult {
  const data = storeOf(drills, entries);
  const whole: number[] = [];
  const incremental: number[] = [];
  let size = 0;
  serializeStore(data);
  for (let r = 0; r < rounds; r++) {
    for (const d of Object.values(data.drills)) d.log.push(note(entries + r));
    let t = performance.now();
    size = Buffer.from(JSON.stringify(data)).length;
    whole.push(performance.now() - t);
    t = performance.now();
    if (serializeStore(data).length !== size) throw new Error('serializeStore disagrees with JSON.stringify');
    incremental.push(performance.now() - t);
  }
  return { drills, entriesPerDrill: entries, fileMb: size / 1024 / 1024, stringifyMs: median(whole), incrementalMs: median(incremental) };
}
