/**
 * The report page in a real browser against the real server: the facilitator overrides an item
 * with a reason and sees the scorer's points beside the override; publishing opens the report
 * on a trainee's waiting page without a reload; the exports download with the token; the
 * alert-tuning lab backtests a changed rule and shows a PromQL error where it is.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { contextWithSeats, facilitatorSeat, launchBrowser, openApp, screenshot, startServer, until, waitForText, type TestServer } from './browser.js';
import { GOOD_POSTMORTEM, playDrill, submitPostmortem, type PlayedDrill } from './review-helpers.js';

let server: TestServer;
let browser: Browser;
let played: PlayedDrill;
let fctx: BrowserContext;
let fac: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Ada joins as operations and runs the incident as commander without the role set in the tool:
  // the item the facilitator overrides below.
  played = await playDrill(server, { team: 'report-team', endAt: 900, role: 'operations' });
  await submitPostmortem(server, played.drill, played.trainee.token, GOOD_POSTMORTEM);
  fctx = await contextWithSeats(browser, [facilitatorSeat(played.drill)]);
  const r = await openApp(fctx, server, `#/drills/${played.drill.id}/report`);
  fac = r.page;
  errors.push(...r.errors);
  fac.on('pageerror', (e) => errors.push(e.message));
  await waitForText(fac, 'Score by phase');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Item { id: string; earned: number; original?: number; override?: { earned: number; reason: string; by: string }; comments?: { text: string }[] }
async function reportItem(id: string): Promise<Item> {
  const res = await fetch(`${server.url}/api/drills/${played.drill.id}/report`, { headers: { Authorization: `Bearer ${played.drill.facilitatorToken}` } });
  const body = await res.json() as { report: { phases: { items: Item[] }[] } };
  return body.report.phases.flatMap((p) => p.items).find((i) => i.id === id)!;
}

describe('report page', () => {
  it('shows the total, every phase and the drill on charts with markers', async () => {
    await waitForText(fac, /Service restored: \d+% of the impact removed, [\d.]+ of the 40 points it carries\. The 9 scored phases earned [\d.]+ of 100 points/);
    expect(await fac.locator('dh-phase-card').count()).toBe(9);
    expect(await fac.locator('dh-report-chart').count()).toBe(3);
    await waitForText(fac, 'Request rate');
    await waitForText(fac, /Markers in words \(\d+\)/);
    await until(async () => (await fac.getByText('Loading…').count()) === 0, 'charts loaded');
    await screenshot(fac, 'report-facilitator');
  });

  it('lets the facilitator override an item with a reason, keeping the scorer\'s points beside it', async () => {
    const item = fac.locator('dh-score-item').filter({ hasText: 'Incident commander named' });
    await item.scrollIntoViewIfNeeded();
    await item.getByRole('button', { name: 'Comment or override…' }).click();
    await item.getByLabel(/^Comment/).fill('Ada ran the incident as commander; the role just was not set in the tool.');
    await item.getByLabel('Override the points').check();
    await item.getByLabel(/^Points/).fill('1.5');
    await item.getByRole('button', { name: 'Save review' }).click();
    await waitForText(fac, "Give a reason for the override: it is shown beside the scorer's points.");
    await item.getByLabel(/^Reason/).fill('Ada acted as incident commander throughout');
    await item.getByRole('button', { name: 'Save review' }).click();

    await waitForText(fac, '“Ada acted as incident commander throughout”');
    const override = item.getByRole('group', { name: 'Score changed by a reviewer' });
    await expect.poll(() => override.innerText()).toMatch(/Scorer\s+0\s+→\s+Reviewer\s+1\.5/i);
    await waitForText(fac, 'Ada ran the incident as commander; the role just was not set in the tool.');
    await waitForText(fac, /1 item reviewed/);
    const saved = await reportItem('escalation.commander');
    expect(saved).toMatchObject({ earned: 1.5, original: 0, override: { earned: 1.5, reason: 'Ada acted as incident commander throughout', by: 'Facilitator' } });
    expect(saved.comments?.[0]?.text).toBe('Ada ran the incident as commander; the role just was not set in the tool.');
    await item.screenshot({ path: (await screenshot(fac, 'report-override')).replace('.png', '-item.png') });
  });

  it('opens the report on a waiting trainee page as soon as the facilitator publishes', async () => {
    const tctx = await contextWithSeats(browser, [{ drillId: played.drill.id, token: played.trainee.token, audience: 'trainee', name: 'Ada', role: 'operations' }]);
    const t = await openApp(tctx, server, `#/drills/${played.drill.id}/report`);
    await waitForText(t.page, 'The report is not published yet');
    await screenshot(t.page, 'report-not-published');

    await fac.evaluate(() => window.scrollTo(0, 0));
    await fac.getByRole('button', { name: 'Publish to trainees' }).click();
    await waitForText(fac, 'trainees can read it');

    await waitForText(t.page, 'Score by phase', 30_000);
    await waitForText(t.page, '“Ada acted as incident commander throughout”');
    // Trainees read; they do not review.
    expect(await t.page.getByRole('button', { name: 'Comment or override…' }).count()).toBe(0);
    expect(await t.page.getByRole('button', { name: 'Publish to trainees' }).count()).toBe(0);
    await screenshot(t.page, 'report-trainee');
    expect(t.errors).toEqual([]);
    await tctx.close();
  });

  it('downloads postmortem.md and report.json with the token', async () => {
    const md = fac.waitForEvent('download');
    await fac.getByRole('button', { name: 'Download postmortem.md' }).click();
    const mdFile = await md;
    expect(mdFile.suggestedFilename()).toBe(`${played.drill.id}-postmortem.md`);
    expect(readFileSync((await mdFile.path())!, 'utf8')).toMatch(/^# Postmortem: /);

    const js = fac.waitForEvent('download');
    await fac.getByRole('button', { name: 'Download report.json' }).click();
    const jsFile = await js;
    expect(jsFile.suggestedFilename()).toBe(`${played.drill.id}-report.json`);
    expect(JSON.parse(readFileSync((await jsFile.path())!, 'utf8'))).toMatchObject({ format: 'drillhall.report/1' });
  });

  it('backtests a changed alert rule against the drill and a healthy baseline, and shows PromQL errors in place', async () => {
    const lab = fac.locator('dh-alert-lab');
    await lab.scrollIntoViewIfNeeded();
    await lab.getByLabel('for').fill('30s');
    await lab.getByRole('button', { name: 'Run backtest' }).click();
    await waitForText(fac, 'In this drill', 90_000);
    await waitForText(fac, /Original CheckoutHighLatency/);
    await waitForText(fac, /than the original|same time as the original|would not have fired|where the original never fired/);
    expect(await lab.getByRole('img', { name: /^Your rule: fired T\+/ }).count()).toBe(1);

    await lab.getByLabel('Expression (PromQL)').fill('rate(http_requests_total{service="checkout"[5m]) > 1');
    await lab.getByRole('button', { name: 'Run backtest' }).click();
    const err = lab.locator('#lab-err');
    await err.waitFor();
    expect(await err.innerText()).toMatch(/unexpected/i);
    expect(await lab.locator('#lab-err mark').innerText()).toBe('[');
    await waitForText(fac, /Results of the last run, before your latest edits/);
    await lab.screenshot({ path: (await screenshot(fac, 'report-alert-lab')).replace('.png', '-panel.png') });
    expect(errors).toEqual([]);
  });
});
