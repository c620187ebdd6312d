/**
 * The built web app as the server sends it: hashed assets precompressed (brotli or gzip, as the
 * browser asks) and cached for a year as immutable; the page itself revalidated every time.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { precompress } from '../../server/cli/build.js';
import { DrillService } from '../../server/drills/service.js';
import { createApp } from '../../server/http/app.js';
import { openMemoryStore } from '../../server/store/lowdb.js';
import { catalog, FakeClock } from '../drills/support.js';

const SCRIPT = `export const app = ${JSON.stringify('drill room '.repeat(400))};\n`;

async function app() {
  const root = mkdtempSync(join(tmpdir(), 'dh-static-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body></body></html>');
  writeFileSync(join(root, 'assets', 'index-Ab12Cd34.js'), SCRIPT);
  expect(precompress(root)).toBe(2);
  const service = await DrillService.open({ store: await openMemoryStore(), catalog, now: new FakeClock().now });
  return createApp({ service, webRoot: root });
}

describe('the built web app', () => {
  it('sends hashed JavaScript precompressed, brotli first, and cached for a year as immutable', async () => {
    const a = await app();
    const br = await a.request('/assets/index-Ab12Cd34.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    const body = Buffer.from(await br.arrayBuffer());
    expect(body.length).toBeLessThan(SCRIPT.length / 10);
    expect(brotliDecompressSync(body).toString()).toBe(SCRIPT);

    const gz = await a.request('/assets/index-Ab12Cd34.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(SCRIPT);

    const plain = await a.request('/assets/index-Ab12Cd34.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(SCRIPT);
  });

  it('revalidates the page itself, and leaves the API alone', async () => {
    const a = await app();
    const page = await a.request('/', { headers: { 'Accept-Encoding': 'br' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-encoding')).toBe('br');
    const route = await a.request('/drills/abc/room');
    expect(route.headers.get('cache-control')).toBe('no-cache');
    const api = await a.request('/api/scenarios');
    expect(api.headers.get('cache-control')).not.toBe('public, max-age=31536000, immutable');
  });
});
