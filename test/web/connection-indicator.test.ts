/**
 * The connection indicator and the DrillConnection behind it, through a real outage: the
 * server is killed mid-session (SIGKILL, no goodbye), the indicator says reconnecting, the
 * server comes back on the same port and data, and the page returns to live on its own with
 * its model intact: nothing lost, nothing doubled, and the restart's own pause shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { command, contextWithSeats, createDrill, facilitatorSeat, joinDrill, launchBrowser, openApp, screenshot, startServer, until, waitForText, type CreatedDrill, type TestServer } from './browser.js';

let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];
let drill: CreatedDrill;

const status = () => page.locator('dh-connection-indicator').getAttribute('status');
const feedTexts = () => page.locator('dh-event-feed .feed li').allInnerTexts();

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  drill = await createDrill(server);
  await joinDrill(server, drill, 'Ada', 'commander');
  await command(server, drill.id, drill.facilitatorToken, { type: 'start', speed: 30 });
  await command(server, drill.id, drill.facilitatorToken, { type: 'inject_message', from: 'CFO', text: 'Before the outage: how bad is it?' });
  const ctx = await contextWithSeats(browser, [facilitatorSeat(drill)]);
  ({ page, errors } = await openApp(ctx, server, `#/drills/${drill.id}/facilitator`));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('connection indicator', () => {
  it('is live once connected', async () => {
    await until(async () => (await status()) === 'live', 'live');
    await waitForText(page, 'Live');
    await waitForText(page, /Before the outage/);
  });

  it('shows reconnecting when the server dies, and comes back live by itself with the model intact', async () => {
    const before = await feedTexts();
    const people = await page.locator('dh-team-panel .people li').allInnerTexts();
    expect(people).toHaveLength(1);

    await server.stop('SIGKILL');
    await until(async () => (await status()) === 'reconnecting', 'reconnecting');
    await waitForText(page, /Reconnecting/);
    await screenshot(page, 'connection-reconnecting');
    // while offline the controls say so instead of failing silently
    expect(await page.getByRole('button', { name: /Pause/ }).isDisabled()).toBe(true);

    server = await server.restart();
    await until(async () => (await status()) === 'live', 'live again', 30_000);
    // A killed server comes back with the drill paused, and says why.
    await waitForText(page, 'paused the drill (server restarted)');
    const after = await feedTexts();
    for (const line of before) expect(after).toContain(line);
    expect(after.filter((t) => t.includes('Before the outage'))).toHaveLength(1);
    expect(new Set(after).size).toBe(after.length);
    expect(await page.locator('dh-team-panel .people li').allInnerTexts()).toEqual(people);
    expect((await page.locator('dh-clock-panel .phase').innerText()).toLowerCase()).toBe('paused');
    await screenshot(page, 'connection-back');

    // and the console works again: resume over the new connection
    await page.getByRole('button', { name: /Resume/ }).click();
    await until(async () => (await page.locator('dh-clock-panel .phase').innerText()).toLowerCase() === 'running', 'running after resume');
    expect(errors).toEqual([]);
  });
});
