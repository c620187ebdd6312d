/**
 * Browser test support: the real server as a child process (its own port and temp data
 * directory) serving the built web app, Debian's Chromium driven by playwright-core, and small
 * helpers to set up drills over the API, open pages with a seat, poll for text and keep
 * screenshots under test-artifacts/ (git-ignored).
 *
 * The web app is built once per run: the first test file that needs it builds under a lock
 * file while the others wait, and nothing is rebuilt while dist/web is newer than every source.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findTool } from '../setup/tools.js';
import { afterAll, beforeAll } from 'vitest';
import type { Seat } from '../../web/lib/session.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/drillhall.js');
const WEB_OUT = join(ROOT, 'dist/web');
const LOCK = join(ROOT, 'dist/.web-build.lock');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
/** Chromium as `npm test`'s set-up step found it (CHROMIUM_PATH, else Debian's path). */
export const CHROMIUM = findTool('chromium') ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Everything the bundle is built from: the web sources, the contract they share with the server, the config. */
const SOURCES = ['web', 'contract', 'server', 'vite.config.ts', 'package.json'];

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, e)));
  return newest;
}

function webIsFresh(): boolean {
  const index = join(WEB_OUT, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return SOURCES.every((s) => newestMtime(join(ROOT, s)) <= built);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Build dist/web unless it is newer than its sources; one builder at a time across test files. */
export async function ensureWebBuilt(): Promise<void> {
  const deadline = Date.now() + 180_000;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (;;) {
    if (webIsFresh()) return;
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Someone else is building; a lock older than three minutes is left from a crash.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 180_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited too long for another test's web build (lock ${LOCK})`);
      await sleep(250);
    }
  }
  try {
    if (webIsFresh()) return;
    const out = await run(process.execPath, [BIN, 'build']);
    if (out.code !== 0) throw new Error(`drillhall build failed:\n${out.text}`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[]): Promise<{ code: number; text: string }> {
  return new Promise((res) => {
    const p = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    p.stdout.on('data', (d) => { text += d; });
    p.stderr.on('data', (d) => { text += d; });
    p.on('close', (code) => res({ code: code ?? 1, text }));
  });
}

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** stop it: SIGTERM (a clean shutdown) or SIGKILL (a crash) */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** start it again on the same port and data directory */
  restart(): Promise<TestServer>;
}

/** Start `drillhall serve` on a free port (or `port`) with a temporary data directory (or `dataDir`), and `env` over ours. */
export async function startServer(o: { port?: number; dataDir?: string; env?: Readonly<Record<string, string>> } = {}): Promise<TestServer> {
  await ensureWebBuilt();
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'dh-web-'));
  const env = { ...process.env, ...o.env };
  delete env.PORT;
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(o.port ?? 0), '--data', dataDir], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error(`server did not start:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (m) { clearTimeout(timer); res(Number(m[1])); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); rej(new Error(`server exited with ${code}:\n${out}`)); });
  });
  return serverHandle(child, port, dataDir, o.env);
}

/**
 * A server and a browser for the test file that calls this: started before its tests and
 * stopped after them. Read them as `web.server` and `web.browser` inside tests and hooks.
 */
export function serverAndBrowser(o: Parameters<typeof startServer>[0] = {}): { readonly server: TestServer; readonly browser: Browser } {
  const web = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    web.server = await startServer(o);
    web.browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await web.browser?.close();
    await web.server?.stop();
  });
  return web;
}

function serverHandle(child: ChildProcess, port: number, dataDir: string, env?: Readonly<Record<string, string>>): TestServer {
  const exited = new Promise<void>((res) => { if (child.exitCode !== null) res(); else child.once('exit', () => res()); });
  return {
    url: `http://localhost:${port}`,
    port,
    dataDir,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
    restart: () => startServer({ port, dataDir, ...(env ? { env } : {}) }),
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface CreatedDrill { readonly id: string; readonly joinCode: string; readonly facilitatorToken: string }

async function request<T>(url: string, method: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

export function createDrill(server: TestServer, scenarioId = 'checkout-db-pool', seed = '7'): Promise<CreatedDrill> {
  return request(`${server.url}/api/drills`, 'POST', { scenarioId, seed });
}

export function joinDrill(server: TestServer, d: CreatedDrill, name: string, role = 'commander'): Promise<{ participantId: string; token: string }> {
  return request(`${server.url}/api/drills/${d.id}/participants`, 'POST', { joinCode: d.joinCode, name, role });
}

/** Send a command over HTTP; throws unless it is accepted. */
export function command(server: TestServer, drillId: string, token: string, body: unknown): Promise<{ seq: number }> {
  return request(`${server.url}/api/drills/${drillId}/commands`, 'POST', body, token);
}

export function getDrill<T = Record<string, unknown>>(server: TestServer, drillId: string, token: string): Promise<T> {
  return request(`${server.url}/api/drills/${drillId}`, 'GET', undefined, token);
}

/** The facilitator seat a browser would have saved after starting the drill. */
export function facilitatorSeat(d: CreatedDrill, scenarioTitle?: string): Seat {
  return { drillId: d.id, token: d.facilitatorToken, audience: 'facilitator', name: 'Facilitator', joinCode: d.joinCode, ...(scenarioTitle ? { scenarioTitle } : {}) };
}

/** A fresh browser context at 1280x720 whose localStorage already holds these seats. */
export async function contextWithSeats(browser: Browser, seats: readonly Seat[] = []): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const stored = Object.fromEntries(seats.map((s) => [s.drillId, s]));
  await ctx.addInitScript((v) => { if (!localStorage.getItem('drillhall.seats')) localStorage.setItem('drillhall.seats', v); }, JSON.stringify(stored));
  return ctx;
}

/** Open a hash route of the app; uncaught errors and CSP refusals collect in `errors` for the test to check. */
export async function openApp(ctx: BrowserContext, server: TestServer, hash: string): Promise<{ page: Page; errors: string[] }> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The server's CSP refuses inline styles and scripts; a refusal means something renders wrong.
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text()); });
  await page.goto(`${server.url}/${hash}`);
  return { page, errors };
}

/** Poll until `fn` returns a truthy value (or throw with the last value after `timeoutMs`). */
export async function until<T>(fn: () => Promise<T> | T, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await fn();
      if (last) return last as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await sleep(100);
  }
}

/** Wait for text to show anywhere on the page (shadow DOM included). */
export async function waitForText(page: Page, text: string | RegExp, timeoutMs = 20_000): Promise<void> {
  await page.getByText(text).first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Keep a screenshot as test-artifacts/<name>.png for a human to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Write a file under test-artifacts/ (a bundle for a component test, a log). */
export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

export function writeArtifact(name: string, text: string): string {
  const p = artifactPath(name);
  writeFileSync(p, text);
  return p;
}

/**
 * Bundle a test-only module (a fixture element and what it imports) into one ES file under
 * test-artifacts/, for a page to load with `page.addScriptTag({ path, type: 'module' })`.
 * Fixtures never enter the product bundle.
 */
export async function bundleFixture(entry: string, name: string): Promise<string> {
  const { build } = await import('vite');
  const outDir = join(ARTIFACTS, 'fixtures');
  await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    build: { outDir, emptyOutDir: false, write: true, minify: false, sourcemap: false, target: 'es2022', lib: { entry, formats: ['es'], fileName: () => `${name}.js` } },
  });
  return join(outDir, `${name}.js`);
}
