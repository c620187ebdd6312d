/**
 * `npm start` stops when it is told to: SIGTERM or SIGINT sent to the npm process alone (as a
 * process manager or `kill` sends it) leaves no server listening and no process behind.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((res) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => res(p)); }); });
}

const listening = (port: number) => new Promise<boolean>((res) => {
  const c = createConnection({ port, host: '127.0.0.1' });
  c.once('connect', () => { c.destroy(); res(true); });
  c.once('error', () => res(false));
});

async function until(ok: () => Promise<boolean> | boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every process below pid, children first. */
function descendants(pid: number): number[] {
  const out = spawnSync('ps', ['-e', '-o', 'pid=,ppid=']).stdout.toString().trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const kids = (p: number): number[] => out.filter(([, pp]) => pp === p).flatMap(([c]) => [c, ...kids(c)]);
  return kids(pid);
}

describe.each(['SIGTERM', 'SIGINT'] as const)('npm start and %s to the npm process', (signal) => {
  it('stops the server: nothing listens and no process is left', async () => {
    const port = await freePort();
    const npm = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, PORT: String(port), DRILLHALL_DATA: mkdtempSync(join(tmpdir(), 'dh-stop-')) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    npm.stdout.on('data', (b) => { out += String(b); });
    npm.stderr.on('data', (b) => { out += String(b); });
    try {
      await until(() => out.includes('is listening on'), `the server to listen (${out})`, 120_000);
      expect(await listening(port)).toBe(true);
      const below = descendants(npm.pid!);
      expect(below.length).toBeGreaterThan(0);
      npm.kill(signal);
      await until(async () => !(await listening(port)), 'the port to close', 15_000);
      await until(() => below.every((p) => spawnSync('kill', ['-0', String(p)]).status !== 0), 'every process npm started to exit', 15_000);
    } finally {
      for (const p of descendants(npm.pid!)) spawnSync('kill', ['-9', String(p)]);
      npm.kill('SIGKILL');
    }
  }, 180_000);
});
