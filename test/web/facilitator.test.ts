/**
 * The facilitator console in a real browser against a real server: the join link and code,
 * trainees appearing as they join, the clock controls, injects reaching the feed, the answer
 * key moving when the team acts, and ending the drill.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { command, contextWithSeats, createDrill, facilitatorSeat, getDrill, joinDrill, launchBrowser, openApp, screenshot, startServer, until, waitForText, type CreatedDrill, type TestServer } from './browser.js';

let server: TestServer;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
let errors: string[];
let drill: CreatedDrill;
let ada: { token: string };

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  drill = await createDrill(server, 'checkout-db-pool', '7');
  ctx = await contextWithSeats(browser, [facilitatorSeat(drill)]);
  ({ page, errors } = await openApp(ctx, server, `#/drills/${drill.id}/facilitator`));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The big clock, in sim seconds. */
async function shownTime(): Promise<number> {
  const text = await page.locator('dh-clock-panel .time').innerText();
  const m = /T\+(\d+):(\d\d):(\d\d)/.exec(text);
  if (!m) throw new Error(`clock shows "${text}"`);
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

const phaseText = () => page.locator('dh-clock-panel .phase').innerText();
const speedText = () => page.locator('dh-clock-panel .speed').innerText();

describe('facilitator console', () => {
  it('shows the join link and code to share', async () => {
    await waitForText(page, 'Invite the team');
    await until(async () => (await page.locator('dh-connection-indicator').getAttribute('status')) === 'live', 'the connection to go live');
    const link = await page.locator('dh-copy-field').first().evaluate((el) => (el as HTMLElement & { value: string }).value);
    expect(link).toBe(`${server.url}/#/join/${drill.id}?code=${drill.joinCode}`);
    const code = await page.locator('dh-copy-field[big] input').inputValue();
    expect(code).toBe(drill.joinCode);
    await waitForText(page, 'Nobody has joined yet.');
    await waitForText(page, 'NOT STARTED');
    await page.getByText(/Learning objectives \(\d+, facilitator only\)/).click();
    await waitForText(page, 'Tell a symptom (latency, errors) from its cause (connection pool exhaustion)');
    await screenshot(page, 'facilitator-created');
  });

  it('shows a trainee as soon as they join', async () => {
    ada = await joinDrill(server, drill, 'Ada', 'commander');
    await joinDrill(server, drill, 'Bo', 'observer');
    const people = page.locator('dh-team-panel .people li');
    await until(async () => (await people.count()) === 2, 'two participants');
    expect(await people.first().innerText()).toMatch(/Ada\s+Incident Commander/);
    expect(await people.nth(1).innerText()).toMatch(/Bo\s+Observer/);
    await waitForText(page, /joined as Incident Commander/);
  });

  it('starts, pauses, resumes and changes speed, and the clock follows', async () => {
    await page.getByRole('button', { name: '10x', exact: true }).click();
    await page.getByRole('button', { name: /Start drill at 10x/ }).click();
    await until(async () => (await phaseText()).toLowerCase() === 'running', 'running');
    expect(await speedText()).toBe('10x');
    const t0 = await shownTime();
    await until(async () => (await shownTime()) >= t0 + 10, 'the clock to move at 10x');

    await page.getByRole('button', { name: /Pause/ }).click();
    await until(async () => (await phaseText()).toLowerCase() === 'paused', 'paused');
    const held = await shownTime();
    await page.waitForTimeout(1200);
    expect(await shownTime()).toBe(held);
    await screenshot(page, 'facilitator-paused');

    await page.getByRole('button', { name: /Resume/ }).click();
    await until(async () => (await phaseText()).toLowerCase() === 'running', 'running again');
    await page.getByRole('button', { name: '120x', exact: true }).click();
    await until(async () => (await speedText()) === '120x', 'the speed to show 120x');
    expect(await page.getByRole('button', { name: '120x', exact: true }).getAttribute('aria-pressed')).toBe('true');
    const view = await getDrill<{ clock: { speed: number; phase: string } }>(server, drill.id, drill.facilitatorToken);
    expect(view.clock).toMatchObject({ speed: 120, phase: 'running' });
    const t1 = await shownTime();
    await until(async () => (await shownTime()) >= t1 + 120, 'the clock to move at 120x');
    await waitForText(page, 'set the speed to 120x');
  });

  it('sends a written stakeholder message and a scripted one into the feed', async () => {
    const panel = page.locator('dh-inject-panel');
    await panel.getByRole('textbox', { name: 'From', exact: true }).fill('VP of Sales');
    await panel.getByRole('textbox', { name: 'Message', exact: true }).fill('Customers are calling about failed checkouts. What do I tell them?');
    await panel.getByRole('button', { name: 'Send message' }).click();
    await waitForText(page, 'Sent to the team.');
    const feed = page.locator('dh-event-feed .feed li');
    await until(async () => (await feed.allInnerTexts()).some((t) => /VP of Sales[\s\S]*failed checkouts/.test(t)), 'the message in the feed');

    const scripted = panel.getByRole('button', { name: /^Send now:/ });
    const before = await scripted.count();
    expect(before).toBeGreaterThan(0);
    await scripted.first().click();
    await until(async () => (await scripted.count()) === before - 1, 'the scripted message marked sent');
    await until(async () => (await page.locator('dh-event-feed li.k-comms').count()) >= 2, 'both messages in the feed');
  });

  it('moves the answer key when the team acknowledges an alert', async () => {
    const item = page.locator('dh-answer-key [data-section="detection"] li').filter({ hasText: 'CheckoutHighLatency' });
    await until(async () => /fired T\+/.test(await item.innerText()), 'CheckoutHighLatency to fire', 60_000);
    expect(await item.getAttribute('data-mark')).not.toBe('done');
    await command(server, drill.id, ada.token, { type: 'ack_alert', alert: 'CheckoutHighLatency' });
    await until(async () => (await item.getAttribute('data-mark')) === 'done', 'the ack to count');
    expect(await item.innerText()).toMatch(/acknowledged \S+ later by Ada/);
    await waitForText(page, /acknowledged CheckoutHighLatency/);
    // teams by their names, as the room shows them
    await command(server, drill.id, ada.token, { type: 'page_team', team: 'dba' });
    await until(async () => (await page.locator('dh-event-feed .feed li').allInnerTexts()).some((t) => /paged Database team \(joins at T\+/.test(t)), 'the page in the feed');
    // facilitator-only events are in the feed, marked as such
    expect(await page.locator('dh-event-feed li.k-faults').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Hidden from trainees' }).click();
    expect(await page.locator('dh-event-feed li:not(.k-faults)').count()).toBe(0);
    await page.getByRole('button', { name: 'Everything' }).click();
    await screenshot(page, 'facilitator-running');
  });

  it('ends the drill after a confirmation and offers the report', async () => {
    await page.getByRole('button', { name: 'End drill…' }).click();
    await waitForText(page, 'End the drill now?');
    await page.getByRole('button', { name: 'Keep running' }).click();
    expect((await phaseText()).toLowerCase()).toBe('running');
    await page.getByRole('button', { name: 'End drill…' }).click();
    await page.getByRole('button', { name: 'End drill', exact: true }).click();
    await until(async () => (await phaseText()).toLowerCase() === 'ended', 'ended');
    await waitForText(page, 'The drill is over.');
    await screenshot(page, 'facilitator-ended');
    await page.getByRole('link', { name: 'Open the report' }).click();
    await page.waitForURL(new RegExp(`#/drills/${drill.id}/report$`));
    // the report page once it exists in web/pages, else the page saying when it opens
    await until(async () => (await page.locator('dh-report, dh-drill-pending').count()) > 0, 'the report page');
    expect(errors).toEqual([]);
  });
});

describe('the clock a first drill needs', () => {
  it('offers the recommended speed (1x) and fast-forwards to the first alert, then drops to 1x', async () => {
    const d = await createDrill(server, 'checkout-db-pool', '7');
    const c = await contextWithSeats(browser, [facilitatorSeat(d)]);
    const { page: p, errors: errs } = await openApp(c, server, `#/drills/${d.id}/facilitator`);
    await waitForText(p, 'Invite the team');
    await p.getByRole('button', { name: 'Start drill at 1x' }).waitFor();
    expect(await p.getByRole('button', { name: '1x', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await p.getByRole('button', { name: 'Fast-forward to the first alert' }).click();
    await waitForText(p, 'Fast-forward until an alert fires, then 1x');
    expect(await p.locator('dh-clock-panel .speed').innerText()).toBe('60x');
    await screenshot(p, 'facilitator-fast-forward');
    // 60x reaches the first alert within seconds; the server drops the clock to 1x at it.
    await until(async () => (await p.locator('dh-clock-panel .speed').innerText()) === '1x', 'the clock to drop to 1x', 60_000);
    const v = await getDrill<{ clock: { t: number; speed: number; untilAlert?: number }; events: { event: { type: string; t: number; alert?: string } }[] }>(server, d.id, d.facilitatorToken);
    const fired = v.events.map((e) => e.event).find((e) => e.type === 'alert_firing')!;
    expect(v.clock.speed).toBe(1);
    expect(v.clock.untilAlert).toBeUndefined();
    await waitForText(p, `set the speed to 1x (${fired.alert} fired: back to 1x)`);
    expect(await p.getByText('Fast-forward until an alert fires').count()).toBe(0);
    await p.getByRole('button', { name: 'Fast-forward to the next alert' }).waitFor();
    expect(errs).toEqual([]);
    await c.close();
  });
});
