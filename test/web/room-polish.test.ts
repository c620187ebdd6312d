/**
 * The room as a new team lead found it in a whole drill (issue 13, "The room"), in Chromium at
 * 1440x900: joining as Incident Commander makes you the IC; `?` lists the keys in a dialog that
 * Escape closes; `a` acknowledges; pinned evidence shows its content; the logs page back past
 * the newest 500 lines; after a rollback the parameter shows the value now; a responder says when
 * an answer repeats; and neither the room nor the facilitator console scrolls as a page.
 * Screenshots under test-artifacts/room-polish-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FacilitatorView } from '../../server/drills/visibility.js';
import type { Seat } from '../../web/lib/session.js';
import {
  command, createDrill, facilitatorSeat, getDrill, joinDrill, launchBrowser, openApp, screenshot, startServer, until,
  type CreatedDrill, type TestServer,
} from './browser.js';

const VIEWPORT = { width: 1440, height: 900 };
let server: TestServer;
let browser: Browser;
let drill: CreatedDrill;
const contexts: BrowserContext[] = [];
let ada: Page;
let adaToken: string;
let bo: Page;
const errors: Record<string, string[]> = {};

async function context(seats: Seat[] = []): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: VIEWPORT });
  const stored = Object.fromEntries(seats.map((s) => [s.drillId, s]));
  await ctx.addInitScript((v) => { if (!localStorage.getItem('drillhall.seats')) localStorage.setItem('drillhall.seats', v); }, JSON.stringify(stored));
  contexts.push(ctx);
  return ctx;
}

const facilitator = (body: unknown) => command(server, drill.id, drill.facilitatorToken, body);
const asAda = (body: unknown) => command(server, drill.id, adaToken, body);
const tab = (page: Page, id: string) => page.locator(`dh-room #tab-${id}`).click();
const selected = (page: Page) => page.locator('dh-room [role=tab][id^=tab-][aria-selected=true]').getAttribute('id');
const section = (page: Page, name: string) => page.locator('dh-incident .sections button', { hasText: name }).click();
/** The document does not scroll: everything fits, panels scroll inside. */
const pageOverflow = (page: Page) => page.evaluate(() => {
  const d = document.documentElement;
  return { x: d.scrollWidth - d.clientWidth, y: d.scrollHeight - d.clientHeight };
});

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  drill = await createDrill(server, 'checkout-db-pool', '7');
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('the room, polished', () => {
  it('makes whoever joins as Incident Commander the IC; a second one joins without taking it', async () => {
    const ctx = await context();
    const opened = await openApp(ctx, server, `#/join/${drill.id}?code=${drill.joinCode}`);
    ada = opened.page;
    errors.Ada = opened.errors;
    await ada.getByLabel('Your name').fill('Ada');
    expect(await ada.getByLabel(/Incident Commander/).isChecked()).toBe(true);
    await screenshot(ada, 'room-polish-00-join');
    await ada.getByRole('button', { name: 'Join the drill' }).click();
    await ada.locator('dh-room-header').waitFor({ timeout: 30_000 });
    adaToken = await ada.evaluate((id) => (JSON.parse(localStorage.getItem('drillhall.seats')!) as Record<string, { token: string }>)[id]!.token, drill.id);

    const boSeat = await joinDrill(server, drill, 'Bo', 'commander');
    const boCtx = await context([{ drillId: drill.id, token: boSeat.token, audience: 'trainee', name: 'Bo', role: 'commander', joinCode: drill.joinCode }]);
    const boOpened = await openApp(boCtx, server, `#/drills/${drill.id}/room`);
    bo = boOpened.page;
    errors.Bo = boOpened.errors;

    await until(async () => (await ada.locator('dh-room-header .you .role').innerText()) === 'Incident Commander', 'Ada shown as Incident Commander');
    await until(async () => (await bo.locator('dh-room-header .you .role').innerText()) === 'Commander · IC is Ada', 'Bo told Ada is IC');
    await section(bo, 'People');
    const roles = bo.locator('dh-incident-people ul.roles li').first();
    await roles.locator('.holder', { hasText: 'Ada' }).waitFor();
    await bo.locator('dh-incident-people .people li', { hasText: 'Ada' }).getByText('IC').waitFor();
    await screenshot(bo, 'room-polish-01-second-commander');
    const view = await getDrill<FacilitatorView>(server, drill.id, drill.facilitatorToken);
    expect(view.journal.map((e) => (e.kind === 'command' ? `${e.command.type} by ${e.by}` : `${e.kind} ${'name' in e ? e.name : ''}`)))
      .toEqual(['join Ada', 'assign_role by Ada', 'join Bo']);
  });

  it('opens the keyboard shortcuts with ?, closes them with Escape and gives focus back', async () => {
    await facilitator({ type: 'start', speed: 120 });
    await tab(ada, 'dashboards');
    await ada.locator('dh-room #tab-dashboards').focus();
    await ada.keyboard.press('?');
    const dialog = ada.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    for (const key of ['1–9', 'a', 'e  /', '?']) await dialog.locator('kbd', { hasText: key }).first().waitFor();
    expect(await ada.evaluate(() => document.querySelector('dh-app')!.shadowRoot!.querySelector('dh-room')!.shadowRoot!.activeElement?.textContent)).toBe('Close');
    await screenshot(ada, 'room-polish-02-keys');
    // Keys do nothing behind the open dialog.
    await ada.keyboard.press('4');
    expect(await selected(ada)).toBe('tab-dashboards');
    await ada.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await ada.evaluate(() => document.querySelector('dh-app')!.shadowRoot!.querySelector('dh-room')!.shadowRoot!.activeElement?.id)).toBe('tab-dashboards');
    // The Keys button opens it too.
    await ada.getByRole('button', { name: /^Keys/ }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('moves between panels with ] and [, and e goes to the Explore query', async () => {
    await ada.locator('dh-room #tab-dashboards').focus();
    await ada.keyboard.press(']');
    expect(await selected(ada)).toBe('tab-explore');
    await ada.keyboard.press('[');
    await ada.keyboard.press('[');
    expect(await selected(ada)).toBe('tab-alerts');
    await ada.keyboard.press('e');
    expect(await selected(ada)).toBe('tab-explore');
    await until(() => ada.evaluate(() => {
      let el: Element | null | undefined = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.tagName === 'TEXTAREA';
    }), 'the query box to have focus');
    // Typed there, keys are text, not shortcuts.
    await ada.keyboard.type('a]1');
    expect(await ada.locator('dh-promql-input textarea').inputValue()).toBe('a]1');
    expect(await selected(ada)).toBe('tab-explore');
  });

  it('acknowledges the top firing alert with a, but not while typing', async () => {
    await tab(ada, 'alerts');
    const loud = ada.locator('dh-alert-inbox li.card.loud');
    await loud.first().waitFor({ timeout: 30_000 });
    await facilitator({ type: 'set_speed', speed: 10 });
    const name = (await loud.first().locator('.name').textContent())!.trim();
    await ada.locator('dh-incident input[type=text]').first().fill('');
    await ada.locator('dh-incident input[type=text]').first().type('a');
    await ada.waitForTimeout(500);
    expect((await getDrill<FacilitatorView>(server, drill.id, drill.facilitatorToken)).journal.some((e) => e.kind === 'command' && e.command.type === 'ack_alert')).toBe(false);
    await ada.locator('dh-room-header').click();
    await ada.keyboard.press('a');
    await ada.locator('dh-alert-inbox li.card', { hasText: name }).getByText('Acknowledged by').waitFor();
    await ada.getByText(`Acknowledged ${name}.`).waitFor();
    const acks = (await getDrill<FacilitatorView>(server, drill.id, drill.facilitatorToken)).journal.filter((e) => e.kind === 'command' && e.command.type === 'ack_alert');
    expect(acks.map((e) => e.kind === 'command' && [e.by, e.command])).toEqual([['Ada', { type: 'ack_alert', alert: name }]]);
    await screenshot(ada, 'room-polish-03-acked-by-key');
  });

  it('shows the incident title in the header, readable, and whole in the incident panel', async () => {
    const title = 'Checkout failing for about 5% of customers: payments time out waiting for a database connection';
    await ada.locator('dh-incident input[type=text]').first().fill(title);
    await ada.getByRole('button', { name: 'Declare SEV2 incident' }).click();
    const inHeader = ada.locator('dh-room-header .inc-title');
    await inHeader.waitFor();
    expect(await inHeader.getAttribute('title')).toBe(title);
    const box = await inHeader.boundingBox();
    expect(box!.width, 'the header gives the title real room').toBeGreaterThan(300);
    expect(await inHeader.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(15);
    const h2 = ada.locator('dh-incident .title-row h2');
    expect(await h2.evaluate((el) => el.scrollHeight <= el.clientHeight + 1), 'the whole title fits in the panel').toBe(true);
    await screenshot(ada, 'room-polish-04-title');
  });

  it('shows what was pinned, not its id, and a responder says when an answer repeats', async () => {
    await section(ada, 'People');
    await ada.locator('dh-incident-people li.team', { hasText: 'Payments' }).getByRole('button', { name: 'Page' }).click();
    await section(ada, 'Channel');
    const input = ada.locator('dh-incident-channel input#q');
    await until(() => input.isEnabled(), 'Payments to join', 60_000);
    await input.fill('Did anyone change the pool config today?');
    await ada.locator('dh-incident-channel').getByRole('button', { name: 'Ask' }).click();
    const answer = ada.locator('dh-incident-channel li.msg.a', { hasText: 'lowered checkout' }).first();
    await answer.waitFor();
    await input.fill('Any setting changed recently?');
    await ada.locator('dh-incident-channel').getByRole('button', { name: 'Ask' }).click();
    await ada.locator('dh-incident-channel li.msg.a', { hasText: 'I don\'t have more on that than what I told you when you asked "Did anyone change the pool config today?"' }).waitFor();
    await answer.getByRole('button', { name: 'Pin' }).click();
    const p99 = 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="checkout"}[1m])))';
    await asAda({ type: 'pin_evidence', kind: 'chart', ref: p99 });
    await asAda({ type: 'pin_evidence', kind: 'change', ref: 'cfg-pool-size' });
    await tab(ada, 'timeline');
    const pins = ada.locator('dh-timeline ul.pins');
    await pins.locator('li', { hasText: 'Answer from Priya Natarajan (Payments)' }).getByText('lowered checkout').waitFor();
    await pins.locator('li', { hasText: 'Chart checkout p99 latency' }).locator('.val', { hasText: /\d+(\.\d+)?s at T\+00:/ }).waitFor();
    await pins.locator('li', { hasText: 'Config change on checkout' }).getByText('maximumPoolSize 50 -> 10').waitFor();
    expect(await ada.locator('dh-timeline').innerText()).not.toContain('payments/0');
    await ada.locator('dh-timeline ol.events li', { hasText: 'Ada pinned answer from Priya Natarajan (Payments): Someone from the cost review' }).waitFor();
    await screenshot(ada, 'room-polish-05-pinned');
  });

  it('starts a parameter from its current value after a rollback, not the faulty one', async () => {
    await tab(ada, 'actions');
    const card = ada.locator('dh-actions li.card[data-action="set-pool-size"]');
    expect(await card.locator('select').inputValue()).toBe('10');
    await asAda({ type: 'run_action', action: 'rollback-pool-config', params: {} });
    await ada.locator('dh-actions li.card[data-action="rollback-pool-config"]').getByText('maximumPoolSize is 50 again').waitFor({ timeout: 30_000 });
    await until(async () => (await card.locator('select').inputValue()) === '50', 'the pool size to show 50');
    await card.getByText('(now 50)').waitFor();
    await screenshot(ada, 'room-polish-06-param-after-rollback');
  });

  it('pages the logs back past the newest 500 lines', async () => {
    // Half an hour of logs, well over a page.
    await facilitator({ type: 'set_speed', speed: 120 });
    await until(async () => (await getDrill<FacilitatorView>(server, drill.id, drill.facilitatorToken)).clock.t >= 1800, 'half an hour of sim time', 60_000);
    await facilitator({ type: 'pause' });
    await tab(ada, 'logs');
    const lines = ada.locator('dh-logs .line');
    await lines.first().waitFor({ timeout: 20_000 });
    await until(async () => (await lines.count()) >= 500, 'a full page of lines');
    const firstTime = async () => (await lines.first().locator('.t').innerText()).trim();
    const before = await firstTime();
    const older = ada.locator('dh-logs button.older');
    await older.click();
    await until(async () => (await lines.count()) > 500, 'older lines in front');
    const after = await firstTime();
    expect(after < before, `${after} is before ${before}`).toBe(true);
    // Page back to the start of the drill.
    for (let i = 0; i < 10 && await older.count(); i++) {
      const n = await lines.count();
      await older.click();
      await until(async () => (await lines.count()) > n || (await older.count()) === 0, 'another page');
    }
    await ada.getByText('From the start of the drill.').waitFor();
    expect(await firstTime()).toMatch(/^T\+00:0[0-2]:/);
    await screenshot(ada, 'room-polish-07-logs-older');
  });

  it('fits 1440x900 without the page scrolling, on every panel', async () => {
    for (const t of ['briefing', 'alerts', 'dashboards', 'explore', 'logs', 'map', 'runbooks', 'actions', 'timeline']) {
      await tab(ada, t);
      await ada.waitForTimeout(300);
      expect(await pageOverflow(ada), t).toEqual({ x: 0, y: 0 });
    }
    for (const s of ['Channel', 'Updates', 'People', 'Resolve']) {
      await section(ada, s);
      expect(await pageOverflow(ada), s).toEqual({ x: 0, y: 0 });
    }
    await tab(ada, 'alerts');
    await screenshot(ada, 'room-polish-08-room-1440');
    expect(await pageOverflow(bo)).toEqual({ x: 0, y: 0 });
    expect(errors).toEqual({ Ada: [], Bo: [] });
  });

  it('fits the facilitator console at 1440x900 without blank scroll', async () => {
    const ctx = await context([facilitatorSeat(drill)]);
    const { page, errors: facErrors } = await openApp(ctx, server, `#/drills/${drill.id}/facilitator`);
    await page.locator('dh-answer-key').waitFor({ timeout: 30_000 });
    await page.getByText('Live feed').waitFor();
    await page.waitForTimeout(500);
    expect(await pageOverflow(page)).toEqual({ x: 0, y: 0 });
    // Its columns scroll inside, and the answer key still reads its marks to screen readers.
    expect(await page.locator('dh-facilitator .col.right').evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    await screenshot(page, 'room-polish-09-facilitator-1440');
    expect(facErrors).toEqual([]);
  });
});
