import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DurableJsonFile, tempPath, writeFileAtomic, type FsOps } from '../../server/store/file.js';
import { emptyStore } from '../../server/store/schema.js';
import { StoreError } from '../../server/store/store.js';

const dir = () => mkdtempSync(join(tmpdir(), 'dh-file-'));

/** Real file system calls, recorded, with one of them made to fail on demand. */
function recordingFs(failOn?: string): { fs: FsOps; calls: string[] } {
  const calls: string[] = [];
  const fs: FsOps = {
    readFile: fsp.readFile,
    unlink: fsp.unlink,
    rename: async (a, b) => {
      calls.push('rename');
      if (failOn === 'rename') throw Object.assign(new Error('EIO: simulated crash before rename'), { code: 'EIO' });
      return fsp.rename(a, b);
    },
    open: (async (path: string, flags: string, mode?: number) => {
      const fh = await fsp.open(path, flags, mode);
      calls.push(`open ${flags}`);
      return new Proxy(fh, {
        get(target, prop) {
          const v = Reflect.get(target, prop, target);
          if (typeof v !== 'function') return v;
          return (...args: unknown[]) => {
            calls.push(String(prop));
            if (failOn === prop) throw new Error(`simulated ${String(prop)} failure`);
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    }) as FsOps['open'],
  };
  return { fs, calls };
}

describe('writeFileAtomic', () => {
  it('writes a temp file, fsyncs it, renames it over the file, then fsyncs the directory', async () => {
    const file = join(dir(), 'data.json');
    const { fs, calls } = recordingFs();
    await writeFileAtomic(file, '{"a":1}', fs);
    expect(calls).toEqual(['open w', 'writeFile', 'sync', 'close', 'rename', 'open r', 'sync', 'close']);
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}');
    expect(readdirSync(join(file, '..'))).toEqual(['data.json']);
  });

  it('leaves the old content whole when it fails before the rename, and removes its temp file', async () => {
    const file = join(dir(), 'data.json');
    writeFileSync(file, 'old');
    await expect(writeFileAtomic(file, 'new', recordingFs('rename').fs)).rejects.toThrow(/simulated crash/);
    expect(readFileSync(file, 'utf8')).toBe('old');
    // A half-written temp file would only take space a full disk needs (a kill leaves it; start-up removes it).
    expect(existsSync(tempPath(file))).toBe(false);
  });
});

describe('DurableJsonFile', () => {
  it('coalesces writes made while one is in flight, and each promise waits for its data', async () => {
    const file = join(dir(), 'data.json');
    const { fs, calls } = recordingFs();
    const a = new DurableJsonFile(file, fs);
    const data = emptyStore();
    const writes = [1, 2, 3, 4].map((n) => { data.drills = {}; (data as any).n = n; return a.write(structuredClone(data)); });
    await Promise.all(writes);
    expect(calls.filter((c) => c === 'rename')).toHaveLength(2);
    expect(JSON.parse(readFileSync(file, 'utf8')).n).toBe(4);
  });

  it('fails every later write once one fails, rather than acknowledging data it may not have', async () => {
    const file = join(dir(), 'data.json');
    const a = new DurableJsonFile(file, recordingFs('sync').fs);
    await expect(a.write(emptyStore())).rejects.toThrow(StoreError);
    await expect(a.write(emptyStore())).rejects.toThrow(/could not write the data file .*simulated sync failure/);
  });

  it('reads a missing file as no data', async () => {
    expect(await new DurableJsonFile(join(dir(), 'none.json')).read()).toBeNull();
  });

  it.each([
    ['empty', '', /is empty/],
    ['not JSON', '{"version": 1, "drills": {', /is not valid JSON/],
    ['the wrong shape', '{"version": 1, "drills": {"x": {"id": "x"}}, "scenarios": {}}', /is not a Drillhall data file: drills\.x\.createdAt: /],
    ['a future version', '{"version": 3, "drills": {}, "scenarios": {}}', /version: /],
  ])('refuses a file that is %s, naming it', async (_what, text, message) => {
    const file = join(dir(), 'data.json');
    writeFileSync(file, text);
    const err = await new DurableJsonFile(file).read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).kind).toBe('corrupt');
    expect((err as Error).message).toContain(`the data file ${file} `);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain('It was left untouched');
  });

  it('refuses an unreadable file with the reason', async () => {
    const d = dir();
    const err = await new DurableJsonFile(d).read().catch((e: unknown) => e);
    expect((err as StoreError).kind).toBe('unreadable');
    expect((err as Error).message).toContain(`cannot read the data file ${d}: EISDIR`);
  });
});
