/**
 * A trainee with more tabs open than the server allows per token: the extra tab says why it
 * cannot connect, in the server's words, and connects on its own once another tab closes.
 */
import { describe, expect, it } from 'vitest';
import type { Seat } from '../../web/lib/session.js';
import { contextWithSeats, createDrill, joinDrill, openApp, screenshot, serverAndBrowser, until, waitForText } from './browser.js';

const web = serverAndBrowser({ env: { DRILLHALL_MAX_CONNECTIONS_PER_TOKEN: '1' } });

describe('a tab over the connection limit', () => {
  it('shows the refusal, then goes live when the other tab closes', async () => {
    const drill = await createDrill(web.server);
    const ada = await joinDrill(web.server, drill, 'Ada', 'commander');
    const seat: Seat = { drillId: drill.id, token: ada.token, audience: 'trainee', name: 'Ada', role: 'commander', joinCode: drill.joinCode };
    const ctx = await contextWithSeats(web.browser, [seat]);
    const first = await openApp(ctx, web.server, `#/drills/${drill.id}/room`);
    const indicator = (p: typeof first.page) => p.locator('dh-connection-indicator').getAttribute('status');
    await until(async () => (await indicator(first.page)) === 'live', 'the first tab to go live');

    const second = await openApp(ctx, web.server, `#/drills/${drill.id}/room`);
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
