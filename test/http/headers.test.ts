/**
 * Security headers on every HTTP response (API, errors, the fallback page, the built web app's
 * files), none on the WebSocket upgrade; and, in a real browser when one is installed, a page
 * like the web app's working under the policy while inline script is blocked.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../server/node/serve.js';
import { DrillService } from '../../server/drills/service.js';
import { createApp } from '../../server/http/app.js';
import { cspHash } from '../../server/http/headers.js';
import { HOME_STYLE } from '../../server/http/home.js';
import { openMemoryStore } from '../../server/store/lowdb.js';
import { call, catalog, FakeClock, harness, setupDrill } from '../drills/support.js';

const INLINE_STYLE = 'html, body { margin: 0; background: rgb(13, 17, 23); }';

/** A stand-in for dist/web: inline style and a data: favicon as web/index.html has, a module script. */
function webRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'dh-web-'));
  writeFileSync(join(root, 'index.html'), `<!doctype html><html><head><title>app</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E">
<style>${INLINE_STYLE}</style>
<script type="module" src="/app.js"></script>
<script>window.inlineRan = true;</script>
</head><body><dh-app></dh-app><p id="attr" style="color: rgb(255, 0, 0)">x</p></body></html>`);
  // What Lit does with `static styles`: a constructable stylesheet adopted by a shadow root.
  writeFileSync(join(root, 'app.js'), `
    class DhApp extends HTMLElement {
      connectedCallback() {
        const root = this.attachShadow({ mode: 'open' });
        const sheet = new CSSStyleSheet();
        sheet.replaceSync('p { color: rgb(0, 128, 0); }');
        root.adoptedStyleSheets = [sheet];
        root.innerHTML = '<p>rendered</p>';
        this.style.display = 'block'; // CSSOM, as Chart.js sizes its canvas
      }
    }
    customElements.define('dh-app', DhApp);
    window.moduleRan = true;`);
  return root;
}

const EXPECTED = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function expectSecure(res: Response): string {
  for (const [name, value] of Object.entries(EXPECTED)) expect(res.headers.get(name), name).toBe(value);
  expect(res.headers.get('x-powered-by')).toBeNull();
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self';");
  expect(csp).toMatch(/style-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/);
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  return csp;
}

describe('security headers', () => {
  it('are on API answers, errors of every kind, /healthz and the fallback page; API answers are never cached', async () => {
    const { app } = await harness();
    const d = await setupDrill(app);
    const responses = [
      await app.request('/api/scenarios'),
      await app.request(`/api/drills/${d.id}`, { headers: { Authorization: `Bearer ${d.facilitator}` } }),
      await app.request('/api/drills', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' }),
      await app.request('/api/drills', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ scenarioId: 'x'.repeat(70_000) }) }),
      await app.request('/api/nothing'),
      await app.request(`/api/drills/${d.id}`),
      await app.request(`/api/drills/${d.id}/live?token=${d.facilitator}`),
      await app.request('/healthz'),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 400, 413, 404, 401, 426, 200]);
    for (const r of responses) {
      expectSecure(r);
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
    const home = await app.request('/');
    expect(home.status).toBe(200);
    // The fallback page's one inline style is allowed by its hash.
    expect(expectSecure(home)).toContain(cspHash(HOME_STYLE));
    expect(await home.text()).toContain(`<style>${HOME_STYLE}</style>`);
    expectSecure(await app.request('/no-such-page'));
  });

  it('are on the built web app, whose inline <style> is allowed by hash and nothing else inline', async () => {
    const root = webRoot();
    const service = await DrillService.open({ store: await openMemoryStore(), catalog, now: new FakeClock().now });
    const app = createApp({ service, webRoot: root });
    for (const path of ['/', '/app.js', '/drills/abc']) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      const csp = expectSecure(res);
      expect(csp).toContain(cspHash(INLINE_STYLE));
      expect(csp).not.toContain(cspHash('window.inlineRan = true;'));
    }
  });
});

describe('the WebSocket upgrade', () => {
  let server: RunningServer | undefined;
  afterAll(async () => { await server?.close(); });

  it('gets none of them (header-changing middleware stays off the upgrade)', async () => {
    server = await startServer({ port: 0, hostname: '127.0.0.1', store: await openMemoryStore(), catalog, tickMs: 0, hub: { heartbeatMs: 0 }, webRoot: '/nonexistent' });
    const created = await (await fetch(`${server.url}/api/drills`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ scenarioId: 'checkout-db-pool' }) })).json() as any;
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/drills/${created.id}/live?token=${created.facilitatorToken}`);
    const headers = await new Promise<Record<string, string | string[] | undefined>>((res, rej) => { ws.once('upgrade', (r) => res(r.headers)); ws.once('error', rej); });
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['x-frame-options']).toBeUndefined();
    ws.terminate();
    // A plain GET of the same route is an ordinary HTTP answer, and has them.
    expectSecure(await fetch(`${server.url}/api/drills/${created.id}/live?token=${created.facilitatorToken}`));
  });
});

/** A Chromium to drive, if this machine has one (CHROMIUM_PATH, or the usual places). */
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => p && existsSync(p));

describe.skipIf(!CHROMIUM)('in a real browser', () => {
  it('renders a page like the web app (inline style by hash, adopted stylesheets, data: icon) and blocks inline script and style attributes', async () => {
    const { chromium } = await import('playwright-core');
    const root = webRoot();
    const server = await startServer({ port: 0, hostname: '127.0.0.1', store: await openMemoryStore(), catalog, tickMs: 0, hub: { heartbeatMs: 0 }, webRoot: root });
    const browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      await page.exposeFunction('reportViolation', (v: string) => { violations.push(v); });
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => (window as any).reportViolation(`${e.effectiveDirective} ${e.blockedURI}`));
      });
      await page.goto(`${server.url}/`, { waitUntil: 'load' });
      await page.waitForFunction(() => (window as any).moduleRan === true);
      const seen = await page.evaluate(() => ({
        inlineRan: (window as any).inlineRan === true,
        background: getComputedStyle(document.body).backgroundColor,
        shadowColor: getComputedStyle(document.querySelector('dh-app')!.shadowRoot!.querySelector('p')!).color,
        attrColor: getComputedStyle(document.getElementById('attr')!).color,
      }));
      expect(seen).toEqual({ inlineRan: false, background: 'rgb(13, 17, 23)', shadowColor: 'rgb(0, 128, 0)', attrColor: 'rgb(0, 0, 0)' });
      await page.waitForTimeout(100);
      expect(violations.sort()).toEqual(['script-src-elem inline', 'style-src-attr inline']);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
