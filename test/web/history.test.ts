/**
 * The team history page in a real browser against the real server: phase scores across drills,
 * each participant's progress, the action items carried from drill to drill (marked done here
 * and kept), the link from the report, and what a browser without the team's facilitator seat
 * is told.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { contextWithSeats, createDrill, facilitatorSeat, launchBrowser, openApp, screenshot, startServer, until, waitForText, type CreatedDrill, type TestServer } from './browser.js';
import { GOOD_POSTMORTEM, playDrill, submitPostmortem, type PlayedDrill } from './review-helpers.js';

let server: TestServer;
let browser: Browser;
let first: PlayedDrill;
let second: PlayedDrill;
let other: CreatedDrill;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  [first, second] = await Promise.all([
    playDrill(server, { team: 'hist-team', endAt: 900 }),
    playDrill(server, { team: 'hist-team', endAt: 1000, seed: '9' }),
  ]);
  await submitPostmortem(server, first.drill, first.trainee.token, GOOD_POSTMORTEM);
  other = await createDrill(server);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function items(): Promise<{ title: string; status: string }[]> {
  const res = await fetch(`${server.url}/api/teams/hist-team/history`, { headers: { Authorization: `Bearer ${second.drill.facilitatorToken}` } });
  return (await res.json() as { actionItems: { title: string; status: string }[] }).actionItems;
}

describe('team history', () => {
  it('shows phase scores across drills, progress per participant and the carried action items', async () => {
    // Seats saved before drills knew their team: the page finds the one that opens the history,
    // skipping a seat of a drill that is not the team's.
    const ctx = await contextWithSeats(browser, [facilitatorSeat(other), facilitatorSeat(first.drill)]);
    const { page, errors } = await openApp(ctx, server, '#/teams/hist-team');
    await waitForText(page, 'Score by phase across drills');
    await waitForText(page, /^2 drills from/);
    expect((await page.locator('dh-history header p').innerText()).replace(/\s+/g, ' ')).toMatch(/^2 drills from .* · 1 participant · 1 open action item$/);
    expect(await page.locator('dh-history-chart canvas').count()).toBe(1);
    const rows = page.locator('table.drills tbody tr');
    expect(await rows.count()).toBe(2);
    // The two drills are played at once, so either may be the older: one has a postmortem, one does not.
    expect(await page.locator('table.drills tbody tr', { hasText: 'pending' }).count()).toBe(1);
    expect(await page.locator('dh-participant-progress tbody th').first().innerText()).toMatch(/^Ada\s+2 drills$/);
    await waitForText(page, 'Add an alert on db_pool_pending_threads above 5 for 2m');
    await screenshot(page, 'history');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('marks an action item done, and it stays done', async () => {
    const ctx = await contextWithSeats(browser, [{ ...facilitatorSeat(second.drill), team: 'hist-team' }]);
    const { page } = await openApp(ctx, server, '#/teams/hist-team');
    const box = page.getByRole('checkbox', { name: /Mark “Add an alert on db_pool_pending_threads above 5 for 2m” done/ });
    await box.check();
    await until(async () => (await items())[0]?.status === 'done', 'the item is done on the server');
    await waitForText(page, /0 open of 1/);
    await page.reload();
    await waitForText(page, /^1 drill|^2 drills/);
    expect((await page.locator('dh-history header p').innerText()).replace(/\s+/g, ' ')).toMatch(/· 0 open action items$/);
    expect(await page.getByRole('checkbox', { name: /open again/ }).isChecked()).toBe(true);
    await ctx.close();
  });

  it('is linked from the report page', async () => {
    const ctx = await contextWithSeats(browser, [facilitatorSeat(first.drill)]);
    const { page } = await openApp(ctx, server, `#/drills/${first.drill.id}/report`);
    await page.getByRole('link', { name: 'Team history' }).click();
    await until(() => page.url().endsWith('#/teams/hist-team'), 'the team route');
    await waitForText(page, 'Score by phase across drills');
    await ctx.close();
  });

  it('tells a browser without the team\'s facilitator seat where it opens', async () => {
    const ctx = await contextWithSeats(browser, [{ drillId: first.drill.id, token: first.trainee.token, audience: 'trainee', name: 'Ada', role: 'commander' }, facilitatorSeat(other)]);
    const { page } = await openApp(ctx, server, '#/teams/hist-team');
    await waitForText(page, "This history opens for the team's facilitator");
    await ctx.close();
  });
});
