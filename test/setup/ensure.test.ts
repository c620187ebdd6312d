/**
 * The set-up step of `npm test` (ensure.ts): it finds the tools, installs Debian's packages when
 * it may, and otherwise stops at once with one message naming the command to run. The last two
 * cases run the real step in a mount namespace where the binaries are hidden (bind-mounted
 * over with /dev/null), as a user without sudo and as root with a stand-in apt-get.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { plan } from './ensure.js';
import { findTool, isExecutable, TOOLS } from './tools.js';

const ENSURE = fileURLToPath(new URL('./ensure.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const chromium = TOOLS.find((t) => t.name === 'chromium')!;
const prometheus = TOOLS.filter((t) => t.pkg === 'prometheus');

describe('what the set-up step plans', () => {
  it('does nothing when everything is found', () => {
    expect(plan([], { uid: 1000, hasAptGet: false, sudo: false })).toEqual({ kind: 'ready' });
  });

  it('installs the missing packages as root, or with passwordless sudo, and says so', () => {
    const root = plan([chromium, ...prometheus], { uid: 0, hasAptGet: true, sudo: false });
    expect(root).toMatchObject({ kind: 'install', via: 'root', packages: ['chromium', 'prometheus'] });
    if (root.kind !== 'install') throw new Error('expected an install');
    expect(root.commands).toEqual([['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '--no-install-recommends', 'chromium', 'prometheus']]);
    expect(root.message).toBe("npm test: installing Debian's chromium and prometheus (for the browser tests and comparing our PromQL with real Prometheus): apt-get install -y --no-install-recommends chromium prometheus");
    const sudo = plan([chromium], { uid: 1000, hasAptGet: true, sudo: true });
    expect(sudo).toMatchObject({ kind: 'install', via: 'sudo', commands: [['sudo', '-n', 'apt-get', 'update', '-qq'], ['sudo', '-n', 'apt-get', 'install', '-y', '--no-install-recommends', 'chromium']] });
  });

  it('refuses at once, naming the command, without root, sudo or apt-get', () => {
    const r = plan([chromium], { uid: 1000, hasAptGet: true, sudo: false });
    expect(r).toMatchObject({ kind: 'refuse', packages: ['chromium'] });
    expect(r.kind === 'refuse' && r.message).toBe('npm test needs chromium (for the browser tests) and cannot install it here without root or passwordless sudo. Run: sudo apt-get update && sudo apt-get install -y chromium   (or set CHROMIUM_PATH to binaries you have), then npm test again.');
    expect(plan(prometheus, { uid: 0, hasAptGet: false, sudo: false })).toMatchObject({ kind: 'refuse', packages: ['prometheus'] });
  });
});

describe('finding the tools', () => {
  it('takes the environment variable first, else Debian\'s path, and only executable files', () => {
    expect(findTool('chromium', { CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
    expect(findTool('chromium', { CHROMIUM_PATH: '/nonexistent/chromium' })).toBeUndefined();
    expect(isExecutable('/dev/null')).toBe(false);
    expect(findTool('promtool', { PROMETHEUS_PATH: '/nonexistent/prometheus', PROMTOOL_PATH: process.execPath })).toBe(process.execPath);
  });
});

/** The binaries at Debian's paths, and a root process that can make mount namespaces: the real step can be tried. */
const debianPaths = TOOLS.map((t) => t.candidates[0]!);
const canHide = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0 && debianPaths.every(isExecutable);
const hide = debianPaths.map((p) => `mount --bind /dev/null ${p}`).join(' && ');

describe.skipIf(!canHide)('the real set-up step with the binaries hidden', () => {
  it('stops at once with one message for a user who cannot install', () => {
    const r = spawnSync('unshare', ['-m', 'sh', '-c', `${hide} && exec runuser -u nobody -- env HOME=/tmp PATH=/usr/bin:/bin ${process.execPath} ${TSX} ${ENSURE}`], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(['npm test needs chromium, prometheus and promtool (for the browser tests and comparing our PromQL with real Prometheus) and cannot install them here without root or passwordless sudo. Run: sudo apt-get update && sudo apt-get install -y chromium prometheus   (or set CHROMIUM_PATH, PROMETHEUS_PATH and PROMTOOL_PATH to binaries you have), then npm test again.']);
  });

  it('installs with apt-get as root, saying what, and finds the tools afterwards', () => {
    // A stand-in apt-get: it records what it was asked and "installs" by lifting the bind mounts.
    const dir = mkdtempSync(join(tmpdir(), 'dh-apt-'));
    const log = join(dir, 'apt.log');
    writeFileSync(join(dir, 'apt-get'), `#!/bin/sh\necho "$@" >> ${log}\ncase "$1" in install) for p in ${debianPaths.join(' ')}; do umount "$p"; done;; esac\n`);
    chmodSync(join(dir, 'apt-get'), 0o755);
    const r = spawnSync('unshare', ['-m', 'sh', '-c', `${hide} && exec env PATH=${dir}:/usr/bin:/bin ${process.execPath} ${TSX} ${ENSURE}`], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("npm test: installing Debian's chromium and prometheus (for the browser tests and comparing our PromQL with real Prometheus): apt-get install -y --no-install-recommends chromium prometheus");
    expect(r.stderr).toMatch(/npm test: installed chromium prometheus; using chromium \(\/usr\/bin\/chromium\)/);
    expect(existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []).toEqual(['update -qq', 'install -y --no-install-recommends chromium prometheus']);
  });
});
