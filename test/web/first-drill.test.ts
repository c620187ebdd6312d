/**
 * A first drill as a new team lead runs it, through the UI alone, in three browsers at 1440x900:
 * the facilitator starts a drill from the scenario library and shares the join link; Ada joins
 * as Incident Commander and Bo as Operations. The facilitator fast-forwards to the first alert
 * (the clock drops to the recommended 1x when it fires); Ada acknowledges everything at once,
 * reads the dashboards (threshold lines, the pool against its maximum, markers in words),
 * declares, pages and rolls the config back; the facilitator ends the drill. The room then leads
 * to the postmortem, Ada submits it and Bo hears so, Bo's report page waits without asking the
 * report route, and opens by itself when the facilitator publishes. Every screen is kept under
 * test-artifacts/first-drill-*.png for a human to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FacilitatorView } from '../../server/drills/visibility.js';
import { getDrill, launchBrowser, openApp, screenshot, startServer, until, waitForText, type TestServer } from './browser.js';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let fac: Page;
let ada: Page;
let bo: Page;
let drillId = '';
let facToken = '';
const errors: Record<string, string[]> = {};
/** Report-route requests from the trainees' browsers, by who sent them. */
const reportAsks: Record<string, string[]> = { Ada: [], Bo: [] };

async function browserFor(who: string, hash: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  contexts.push(ctx);
  const opened = await openApp(ctx, server, hash);
  errors[who] = opened.errors;
  opened.page.on('request', (r) => { if (/\/api\/drills\/[^/]+\/report$/.test(new URL(r.url()).pathname)) reportAsks[who]?.push(r.url()); });
  return opened.page;
}

/** The document itself does not scroll: everything fits, panels scroll inside. */
const overflow = (page: Page) => page.evaluate(() => {
  const d = document.documentElement;
  return { x: d.scrollWidth - d.clientWidth, y: d.scrollHeight - d.clientHeight };
});
const tab = (page: Page, id: string) => page.locator(`dh-room #tab-${id}`).click();
const speed = () => fac.locator('dh-clock-panel .speed').innerText();
const view = () => getDrill<FacilitatorView>(server, drillId, facToken);

