/**
 * A trainee with more tabs open than the server allows per token: the extra tab says why it
 * cannot connect, in the server's words, and connects on its own once another tab closes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Seat } from '../../web/lib/session.js';
import { contextWithSeats, createDrill, joinDrill, launchBrowser, openApp, screenshot, startServer, until, waitForText, type TestServer } from './browser.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ env: { DRILLHALL_MAX_CONNECTIONS_PER_TOKEN: '1' } });
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a tab over the connection limit', () => {
  it('shows the refusal, then goes live when the other tab closes', async () => {
    const drill = await createDrill(server);
    const ada = await joinDrill(server, drill, 'Ada', 'commander');
    const seat: Seat = { drillId: drill.id, token: ada.token, audience: 'trainee', name: 'Ada', role: 'commander', joinCode: drill.joinCode };
    const ctx = await contextWithSeats(browser, [seat]);
    const first = await openApp(ctx, server, `#/drills/${drill.id}/room`);
    const indicator = (p: typeof first.page) => p.locator('dh-connection-indicator').getAttribute('status');
    await until(async () => (await indicator(first.page)) === 'live', 'the first tab to go live');

    const second = await openApp(ctx, server, `#/drills/${drill.id}/room`);
    await waitForText(second.page, 'The server refused the connection: Ada already has 1 live connection to this drill (the limit is 1 per token); close another tab');
    expect(await indicator(second.page)).not.toBe('live');
    await screenshot(second.page, 'room-refused-connection');

    await first.page.close();
    await until(async () => (await indicator(second.page)) === 'live', 'the second tab to go live once the first closed', 30_000);
    expect(await second.page.locator('body').innerText()).not.toContain('refused the connection');
    expect([...first.errors, ...second.errors]).toEqual([]);
    await ctx.close();
  }, 90_000);
});
