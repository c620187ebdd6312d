/**
 * The home page in a real browser against a real server: the scenario library, starting a
 * drill (which lands on the facilitator console), joining by code, and the drills this
 * browser holds seats in, including one the server no longer has.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contextWithSeats, createDrill, facilitatorSeat, openApp, ROOT, screenshot, serverAndBrowser, until, waitForText } from './browser.js';

const web = serverAndBrowser();

const builtIn = readdirSync(`${ROOT}scenarios`).filter((f) => f.endsWith('.yaml')).length;

describe('home', () => {
  it('lists the built-in scenarios with their details, and filters them', async () => {
    const ctx = await contextWithSeats(web.browser);
    const { page, errors } = await openApp(ctx, web.server, '#/');
    await waitForText(page, 'Checkout slows down on a busy afternoon');
    const cards = page.locator('dh-scenario-library li.card');
    expect(await cards.count()).toBe(builtIn);
    const card = page.locator('li.card[data-scenario="checkout-db-pool"]');
    await expect(card.innerText()).resolves.toMatch(/medium[\s\S]*about 45m of sim time/);
    await card.getByText(/Skills practised/).click();
    await expect(card.locator('.skills li').count()).resolves.toBeGreaterThan(0);
    // The learning objectives name the cause and the fix: the public card never shows them.
    await expect(card.innerText()).resolves.not.toMatch(/connection pool|Prefer reverting/i);
    await screenshot(page, 'home');

    await page.getByLabel('Difficulty').selectOption('hard');
    await until(async () => (await cards.count()) < builtIn, 'the difficulty filter');
    expect(await page.locator('li.card .badge').allInnerTexts()).toEqual(expect.arrayContaining(['hard']));
    expect(new Set(await page.locator('li.card .badge').allInnerTexts())).toEqual(new Set(['hard']));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('searchbox', { name: 'Search' }).fill('checkout afternoon');
    await until(async () => (await cards.count()) >= 1 && (await page.locator('li.card[data-scenario="checkout-db-pool"]').count()) === 1, 'the text filter');
    await page.getByRole('searchbox', { name: 'Search' }).fill('no scenario says this');
    await waitForText(page, 'No scenario matches these filters.');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('starts a drill and lands on its facilitator console', async () => {
    const ctx = await contextWithSeats(web.browser);
    const { page, errors } = await openApp(ctx, web.server, '#/');
    const card = page.locator('li.card[data-scenario="checkout-db-pool"]');
    await card.getByPlaceholder('seed (random)').fill('42');
    await card.getByRole('button', { name: 'Start drill' }).click();
    await page.waitForURL(/#\/drills\/[^/]+\/facilitator$/);
    await waitForText(page, 'Invite the team');
    await waitForText(page, /seed 42/);
    await until(async () => (await page.locator('dh-connection-indicator').getAttribute('status')) === 'live', 'the console to go live');
    const seats = await page.evaluate(() => JSON.parse(localStorage.getItem('drillhall.seats') ?? '{}') as Record<string, { audience: string; scenarioTitle?: string }>);
    expect(Object.values(seats)).toEqual([expect.objectContaining({ audience: 'facilitator', scenarioTitle: 'Checkout slows down on a busy afternoon' })]);
    await page.getByRole('link', { name: 'Home', exact: true }).click();
    await waitForText(page, 'Your drills');
    await waitForText(page, 'Open console');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('joins by pasting a join link, and names drills the server no longer has', async () => {
    const d = await createDrill(web.server);
    const gone = { ...facilitatorSeat({ id: 'no-such-drill', joinCode: 'X', facilitatorToken: 'x'.repeat(43) }), scenarioTitle: 'An old drill' };
    const ctx = await contextWithSeats(web.browser, [gone]);
    const { page, errors } = await openApp(ctx, web.server, '#/');
    await waitForText(page, 'This drill no longer exists on this server');
    await screenshot(page, 'home-gone-drill');
    await page.locator('dh-my-drills li[data-drill="no-such-drill"]').getByRole('button', { name: 'Forget' }).click();
    await waitForText(page, 'No drills yet');

    await page.getByLabel('Join link or drill id').fill(`${web.server.url}/#/join/${d.id}?code=${d.joinCode}`);
    await expect(page.getByLabel('Join code').inputValue()).resolves.toBe(d.joinCode);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(new RegExp(`#/join/${d.id}\\?code=${d.joinCode}$`));
    await waitForText(page, 'Join the drill');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
