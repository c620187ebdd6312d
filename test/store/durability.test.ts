/**
 * The data file when the disk misbehaves under a running server: full, read-only, the file
 * deleted or replaced, the lock taken. Each time the server says so clearly (503 with the cause
 * in words, /healthz failing) and nothing already stored is lost or changed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DrillService } from '../../server/drills/service.js';
import { createApp } from '../../server/http/app.js';
import type { FsOps } from '../../server/store/file.js';
import { journalPath } from '../../server/store/journal.js';
import { openFileStore, readStoredData } from '../../server/store/lowdb.js';
import { StoreError } from '../../server/store/store.js';
import { call, catalog, command, FakeClock, setupDrill, type DrillSetup } from '../drills/support.js';

/** Real file system calls, until `fail` is set: then writes of the temp file fail with that code. */
function faultyFs(): { fs: FsOps; fail: (code: string | undefined) => void } {
  let failing: string | undefined;
  const err = () => Object.assign(new Error(`${failing}: simulated, write`), { code: failing });
  const fs: FsOps = {
    readFile: fsp.readFile,
    unlink: fsp.unlink,
    rename: fsp.rename,
    open: (async (path: string, flags: string, mode?: number) => {
      if (failing === 'EROFS' && (flags === 'w' || flags.startsWith('a'))) throw err();
      const fh = await fsp.open(path, flags, mode);
      if (flags !== 'w' && !flags.startsWith('a')) return fh;
      return new Proxy(fh, {
        get(target, prop) {
          const v = Reflect.get(target, prop, target);
          if (typeof v !== 'function') return v;
          if ((prop === 'writeFile' || prop === 'write') && failing) {
            // A full disk takes part of the write before it refuses the rest.
            return async (text: string) => { await target.write(text.slice(0, 100)); throw err(); };
          }
          return v.bind(target);
        },
      });
    }) as FsOps['open'],
  };
  return { fs, fail: (code) => { failing = code; } };
}

interface Running {
  readonly dir: string;
  readonly file: string;
  readonly service: DrillService;
  readonly app: ReturnType<typeof createApp>;
  readonly warnings: string[];
  readonly fail: (code: string | undefined) => void;
}

async function open(dir = mkdtempSync(join(tmpdir(), 'dh-durable-'))): Promise<Running> {
  const file = join(dir, 'drillhall.json');
  const { fs, fail } = faultyFs();
  const warnings: string[] = [];
  const store = await openFileStore(file, { fs, warn: (t) => warnings.push(t) });
  const service = await DrillService.open({ store, catalog, now: new FakeClock().now });
  const app = createApp({ service, webRoot: '/nonexistent', onUnexpected: (e) => { throw e; } });
  return { dir, file, service, app, warnings, fail };
}

const onDisk = (file: string) => readStoredData(file);

async function drillWithCommands(r: Running): Promise<{ d: DrillSetup; acked: unknown[] }> {
  const d = await setupDrill(r.app);
  await command(r.app, d, d.facilitator, { type: 'start', speed: 60 });
  const sent = [{ type: 'declare_incident', severity: 'SEV3' }, { type: 'add_note', text: 'before the disk filled up' }];
  for (const c of sent) await command(r.app, d, d.trainees.Ada!, c);
  // Ada joined as commander, which journaled her taking the role before anything she sent.
  return { d, acked: [{ type: 'assign_role', role: 'commander', name: 'Ada' }, ...sent] };
}

