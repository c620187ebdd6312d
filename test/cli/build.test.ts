import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isWebBuilt } from '../../server/cli/build.js';

const BIN = fileURLToPath(new URL('../../bin/drillhall.js', import.meta.url));
const run = promisify(execFile);

describe('drillhall build', () => {
  it('builds the web app where it is told, printing progress and the size', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dh-build-')), 'web');
    expect(isWebBuilt(out)).toBe(false);
    const { stdout } = await run(process.execPath, [BIN, 'build', '--out', out], { maxBuffer: 16 * 1024 * 1024 });
    expect(stdout).toMatch(/^building the web app\.\.\./);
    expect(stdout).toMatch(/modules transformed/);
    expect(stdout).toMatch(/built the web app into .* in [\d.]+s: \d+ files, [\d.]+ [kM]B \(JavaScript [\d.]+ kB gzipped\)/);
    expect(isWebBuilt(out)).toBe(true);
    const assets = readdirSync(join(out, 'assets'));
    expect(assets.some((f) => f.endsWith('.js'))).toBe(true);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  });
});