async function join(page: Page, name: string, role: RegExp): Promise<void> {
  await waitForText(page, 'Join the drill');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel(role).check();
  await page.getByRole('button', { name: 'Join the drill' }).click();
  await page.waitForURL(new RegExp(`#/drills/${drillId}/room$`));
  await page.locator('dh-room-header').waitFor({ timeout: 30_000 });
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('a first drill, facilitator and two trainees, through the UI alone', () => {
  it('starts from the library and the team joins by the link; joining as Incident Commander makes Ada the IC', async () => {
    fac = await browserFor('facilitator', '#/');
    const card = fac.locator('li.card[data-scenario="checkout-db-pool"]');
    await card.getByPlaceholder('seed (random)').fill('7');
    await screenshot(fac, 'first-drill-01-library');
    await card.getByRole('button', { name: 'Start drill' }).click();
    await fac.waitForURL(/#\/drills\/[^/]+\/facilitator$/);
    drillId = /#\/drills\/([^/]+)\/facilitator$/.exec(fac.url())![1]!;
    await waitForText(fac, 'Invite the team');
    facToken = await fac.evaluate((id) => (JSON.parse(localStorage.getItem('drillhall.seats')!) as Record<string, { token: string }>)[id]!.token, drillId);
    const link = await fac.locator('dh-copy-field').first().evaluate((el) => (el as HTMLElement & { value: string }).value);

    ada = await browserFor('Ada', new URL(link).hash);
    await join(ada, 'Ada', /Incident Commander/);
    bo = await browserFor('Bo', new URL(link).hash);
    await join(bo, 'Bo', /Operations/);
    await until(async () => (await ada.locator('dh-room-header .you .role').innerText()) === 'Incident Commander', 'Ada shown as Incident Commander');
    await until(async () => (await fac.locator('dh-team-panel .people li').count()) === 2, 'the console to list both');
    const v = await view();
    expect(v.journal.filter((e) => e.kind === 'command').map((e) => e.kind === 'command' && `${e.command.type} by ${e.by}`)).toEqual(['assign_role by Ada']);
    await screenshot(ada, 'first-drill-02-room-briefing');
    await screenshot(fac, 'first-drill-03-console-team');
  });

  it('offers 1x, fast-forwards to the first alert and drops back to 1x when it fires', async () => {
    await fac.getByRole('button', { name: 'Start drill at 1x' }).waitFor();
    await fac.getByRole('button', { name: 'Fast-forward to the first alert' }).click();
    await waitForText(fac, 'Fast-forward until an alert fires, then 1x');
    await screenshot(fac, 'first-drill-04-fast-forward');
    await until(async () => (await speed()) === '1x', 'the clock to drop to 1x', 60_000);
    const v = await view();
    const fired = v.events.map((e) => e.event).find((e) => e.type === 'alert_firing') as { t: number; alert: string };
    expect(v.clock).toMatchObject({ speed: 1, phase: 'running' });
    expect(v.journal.find((e) => e.kind === 'control' && e.by === 'Drillhall')).toMatchObject({ t: fired.t, control: { type: 'set_speed', speed: 1 } });
    // The trainees' stream says why the clock slowed.
    const adaToken = await ada.evaluate((id) => (JSON.parse(localStorage.getItem('drillhall.seats')!) as Record<string, { token: string }>)[id]!.token, drillId);
    const seen = await getDrill<{ events: { event: { type: string; by?: string; reason?: string } }[] }>(server, drillId, adaToken);
    expect(seen.events.map((e) => e.event).find((e) => e.type === 'speed_changed')).toMatchObject({ by: 'Drillhall', reason: `${fired.alert} fired: back to 1x` });
  });

  it('acknowledges every firing alert at once, and ? lists the shortcuts', async () => {
    // The rest of the drill at a brisk pace, chosen in the console.
    await fac.getByRole('button', { name: '30x', exact: true }).click();
    await until(async () => (await speed()) === '30x', '30x');
    await tab(ada, 'alerts');
    const loud = ada.locator('dh-alert-inbox li.card.loud');
    await until(async () => (await loud.count()) >= 2, 'two alerts firing', 60_000);
    await fac.getByRole('button', { name: '1x', exact: true }).click();
    await ada.locator('dh-alert-inbox .head button', { hasText: 'Acknowledge all' }).click();
    await until(async () => (await loud.count()) === 0, 'nothing left unacknowledged');
    await screenshot(ada, 'first-drill-05-alerts-acknowledged');
    await bo.locator('dh-room #tab-alerts').focus();
    await bo.keyboard.press('?');
    const dialog = bo.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await screenshot(bo, 'first-drill-06-shortcuts');
    await bo.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await overflow(ada)).toEqual({ x: 0, y: 0 });
    expect(await overflow(bo)).toEqual({ x: 0, y: 0 });
  });

  it('declares, pages, rolls the config back; the dashboards show the threshold, the pool against its maximum and the rollback in words', async () => {
    await ada.locator('dh-incident select').first().selectOption('SEV2');
    await ada.locator('dh-incident input[type=text]').first().fill('Checkout slow and failing');
    await ada.getByRole('button', { name: 'Declare SEV2 incident' }).click();
    await bo.locator('dh-room-header .badge.sev-sev2').waitFor();
    await ada.locator('dh-incident .sections button', { hasText: 'People' }).click();
    await ada.locator('dh-incident-people li.team', { hasText: 'Payments' }).getByRole('button', { name: 'Page' }).click();

    await tab(ada, 'actions');
    const rollback = ada.locator('dh-actions li.card[data-action="rollback-pool-config"]');
    await rollback.getByRole('button', { name: 'Run…' }).click();
    await rollback.getByRole('button', { name: 'Confirm and run' }).click();
    await fac.getByRole('button', { name: '30x', exact: true }).click();
    await rollback.getByText('checkout config reverted', { exact: false }).waitFor({ timeout: 60_000 });
    await screenshot(ada, 'first-drill-07-rolled-back');

    await tab(bo, 'dashboards');
    await bo.locator('dh-dashboards .views button', { hasText: /^checkout$/ }).click();
    const card = (heading: string) => bo.locator('dh-chart-card').filter({ has: bo.locator('.heading', { hasText: new RegExp(`^${heading}$`) }) });
    await until(async () => (await card('p99 latency').count()) === 1, 'the latency chart');
    await until(async () => (await bo.locator('dh-chart-card .overlay', { hasText: 'Loading' }).count()) === 0, 'the charts to load');
    const latency = card('p99 latency');
    expect(await latency.evaluate((el) => (el as HTMLElementTagNameMap['dh-chart-card']).thresholds.map((t) => t.label))).toEqual(['CheckoutHighLatency > 1s']);
    expect(await card('db_pool_connections_in_use vs max').evaluate((el) => (el as HTMLElementTagNameMap['dh-chart-card']).series.map((s) => s.label))).toEqual(['in use', 'max']);
    await until(async () => (await latency.evaluate((el) => (el as HTMLElementTagNameMap['dh-chart-card']).markers.map((m) => m.label))).some((l) => l.startsWith('▶ Roll back checkout config')), 'the rollback marker, in words', 30_000);
    const labels = await latency.evaluate((el) => (el as HTMLElementTagNameMap['dh-chart-card']).markers.map((m) => `${m.label} ${m.detail ?? ''}`));
    expect(labels.join('\n')).not.toMatch(/rollback-pool-config|cfg-pool-size/);
    await screenshot(bo, 'first-drill-08-dashboards');
    expect(await overflow(bo)).toEqual({ x: 0, y: 0 });
  });

  it('ends the drill from the console; the room leads to the postmortem, and Your drills offers it', async () => {
    await fac.getByRole('button', { name: 'End drill…' }).click();
    await fac.getByRole('button', { name: 'End drill', exact: true }).click();
    await waitForText(fac, 'The drill is over.');
    expect(await overflow(fac)).toEqual({ x: 0, y: 0 });
    for (const p of [ada, bo]) {
      await waitForText(p, 'The drill has ended.');
      await waitForText(p, 'The report opens to the team once the facilitator publishes it.');
    }
    expect(await bo.getByRole('link', { name: 'Open the report' }).count()).toBe(0);
    await screenshot(bo, 'first-drill-09-room-ended');

    await bo.getByRole('link', { name: 'Home', exact: true }).click();
    const mine = bo.locator('dh-my-drills li', { hasText: 'Checkout slows down on a busy afternoon' });
    await mine.getByRole('link', { name: 'Postmortem' }).waitFor();
    expect(await mine.getByRole('link', { name: 'Report' }).count()).toBe(0);
    await screenshot(bo, 'first-drill-10-your-drills');
    await mine.getByRole('link', { name: 'Postmortem' }).click();
    await bo.waitForURL(new RegExp(`#/drills/${drillId}/postmortem$`));
    await waitForText(bo, /sections written/);

    await ada.getByRole('link', { name: 'Write the postmortem' }).click();
    await ada.waitForURL(new RegExp(`#/drills/${drillId}/postmortem$`));
    await waitForText(ada, /sections written/);
  });

  it('Ada submits the postmortem and stays on it; Bo hears so at once', async () => {
    const text: Record<string, string> = {
      summary: 'A config change cut the checkout connection pool from 50 to 10; checkout slowed and failed until we rolled it back.',
      root_cause: 'A cost-review config change reduced the checkout connection pool from 50 to 10 connections, so requests queued for a connection.',
      trigger: 'The pool-size config change shortly before the alerts.',
      contributing_factors: '- config changes skip the review deploys get\n- no alert on pool saturation',
      detection: 'CheckoutHighLatency and CheckoutErrorRate fired; we acknowledged both at once.',
      resolution: 'Rolled back the checkout pool config; latency and errors recovered.',
      what_went_well: '- the rollback was quick once the change was found',
      what_went_wrong: '- the config change had no validation step',
      where_we_got_lucky: '- a quiet traffic period',
    };
    for (const [id, v] of Object.entries(text)) await ada.locator(`#f-${id}`).fill(v);
    await ada.locator('#i-duration').fill('about 10 minutes');
    await ada.locator('#i-users').fill('a few thousand checkout requests failed');
    await ada.getByRole('button', { name: /^Submit/ }).click();
    const anyway = ada.getByRole('button', { name: 'Submit anyway' });
    if (await anyway.isVisible().catch(() => false)) await anyway.click();
    await waitForText(ada, /Submitted by you at \d\d:\d\d:\d\d: graded\./);
    expect(ada.url()).toMatch(new RegExp(`#/drills/${drillId}/postmortem$`));
    await screenshot(ada, 'first-drill-11-postmortem-submitted');
    await waitForText(bo, 'Ada submitted the postmortem.');
    await waitForText(bo, /Submitted by Ada at/);
  });

  it("Bo's report page waits without asking the report route, and opens by itself when the facilitator publishes", async () => {
    await bo.getByRole('link', { name: 'wait for it here' }).click();
    await waitForText(bo, 'The report is not published yet');
    await screenshot(bo, 'first-drill-12-report-waiting');
    await bo.waitForTimeout(1000);
    expect(reportAsks.Bo).toEqual([]);

    await fac.getByRole('link', { name: 'Open the report' }).click();
    await fac.getByRole('button', { name: 'Publish to trainees' }).click();
    await waitForText(fac, 'Published: trainees can read the report now.');
    await waitForText(bo, 'The facilitator published the report.', 30_000);
    await bo.locator('dh-phase-card').first().waitFor();
    expect(reportAsks.Bo?.length).toBe(1);
    await screenshot(bo, 'first-drill-13-report-published');

    // Back in the room, the report is one click away.
    await bo.goto(`${server.url}/#/drills/${drillId}/room`);
    await waitForText(bo, 'The facilitator published the report.');
    await bo.getByRole('link', { name: 'Open the report' }).waitFor();
    expect(await overflow(bo)).toEqual({ x: 0, y: 0 });
    await screenshot(bo, 'first-drill-14-room-after-publication');
    expect(errors).toEqual({ facilitator: [], Ada: [], Bo: [] });
  });
});