describe.each([
  ['full', 'ENOSPC', 'the disk is full'],
  ['read-only', 'EROFS', 'the file system is read-only'],
])('a %s disk under a running server', (_what, code, words) => {
  it('refuses changes with 503 naming the cause, fails /healthz, keeps serving reads, loses nothing stored', async () => {
    const r = await open();
    const { d, acked } = await drillWithCommands(r);
    const before = await call(r.app, 'GET', `/api/drills/${d.id}`, { token: d.facilitator });
    const stored = readFileSync(r.file, 'utf8');

    r.fail(code);
    const refused = await call(r.app, 'POST', `/api/drills/${d.id}/commands`, { token: d.trainees.Ada!, body: { type: 'set_severity', severity: 'SEV1' } });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('store_unavailable');
    // A command is one line appended to the drill's own journal file.
    expect(refused.body.error.message).toContain(`could not write the journal ${journalPath(r.file, d.id)}: ${words} (${code}`);
    expect(refused.body.error.message).toContain('restart it once the disk is fixed');

    const health = await call(r.app, 'GET', '/healthz');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'failing', reason: expect.stringContaining(words) });

    // Every later change is refused the same way, even once the disk has room again.
    r.fail(undefined);
    expect((await call(r.app, 'POST', `/api/drills/${d.id}/participants`, { body: { joinCode: d.joinCode, name: 'Late', role: 'scribe' } })).status).toBe(503);
    expect((await call(r.app, 'POST', '/api/drills', { body: { scenarioId: 'checkout-db-pool' } })).status).toBe(503);

    // Reads work and show the drill as it was: the refused command left no trace in memory.
    const after = await call(r.app, 'GET', `/api/drills/${d.id}`, { token: d.facilitator });
    expect(after.status).toBe(200);
    expect(after.body.state).toEqual(before.body.state);
    expect(after.body.journal).toEqual(before.body.journal);
    expect(after.body.events).toEqual(before.body.events);
    expect(after.body.participants).toEqual(before.body.participants);

    // On disk: the data file as it was, whole, and no temp file taking space; the journal ends
    // in the part of a line the full disk took, which a restart drops.
    expect(readFileSync(r.file, 'utf8')).toBe(stored);
    expect(readdirSync(r.dir).sort()).toEqual(['drillhall.json', 'drillhall.json.lock', 'journals']);
    await r.service.close();
    expect(existsSync(`${r.file}.lock`)).toBe(false);

    // A restart on the fixed disk has every acknowledged command.
    const again = await open(r.dir);
    const view = await call(again.app, 'GET', `/api/drills/${d.id}`, { token: d.facilitator });
    expect(view.body.journal.filter((e: any) => e.kind === 'command').map((e: any) => e.command)).toEqual(acked);
    await again.service.close();
  });
});

describe('the data file deleted while the server runs', () => {
  it('is written again from memory (on the next write, the periodic check, or /healthz), with a warning', async () => {
    const r = await open();
    const { d, acked } = await drillWithCommands(r);
    rmSync(r.file);
    // /healthz notices and writes it back before answering.
    expect((await call(r.app, 'GET', '/healthz')).status).toBe(200);
    expect(onDisk(r.file).drills[d.id]!.log.filter((e) => e.kind === 'command').map((e) => e.command)).toEqual(acked);
    expect(r.warnings.join('\n')).toContain(`the data file ${r.file} was deleted while the server was running; writing it again from memory`);

    // The whole directory, lock included: the next command is acknowledged, and the next check
    // (here /healthz; the server's own within 2 s) puts the data file, the journal and the lock back.
    rmSync(r.dir, { recursive: true });
    await command(r.app, d, d.trainees.Ada!, { type: 'add_note', text: 'after the directory went' });
    expect((await call(r.app, 'GET', '/healthz')).status).toBe(200);
    expect(onDisk(r.file).drills[d.id]!.log.at(-1)).toMatchObject({ kind: 'command', command: { type: 'add_note', text: 'after the directory went' } });
    expect(JSON.parse(readFileSync(`${r.file}.lock`, 'utf8')).pid).toBe(process.pid);
    expect(r.warnings.some((w) => w.includes('lock file') && w.includes('written again'))).toBe(true);
    await r.service.close();
  });

  it('is checked by the server tick every few seconds even when nothing else writes', async () => {
    const clock = new FakeClock();
    const dir = mkdtempSync(join(tmpdir(), 'dh-durable-'));
    const file = join(dir, 'drillhall.json');
    const store = await openFileStore(file, { warn: () => undefined });
    const service = await DrillService.open({ store, catalog, now: clock.now });
    await service.tick();
    rmSync(file);
    clock.wait(3);
    await service.tick();
    expect(existsSync(file)).toBe(true);
    await service.close();
  });
});

