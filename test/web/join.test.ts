/**
 * The join page: name, role and code; errors from the server at the field they concern; a
 * joined trainee lands in the room with a trainee seat saved.
 */
import { describe, expect, it } from 'vitest';
import { contextWithSeats, createDrill, facilitatorSeat, joinDrill, openApp, screenshot, serverAndBrowser, waitForText } from './browser.js';

const web = serverAndBrowser();

describe('join page', () => {
  it('shows a wrong code and a taken name inline, then joins and opens the room', async () => {
    const d = await createDrill(web.server);
    await joinDrill(web.server, d, 'Ada', 'commander');
    const ctx = await contextWithSeats(web.browser);
    const { page, errors } = await openApp(ctx, web.server, `#/join/${d.id}?code=WRONG123`);
    await waitForText(page, 'Join the drill');
    for (const role of ['Incident Commander', 'Communications', 'Operations', 'Scribe', 'Observer']) await waitForText(page, role);
    await page.getByLabel('Your name').fill('Ada');
    await page.getByLabel(/Scribe/).check();
    await page.getByRole('button', { name: 'Join the drill' }).click();
    await waitForText(page, "That join code is not this drill's; ask the facilitator for it.");
    await screenshot(page, 'join-bad-code');
    await page.getByLabel('Join code').fill(d.joinCode.toLowerCase());
    await page.getByRole('button', { name: 'Join the drill' }).click();
    await waitForText(page, 'The name "Ada" is taken in this drill; choose another.');
    expect(await page.getByLabel('Your name').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Your name').fill('Bo');
    await page.getByRole('button', { name: 'Join the drill' }).click();
    await page.waitForURL(new RegExp(`#/drills/${d.id}/room$`));
    const seat = await page.evaluate((id) => (JSON.parse(localStorage.getItem('drillhall.seats') ?? '{}') as Record<string, unknown>)[id], d.id);
    expect(seat).toMatchObject({ drillId: d.id, audience: 'trainee', name: 'Bo', role: 'scribe' });
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('says so for a drill that does not exist', async () => {
    const ctx = await contextWithSeats(web.browser);
    const { page } = await openApp(ctx, web.server, '#/join/nope?code=ABCD');
    await page.getByLabel('Your name').fill('Cy');
    await page.getByRole('button', { name: 'Join the drill' }).click();
    await waitForText(page, 'There is no drill "nope" on this server.', 10_000);
    await ctx.close();
  });

  it('will not replace the facilitator seat of this browser', async () => {
    const d = await createDrill(web.server);
    const ctx = await contextWithSeats(web.browser, [facilitatorSeat(d)]);
    const { page } = await openApp(ctx, web.server, `#/join/${d.id}?code=${d.joinCode}`);
    await waitForText(page, 'You run this drill');
    expect(await page.getByRole('button', { name: 'Join the drill' }).count()).toBe(0);
    await ctx.close();
  });
});
