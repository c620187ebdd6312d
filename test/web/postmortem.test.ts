/**
 * The postmortem editor in a real browser against the real server: a draft saves itself after a
 * pause in typing and comes back on reload, another editor's save shows up with their name,
 * submitting names the section with a problem and sends nothing, a complete postmortem is
 * graded and confirmed on the page to the submitter and to the rest of the team (the report waits
 * for publication without asking the report route), and Submit stays closed until the drill has ended.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Seat } from '../../web/lib/session.js';
import { command, contextWithSeats, joinDrill, launchBrowser, openApp, screenshot, startServer, until, waitForText, type TestServer } from './browser.js';
import { createTeamDrill, playDrill, type PlayedDrill } from './review-helpers.js';

let server: TestServer;
let browser: Browser;
let played: PlayedDrill;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  played = await playDrill(server, { team: 'pm-team', endAt: 900 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const seat = (): Seat => ({ drillId: played.drill.id, token: played.trainee.token, audience: 'trainee', name: 'Ada', role: 'commander' });

async function api<T>(path: string, token: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  expect(res.ok, `${path}: ${res.status}`).toBe(true);
  return await res.json() as T;
}

async function openEditor(): Promise<{ page: Page; errors: string[] }> {
  const ctx = await contextWithSeats(browser, [seat()]);
  const r = await openApp(ctx, server, `#/drills/${played.drill.id}/postmortem`);
  await waitForText(r.page, /sections written/);
  return r;
}

describe('postmortem editor', () => {
  it('saves the draft after a pause in typing, says so, and restores it on reload', async () => {
    const { page, errors } = await openEditor();
    // The timeline starts from the drill's own log.
    await expect.poll(() => page.locator('dh-pm-timeline li').count()).toBeGreaterThan(3);
    const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith(`/api/drills/${played.drill.id}/postmortem`));
    await page.locator('#f-summary').fill('A config change cut the checkout connection pool from 50 to 10.');
    const body = (await put).postDataJSON() as { draft: { summary: string } };
    expect(body.draft.summary).toBe('A config change cut the checkout connection pool from 50 to 10.');
    await waitForText(page, /^Saved at \d\d:\d\d:\d\d$/);

    await page.locator('#f-contributing_factors').fill('- config changes skip review\n- no pool alert');
    await page.getByRole('button', { name: '+ Add action item' }).click();
    await page.getByLabel('Action item 1: what will change').fill('Alert on db_pool_pending_threads above 5 for 2m');
    await page.getByLabel('Action item 1 priority').selectOption('P1');
    await until(async () => (await api<{ draft: { action_items?: { priority?: string }[] } }>(`/api/drills/${played.drill.id}/postmortem`, played.trainee.token)).draft.action_items?.[0]?.priority === 'P1', 'the action item saved');
    await waitForText(page, /^Saved at/);
    await screenshot(page, 'postmortem-saved');

    await page.reload();
    await waitForText(page, /sections written/);
    expect(await page.locator('#f-summary').inputValue()).toBe('A config change cut the checkout connection pool from 50 to 10.');
    expect(await page.locator('#f-contributing_factors').inputValue()).toBe('- config changes skip review\n- no pool alert');
    expect(await page.getByLabel('Action item 1: what will change').inputValue()).toBe('Alert on db_pool_pending_threads above 5 for 2m');
    expect(await page.getByLabel('Action item 1 priority').inputValue()).toBe('P1');
    await waitForText(page, /^Saved at \d\d:\d\d:\d\d$/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows another editor\'s save with their name (last write wins)', async () => {
    const { page } = await openEditor();
    const st = await api<{ draft: Record<string, unknown> }>(`/api/drills/${played.drill.id}/postmortem`, played.drill.facilitatorToken);
    await api(`/api/drills/${played.drill.id}/postmortem`, played.drill.facilitatorToken, { method: 'PUT', body: { draft: { ...st.draft, trigger: 'The pool-size config change at T+00:04:00.' } } });
    await waitForText(page, /Showing Facilitator's save from/, 30_000);
    await waitForText(page, /^Saved at \d\d:\d\d:\d\d by Facilitator$/);
    expect(await page.locator('#f-trigger').inputValue()).toBe('The pool-size config change at T+00:04:00.');
    await page.context().close();
  });

  it('names the section with a problem and sends nothing; then grades a complete postmortem and tells the submitter and the team', async () => {
    const { page, errors } = await openEditor();
    const submits: string[] = [];
    page.on('request', (r) => { if (r.url().endsWith('/postmortem/submit')) submits.push(r.method()); });
    // The facilitator has the same postmortem open in another browser.
    const fctx = await contextWithSeats(browser, [{ drillId: played.drill.id, token: played.drill.facilitatorToken, audience: 'facilitator', name: 'Facilitator' }]);
    const other = await openApp(fctx, server, `#/drills/${played.drill.id}/postmortem`);
    await waitForText(other.page, /sections written/);

    await page.locator('dh-pm-timeline input.mono').first().fill('T+ab');
    await page.getByRole('button', { name: /^Submit/ }).click();
    await waitForText(page, 'Entry 1: "T+ab" is not a drill time; write it as 00:12:30 (hours:minutes:seconds).');
    await waitForText(page, /Fix the problem marked above \(Timeline\)/);
    await screenshot(page, 'postmortem-problem');
    expect(submits).toEqual([]);

    await page.locator('dh-pm-timeline input.mono').first().fill('00:04:00');
    const text: Record<string, string> = {
      summary: 'A config change cut the checkout connection pool from 50 to 10; checkout slowed and failed until it was rolled back.',
      root_cause: 'The cost-review config change reduced the checkout connection pool size from 50 to 10.',
      trigger: 'The config change to the pool size at T+00:04:00.',
      contributing_factors: '- config changes skip the review deploys get\n- no alert on pool saturation',
      detection: 'CheckoutHighLatency fired and was acknowledged within a few minutes.',
      resolution: 'Rolled back the pool config; latency and errors recovered.',
      what_went_well: '- paging payments brought the right people quickly',
      what_went_wrong: '- the config change had no validation step',
      where_we_got_lucky: '- it happened in a quiet traffic period',
    };
    for (const [id, v] of Object.entries(text)) await page.locator(`#f-${id}`).fill(v);
    await page.locator('#i-duration').fill('about 10 minutes');
    await page.locator('#i-users').fill('about 3,000 checkout requests failed');
    await page.getByLabel('Action item 1 owner').fill('payments');
    await page.getByLabel('Action item 1 type').selectOption('detection');
    await page.getByLabel('Action item 1 due date').fill('2w');
    await waitForText(page, /12\s*of 12 sections written/);
    await page.getByRole('button', { name: /^Submit/ }).click();
    // The submitter stays on the page with a confirmation; the report waits for the facilitator.
    await waitForText(page, /^Submitted and graded\. The team sees the report once the facilitator publishes it\.$/);
    await waitForText(page, /Submitted by you at \d\d:\d\d:\d\d: graded\./);
    await waitForText(page, /The report opens for the team when the facilitator publishes it/);
    expect(page.url()).toMatch(new RegExp(`#/drills/${played.drill.id}/postmortem$`));
    expect(await page.getByRole('button', { name: 'Submit again' }).count()).toBe(1);
    await screenshot(page, 'postmortem-submitted');
    expect(submits).toEqual(['POST']);
    // The rest of the team hears of it, live.
    await waitForText(other.page, 'Ada submitted the postmortem.');
    await waitForText(other.page, /Submitted by Ada at/);
    await waitForText(other.page, 'Open the report');
    await fctx.close();

    // The waiting page does not ask the report route (a 403 in the console) before publication.
    const reportAsks: string[] = [];
    page.on('request', (r) => { if (r.url().endsWith(`/api/drills/${played.drill.id}/report`)) reportAsks.push(r.url()); });
    await page.getByRole('link', { name: 'wait for it here' }).click();
    await waitForText(page, 'The report is not published yet');
    await page.waitForTimeout(500);
    expect(reportAsks).toEqual([]);
    const st = await api<{ submitted: { by: string; postmortem: { summary: string; action_items: unknown[] } } }>(`/api/drills/${played.drill.id}/postmortem`, played.trainee.token);
    expect(st.submitted.by).toBe('Ada');
    expect(st.submitted.postmortem.summary).toBe(text.summary);
    expect(st.submitted.postmortem.action_items).toEqual([{ title: 'Alert on db_pool_pending_threads above 5 for 2m', owner: 'payments', priority: 'P1', type: 'detection', due: '2w' }]);

    // Back in the editor, the submission is on show.
    await page.goto(`${server.url}/#/drills/${played.drill.id}/postmortem`);
    await waitForText(page, /Submitted by you at/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('asks before submitting empty sections', async () => {
    const d = await playDrill(server, { team: 'pm-team', endAt: 700 });
    const ctx = await contextWithSeats(browser, [{ drillId: d.drill.id, token: d.trainee.token, audience: 'trainee', name: 'Ada', role: 'commander' }]);
    const { page } = await openApp(ctx, server, `#/drills/${d.drill.id}/postmortem`);
    await waitForText(page, /sections written/);
    // This team's earlier drill left an open action item: it is shown here.
    await waitForText(page, 'Open action items from earlier drills');
    await page.locator('#f-summary').fill('Short summary of the incident for the test.');
    await page.getByRole('button', { name: /^Submit/ }).click();
    await waitForText(page, /10 sections are empty/);
    await screenshot(page, 'postmortem-confirm');
    await page.getByRole('button', { name: 'Keep writing' }).click();
    await expect.poll(() => page.getByText(/sections are empty/).count()).toBe(0);
    await ctx.close();
  });

  it('keeps Submit closed until the facilitator ends the drill, and opens it live', async () => {
    const d = await createTeamDrill(server, 'pm-team');
    const t = await joinDrill(server, d, 'Lin', 'scribe');
    const ctx = await contextWithSeats(browser, [{ drillId: d.id, token: t.token, audience: 'trainee', name: 'Lin', role: 'scribe' }]);
    const { page } = await openApp(ctx, server, `#/drills/${d.id}/postmortem`);
    await waitForText(page, 'Submit opens when the facilitator ends the drill. Drafts save meanwhile.');
    const submit = page.getByRole('button', { name: /^Submit/ });
    expect(await submit.isDisabled()).toBe(true);
    await command(server, d.id, d.facilitatorToken, { type: 'start', speed: 60 });
    await command(server, d.id, d.facilitatorToken, { type: 'end' });
    await until(async () => !(await submit.isDisabled()), 'Submit enabled once the drill ended');
    await ctx.close();
  });
});
