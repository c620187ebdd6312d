/**
 * What the store costs as data accumulates:
 *
 * - a command's write, with an empty data directory and again once many drills' journals are
 *   stored (append-only journals: the time and bytes should not grow with what is stored);
 * - the server's heap as ended drills accumulate (ended drills leave memory: it should stay flat);
 * - what a running drill keeps in memory per command (its journal entry and its event, nothing
 *   else: about what the command's journal line takes on disk).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadCatalog } from '../drills/catalog.js';
import { NO_RATE_LIMITS } from '../drills/limits.js';
import { DrillService } from '../drills/service.js';
import { scenarioHash } from '../scenario/loader.js';
import { openFileStore } from '../store/lowdb.js';
import type { DrillRecord, JournalEntry } from '../store/schema.js';
import type { DrillStore } from '../store/store.js';

export interface Spread { readonly median: number; readonly p99: number }

export interface AppendCost {
  readonly appends: number;
  /** ms per acknowledged append (write and fsync), in an empty data directory */
  readonly emptyMs: Spread;
  /** the same once `drills` drills of `entriesPerDrill` entries are stored */
  readonly fullMs: Spread;
  readonly drills: number;
  readonly entriesPerDrill: number;
  readonly storedMb: number;
  /** bytes written per append, empty and full */
  readonly emptyBytes: number;
  readonly fullBytes: number;
}

function note(i: number): JournalEntry {
  return { kind: 'command', t: i * 3, who: `p${i % 50}`, by: `Trainee ${i % 50}`, command: { type: 'add_note', text: `note ${i}: checked the pool dashboard, waits still climbing` } };
}

const SOURCE = { id: 'bench', file: 'bench.yaml', source: 'id: bench\n' };

function drill(id: string, log: JournalEntry[]): DrillRecord {
  return {
    id, createdAt: '2026-11-30T00:00:00.000Z', scenarioId: 'bench', scenarioHash: scenarioHash(SOURCE.source), seed: id, joinCode: 'ABCD-1234',
    facilitatorTokenHash: '1'.repeat(64), participants: [], log, clock: { t: log.length * 3, speed: 10, phase: 'running' },
  };
}

function spread(xs: number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p99: s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]! };
}

async function timeAppends(store: DrillStore, id: string, n: number, from: number): Promise<{ ms: Spread; bytes: number }> {
  const times: number[] = [];
  const before = store.writeStats?.().bytes ?? 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await store.append(id, note(from + i), { t: (from + i) * 3, speed: 10, phase: 'running' });
    times.push(performance.now() - t);
  }
  return { ms: spread(times), bytes: ((store.writeStats?.().bytes ?? 0) - before) / n };
}

/** Append cost in an empty data directory, then with `drills` x `entries` journal entries stored. */
export async function appendCost(drills = 200, entries = 600, appends = 200): Promise<AppendCost> {
  const dir = mkdtempSync(join(tmpdir(), 'dh-bench-store-'));
  try {
    const store = await openFileStore(join(dir, 'drillhall.json'), { warn: () => undefined });
    await store.create(drill('first', []), SOURCE);
    const empty = await timeAppends(store, 'first', appends, 0);
    for (let d = 0; d < drills; d++) await store.create(drill(`d${d}`, Array.from({ length: entries }, (_, i) => note(i))), SOURCE);
    const stored = store.writeStats?.().bytes ?? 0;
    const full = await timeAppends(store, 'first', appends, appends);
    await store.close();
    return { appends, emptyMs: empty.ms, fullMs: full.ms, drills, entriesPerDrill: entries, storedMb: stored / 1024 / 1024, emptyBytes: empty.bytes, fullBytes: full.bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface HeapCurve {
  /** heap in use after a full GC, once this many drills have been run to their end */
  readonly points: readonly { readonly ended: number; readonly heapMb: number; readonly inMemory: number }[];
}

function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export interface CommandHeap {
  readonly commands: number;
  /** heap after a full GC, per note command, in a running drill with a trainee sending them */
  readonly heapBytes: number;
  /** bytes its journal wrote per command, for comparison */
  readonly diskBytes: number;
}

/** A drill service on a file store in a new temporary directory (removed after), on a wall clock the caller moves. */
async function withService<T>(prefix: string, run: (o: { service: DrillService; store: DrillStore; clock: { wall: number } }) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const clock = { wall: 0 };
  try {
    const { catalog } = await loadCatalog();
    const store = await openFileStore(join(dir, 'drillhall.json'), { warn: () => undefined });
    const service = await DrillService.open({ store, catalog, now: () => clock.wall, limits: NO_RATE_LIMITS });
    try {
      return await run({ service, store, clock });
    } finally {
      await service.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Heap a running drill keeps per acknowledged note (after `commands` notes, warmed up by a tenth as many). */
export async function commandHeap(commands = 20_000): Promise<CommandHeap> {
  const gc = exposeGc();
  return withService('dh-bench-cmd-', async ({ service, store, clock }) => {
    const created = await service.create('checkout-db-pool', 'heap');
    if (!created.ok) throw new Error(created.message);
    const joined = await service.join(created.id, created.joinCode, 'Ada', 'scribe');
    if (!joined.ok) throw new Error(joined.message);
    const fac = service.authenticate(created.id, created.facilitatorToken);
    const ada = service.authenticate(created.id, joined.token);
    if (!fac.ok || !ada.ok) throw new Error('bench drill: tokens refused');
    await service.submit(fac.principal, { type: 'start', speed: 60 });
    const notes = async (n: number, from: number) => {
      for (let i = 0; i < n; i++) {
        // the clock moves as it would (6 s of sim time between notes), with its ticks
        if (i % 50 === 0) { clock.wall += 5000; await service.tick(); }
        const r = await service.submit(ada.principal, { type: 'add_note', text: `note ${from + i}: pool waits still climbing` });
        if (!r.ok) throw new Error(r.message);
      }
    };
    await notes(Math.ceil(commands / 10), 0);
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const disk0 = store.writeStats?.().bytes ?? 0;
    await notes(commands, commands);
    gc();
    const heapBytes = (process.memoryUsage().heapUsed - heap0) / commands;
    const diskBytes = ((store.writeStats?.().bytes ?? 0) - disk0) / commands;
    return { commands, heapBytes, diskBytes };
  });
}

/** Run drills to their end, one after another, and read the heap after every `step`. */
export async function endedDrillsHeap(total = 120, step = 30): Promise<HeapCurve> {
  const gc = exposeGc();
  return withService('dh-bench-heap-', async ({ service, clock }) => {
    const points: { ended: number; heapMb: number; inMemory: number }[] = [];
    for (let i = 1; i <= total; i++) {
      const created = await service.create('checkout-db-pool', `s${i}`);
      if (!created.ok) throw new Error(created.message);
      const auth = service.authenticate(created.id, created.facilitatorToken);
      if (!auth.ok) throw new Error(auth.message);
      const p = auth.principal;
      await service.submit(p, { type: 'start', speed: 120 });
      for (let k = 0; k < 23; k++) {
        clock.wall += 1000; // 2 minutes of sim time a step at 120x: 46 minutes in all
        await service.tick();
        await service.submit(p, { type: 'add_note', text: `checked the pool at step ${k}` });
      }
      await service.submit(p, { type: 'end' });
      if (i % step === 0) {
        gc();
        points.push({ ended: i, heapMb: process.memoryUsage().heapUsed / 1024 / 1024, inMemory: service.drills().length });
      }
    }
    return { points };
  });
}