describe('the data file replaced, or the lock taken, while the server runs', () => {
  it('refuses to overwrite a replaced file: 503, /healthz failing, the new file untouched', async () => {
    const r = await open();
    const { d } = await drillWithCommands(r);
    // Someone restores an older copy under the running server.
    const copy = join(r.dir, 'backup.json');
    writeFileSync(copy, readFileSync(r.file));
    const restoredText = readFileSync(copy, 'utf8');
    renameSync(copy, r.file);
    // Noticed by the next check (here /healthz; the server's own within 2 s), then every change is refused.
    expect((await call(r.app, 'GET', '/healthz')).body.status).toBe('failing');
    const refused = await call(r.app, 'POST', `/api/drills/${d.id}/commands`, { token: d.trainees.Ada!, body: { type: 'add_note', text: 'x' } });
    expect(refused.status).toBe(503);
    expect(refused.body.error.message).toContain(`the data file ${r.file} was replaced by another file while the server was running`);
    expect((await call(r.app, 'GET', '/healthz')).body.status).toBe('failing');
    expect(readFileSync(r.file, 'utf8')).toBe(restoredText);
    await r.service.close();
  });

  it('stops writing when another server has taken the lock, and leaves that lock alone', async () => {
    const r = await open();
    const { d } = await drillWithCommands(r);
    writeFileSync(`${r.file}.lock`, JSON.stringify({ pid: 1, host: 'elsewhere' }));
    const before = statSync(r.file).mtimeMs;
    const health = await call(r.app, 'GET', '/healthz');
    expect(health.status).toBe(503);
    expect(health.body.reason).toContain('now names another process (pid 1)');
    const refused = await call(r.app, 'POST', `/api/drills/${d.id}/commands`, { token: d.trainees.Ada!, body: { type: 'add_note', text: 'x' } });
    expect(refused.status).toBe(503);
    expect(statSync(r.file).mtimeMs).toBe(before);
    await r.service.close();
    expect(JSON.parse(readFileSync(`${r.file}.lock`, 'utf8')).pid).toBe(1);
  });
});

/** A directory even root cannot write in (sysfs), for the child-process test; skipped where there is none. */
function unwritableDir(): string | undefined {
  const dir = '/sys/kernel';
  if (!existsSync(dir)) return undefined;
  try {
    writeFileSync(join(dir, 'drillhall-probe'), 'x');
    rmSync(join(dir, 'drillhall-probe'), { force: true });
    return undefined;
  } catch {
    return dir;
  }
}

describe('a data directory where nothing can be written', () => {
  it.skipIf(!unwritableDir())('stops `drillhall serve` with exit 1, the path and the cause', async () => {
    const dir = unwritableDir()!;
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const proc = spawn(process.execPath, ['bin/drillhall.js', 'serve'], { cwd: root, env: { ...process.env, PORT: '0', DRILLHALL_DATA: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (b) => { err += String(b); });
    const code = await new Promise<number | null>((res) => proc.on('exit', res));
    expect(code).toBe(1);
    expect(err).toContain(`drillhall serve: cannot create the lock file ${dir}/drillhall.json.lock: permission denied (EACCES`);
    expect(err).toContain('The data directory must be writable.');
  }, 60_000);

  it('stops start-up with the path and the cause, and leaves an existing data file as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dh-durable-'));
    const file = join(dir, 'drillhall.json');
    const first = await open(dir);
    await drillWithCommands(first);
    await first.service.close();
    const text = readFileSync(file, 'utf8');
    const { fs, fail } = faultyFs();
    fail('EROFS');
    const err = await openFileStore(file, { fs }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toContain(`could not write the data file ${file}: the file system is read-only`);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
