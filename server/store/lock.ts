/**
 * One server per data file. Two servers writing the same file would each overwrite the other's
 * journal, so the second refuses to start. The lock is a file beside the data file holding the
 * owner's pid, created with O_EXCL; a lock left by a process that no longer exists (a SIGKILL,
 * a power cut) is taken over.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { describeFsError } from './file.js';
import { StoreError } from './store.js';

export interface Lock {
  readonly path: string;
  release(): void;
  /**
   * Do we still hold it? A deleted lock file is written again (with a warning); one that now
   * names another process throws: someone removed ours and started a second server.
   */
  check(warn?: (text: string) => void): void;
}

/** Locks this process holds, so a second store in the same process is refused too. */
const held = new Set<string>();

interface Owner { readonly pid: number; readonly host?: string; readonly since?: string }

function readOwner(path: string): Owner | undefined {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as Partial<Owner>;
    return typeof o.pid === 'number' ? (o as Owner) : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take the lock at `path` for the data file `file`, or throw a StoreError that says who holds it.
 * @example const lock = acquireLock('/srv/drillhall/drillhall.json.lock', '/srv/drillhall/drillhall.json')
 */
export function acquireLock(path: string, file: string): Lock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, ownerText(), { flag: 'wx', mode: 0o600 });
      held.add(path);
      return { path, release: () => release(path), check: (warn) => check(path, file, warn) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError('unreadable', `cannot create the lock file ${path}: ${describeFsError(err)}. The data directory must be writable.`, { cause: err });
      }
    }
    const owner = readOwner(path);
    // Our own pid in a lock we do not hold is a stale lock from an earlier life of this pid
    // (containers often restart with the same one).
    const inUse = owner !== undefined && (owner.pid === process.pid ? held.has(path) : alive(owner.pid));
    if (inUse || (owner === undefined && attempt > 0)) {
      const who = owner ? `another Drillhall server (pid ${owner.pid}${owner.host ? ` on ${owner.host}` : ''}${owner.since ? `, since ${owner.since}` : ''})` : 'another Drillhall server';
      throw new StoreError('locked', `the data file ${file} is in use by ${who}. Stop that server, or set DRILLHALL_DATA to another directory. (Lock file: ${path})`);
    }
    try { unlinkSync(path); } catch { /* someone else took it over first; the retry will tell */ }
  }
  throw new StoreError('locked', `could not take the lock ${path} for ${file}`);
}

function ownerText(): string {
  return JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
}

function check(path: string, file: string, warn: (text: string) => void = (t) => console.warn(t)): void {
  if (!held.has(path)) return;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return; // unreadable for a moment: the next check will tell
    try {
      writeFileSync(path, ownerText(), { flag: 'wx', mode: 0o600 });
      warn(`drillhall: the lock file ${path} was deleted while the server was running; it has been written again`);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return;
      text = readFileSync(path, 'utf8');
    }
  }
  const owner = (() => { try { return JSON.parse(text) as Partial<Owner>; } catch { return undefined; } })();
  if (owner?.pid === process.pid) return;
  throw new StoreError('locked', `the lock file ${path} now names ${owner?.pid !== undefined ? `another process (pid ${owner.pid})` : 'someone else'}: this server's lock was removed and another server started on ${file}. This server stops writing so the two cannot overwrite each other's drills; stop one of them and restart the other.`);
}

function release(path: string): void {
  if (!held.delete(path)) return;
  // Only our own lock: if another server took it over, it is theirs now.
  if (readOwner(path)?.pid !== process.pid) return;
  try { unlinkSync(path); } catch { /* already gone */ }
}
