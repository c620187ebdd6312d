/**
 * Charts people can read, and an inbox that keeps up, in a real browser at 1440x900 on
 * checkout-db-pool: the inbox's value of a firing alert follows its series, Acknowledge all
 * acknowledges every firing alert with one `ack_alert` per alert, and the checkout dashboard
 * draws CheckoutHighLatency's threshold on the latency chart, puts the pool in use and its
 * maximum on one chart, and names markers in words (the action's title, the change's summary),
 * never by id. Screenshots are kept under test-artifacts/ for a human to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FacilitatorView } from '../../server/drills/visibility.js';
import {
  command, contextWithSeats, createDrill, getDrill, joinDrill, launchBrowser, openApp, screenshot, startServer, until,
  type CreatedDrill, type TestServer,
} from './browser.js';

let server: TestServer;
let browser: Browser;
let drill: CreatedDrill;
let ctx: BrowserContext;
let page: Page;
let token: string;
let errors: string[];

const facilitator = (body: unknown) => command(server, drill.id, drill.facilitatorToken, body);
const tab = (id: string) => page.locator(`dh-room #tab-${id}`).click();
const card = (heading: string) => page.locator('dh-chart-card').filter({ has: page.locator('.heading', { hasText: new RegExp(`^${heading}$`) }) });

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  drill = await createDrill(server, 'checkout-db-pool', '7');
  const j = await joinDrill(server, drill, 'Ada', 'commander');
  token = j.token;
  ctx = await contextWithSeats(browser, [{ drillId: drill.id, token, audience: 'trainee', name: 'Ada', role: 'commander', joinCode: drill.joinCode }]);
  ({ page, errors } = await openApp(ctx, server, `#/drills/${drill.id}/room`));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.locator('dh-room-header').waitFor({ timeout: 30_000 });
}, 240_000);

afterAll(async () => {
  await ctx?.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('the alert inbox while alerts fire', () => {
  it('follows the value of a firing alert, written the way its summary writes it', async () => {
    await tab('alerts');
    await facilitator({ type: 'start', speed: 120 });
    const latency = page.locator('dh-alert-inbox li.card.loud', { hasText: 'CheckoutHighLatency' });
    await latency.waitFor({ timeout: 60_000 });
    await until(async () => (await page.locator('dh-alert-inbox li.card.loud').count()) >= 2, 'a second alert to fire', 60_000);
    await facilitator({ type: 'set_speed', speed: 10 });
    const value = latency.locator('.value');
    // The summary says "Checkout p99 latency is 1.234s": the value reads the same way.
    const first = await until(async () => { const t = (await value.textContent())!.trim(); return /^now \d+(\.\d+)?s$/.test(t) && t; }, 'a live value', 30_000);
    const next = await until(async () => { const t = (await value.textContent())!.trim(); return t !== first && t; }, 'the live value to move', 30_000);
    expect(next).toMatch(/^now \d+(\.\d+)?s$/);
    expect(await latency.locator('.summary').textContent()).toContain(String(next).replace(/^now /, ''));
    await screenshot(page, 'room-charts-01-inbox-live');
  });

  it('acknowledges every firing alert with Acknowledge all, one command per alert', async () => {
    const loud = await page.locator('dh-alert-inbox li.card.loud .name').allTextContents();
    const names = [...new Set(loud.map((n) => n.trim()))];
    expect(names.length).toBeGreaterThanOrEqual(2);
    const button = page.locator('dh-alert-inbox .head button', { hasText: 'Acknowledge all' });
    expect(await button.getAttribute('title')).toContain(names[0]);
    await button.click();
    await until(async () => (await page.locator('dh-alert-inbox li.card.loud').count()) === 0, 'no alert left unacknowledged');
    for (const n of names) await page.locator('dh-alert-inbox li.card', { hasText: n }).first().getByText('Acknowledged by').waitFor();
    // Nothing left to acknowledge: the button goes away.
    await until(async () => (await button.count()) === 0, 'Acknowledge all to go away');
    const view = await getDrill<FacilitatorView>(server, drill.id, drill.facilitatorToken);
    const acks = view.journal.flatMap((e) => (e.kind === 'command' && e.command.type === 'ack_alert' ? [e.command.alert] : []));
    expect(acks.sort()).toEqual([...names].sort());
    await screenshot(page, 'room-charts-02-inbox-all-acked');
  });
});

describe('the checkout dashboard', () => {
  it('draws the threshold, pairs the pool with its maximum and names markers in words', async () => {
    await command(server, drill.id, token, { type: 'run_action', action: 'rollback-pool-config', params: {} });
    await facilitator({ type: 'set_speed', speed: 60 });
    await until(async () => {
      const v = await getDrill<FacilitatorView>(server, drill.id, drill.facilitatorToken);
      return v.state.actions.some((a) => a.action === 'rollback-pool-config' && a.completedAt !== undefined);
    }, 'the rollback to complete', 60_000);
    await facilitator({ type: 'pause' });
    await tab('dashboards');
    await page.locator('dh-dashboards .views button', { hasText: /^checkout$/ }).click();
    await until(async () => (await page.locator('dh-chart-card').count()) >= 7, 'the checkout charts');
    await until(async () => (await page.locator('dh-chart-card .overlay', { hasText: 'Loading' }).count()) === 0, 'the charts to load');

    const latency = card('p99 latency');
    expect(await latency.evaluate((el) => (el as HTMLElementTagNameMap['dh-chart-card']).thresholds.map((t) => t.label))).toEqual(['CheckoutHighLatency > 1s']);
    expect(await latency.locator('.plot').getAttribute('aria-label')).toContain('threshold CheckoutHighLatency > 1s');
    expect(await card('Error ratio \\(5xx\\)').evaluate((el) => (el as HTMLElementTagNameMap['dh-chart-card']).thresholds.map((t) => t.label))).toEqual(['CheckoutErrorRate > 2%']);

    const pool = card('db_pool_connections_in_use vs max');
    expect(await pool.evaluate((el) => (el as HTMLElementTagNameMap['dh-chart-card']).series.map((s) => s.label))).toEqual(['in use', 'max']);
    expect(await card('db_pool_connections_max').count()).toBe(0);
    const saturated = card('CheckoutPoolSaturated');
    expect(await saturated.evaluate((el) => (el as HTMLElementTagNameMap['dh-chart-card']).thresholds.map((t) => t.label))).toEqual(['CheckoutPoolSaturated ≥ 90%']);

    const markers = await latency.evaluate((el) => (el as HTMLElementTagNameMap['dh-chart-card']).markers.map((m) => `${m.label} | ${m.detail ?? ''}`));
    expect(markers.some((m) => m.startsWith('▶ Roll back checkout config to the previous version | Roll back checkout config to the previous version, run by Ada; done T+1'))).toBe(true);
    expect(markers).toContain('orders pool: maximumPoolSize 50 -> 10 (cost review CR-2231) | Config to checkout: orders pool: maximumPoolSize 50 -> 10 (cost review CR-2231) (cost-review-bot)');
    expect(markers.join('\n')).not.toMatch(/rollback-pool-config|cfg-pool-size/);

    // The lane's tooltip has the whole text: sweep the pointer along the lane above the plot.
    const canvas = latency.locator('canvas');
    const box = (await canvas.boundingBox())!;
    const titles = new Set<string>();
    for (let x = 40; x < box.width; x += 3) {
      await page.mouse.move(box.x + x, box.y + 26);
      const t = await canvas.getAttribute('title');
      if (t) titles.add(t);
    }
    expect([...titles].join('\n')).toMatch(/T\+\d+:\d\d {2}Roll back checkout config to the previous version, run by Ada; done T\+\d+:\d\d: checkout config reverted/);
    await page.mouse.move(0, 0);
    await screenshot(page, 'room-charts-03-checkout-dashboard');
    // In the plot, the values at the pointer's time
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.6);
    await screenshot(page, 'room-charts-03b-checkout-values-at-pointer');
    await page.mouse.move(0, 0);
    await page.locator('dh-chart-card').nth(6).scrollIntoViewIfNeeded();
    await screenshot(page, 'room-charts-04-checkout-dashboard-lower');
    await tab('dashboards');
    await page.locator('dh-dashboards .views button', { hasText: 'All services' }).click();
    await until(async () => (await page.locator('dh-chart-card .overlay', { hasText: 'Loading' }).count()) === 0, 'the overview to load');
    await screenshot(page, 'room-charts-05-overview');
    expect(errors).toEqual([]);
  });
});
