import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isWebBuilt, measure, WEB_JS_BUDGET } from '../../server/cli/build.js';

const BIN = fileURLToPath(new URL('../../bin/drillhall.js', import.meta.url));
const run = promisify(execFile);

describe('drillhall build', () => {
  it('builds the web app where it is told, printing progress and the size', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dh-build-')), 'web');
    expect(isWebBuilt(out)).toBe(false);
    // As `npm start` builds it: vitest's NODE_ENV=test would give a development build.
    const { NODE_ENV: _test, ...env } = process.env;
    const { stdout } = await run(process.execPath, [BIN, 'build', '--out', out], { maxBuffer: 16 * 1024 * 1024, env });
    expect(stdout).toMatch(/^building the web app\.\.\./);
    expect(stdout).toMatch(/modules transformed/);
    expect(stdout).toMatch(/built the web app into .* in [\d.]+s: \d+ files, [\d.]+ [KM]iB \(JavaScript [\d.]+ KiB gzipped\)/);
    expect(isWebBuilt(out)).toBe(true);
    const assets = readdirSync(join(out, 'assets'));
    expect(assets.some((f) => f.endsWith('.js'))).toBe(true);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    // Every text file has its brotli and gzip copy beside it, for the server to send as is.
    for (const f of assets.filter((x) => x.endsWith('.js') || x.endsWith('.css'))) {
      expect(existsSync(join(out, 'assets', `${f}.br`)), f).toBe(true);
      expect(existsSync(join(out, 'assets', `${f}.gz`)), f).toBe(true);
    }
    // The JavaScript a browser downloads stays within its budget (npm run bench reports it too).
    expect(measure(out).jsGzipBytes).toBeLessThanOrEqual(WEB_JS_BUDGET);
    // The bundle holds the web app, the contract it shares with the server and npm packages:
    // no server module (the source maps list every file that went in).
    const sources = assets.filter((f) => f.endsWith('.js.map')).flatMap((f) => (JSON.parse(readFileSync(join(out, 'assets', f), 'utf8')) as { sources: string[] }).sources);
    const ours = sources.filter((s) => !s.includes('node_modules/'));
    expect(ours.filter((s) => /(^|\/)web\//.test(s)).length).toBeGreaterThan(10);
    expect(ours.filter((s) => /(^|\/)contract\//.test(s)).length).toBeGreaterThan(0);
    expect(ours.filter((s) => !/(^|\/)(web|contract)\//.test(s))).toEqual([]);
  });
});
