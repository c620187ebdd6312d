/**
 * The incident room, live, in a real browser: two trainees in separate browser contexts work one
 * drill that the facilitator runs over the API. Everything the trainees do goes through the UI
 * (acknowledge, declare, page, ask, run an action with a parameter, post an update), each sees
 * what the other did, and the drill's journal then holds exactly the engine's commands: the
 * one-vocabulary check. Screenshots of every panel are kept under test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FacilitatorView } from '../../server/drills/visibility.js';
import type { Scenario } from '../../server/scenario/schema.js';
import { scoreDrill, type ScoreReport } from '../../server/scoring/index.js';
import { apply } from '../../server/sim/apply.js';
import { advance, createSimulation } from '../../server/sim/engine.js';
import type { Seat } from '../../web/lib/session.js';
import {
  command, contextWithSeats, createDrill, getDrill, joinDrill, launchBrowser, openApp, screenshot, startServer, until,
  type CreatedDrill, type TestServer,
} from './browser.js';

let server: TestServer;
let browser: Browser;
let drill: CreatedDrill;
const contexts: BrowserContext[] = [];
let ada: Page;
let bo: Page;
/** a third seat, read-only */
let cy: Page;
/** uncaught page errors per trainee; any one fails the panel test */
const pageErrors: Record<string, string[]> = {};

const seat = (d: CreatedDrill, name: string, role: string, token: string): Seat => ({ drillId: d.id, token, audience: 'trainee', name, role, joinCode: d.joinCode });

async function openRoom(name: string, role: string): Promise<Page> {
  const j = await joinDrill(server, drill, name, role);
  const ctx = await contextWithSeats(browser, [seat(drill, name, role, j.token)]);
  contexts.push(ctx);
  const { page, errors } = await openApp(ctx, server, `#/drills/${drill.id}/room`);
  pageErrors[name] = errors;
  await page.locator('dh-room-header').waitFor({ timeout: 30_000 });
  return page;
}

const facilitator = (body: unknown) => command(server, drill.id, drill.facilitatorToken, body);
const tab = (page: Page, id: string) => page.locator(`dh-room #tab-${id}`).click();
const incidentSection = (page: Page, name: string) => page.locator('dh-incident .sections button', { hasText: name }).click();

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  drill = await createDrill(server, 'checkout-db-pool', '7');
  ada = await openRoom('Ada', 'commander');
  bo = await openRoom('Bo', 'operations');
  cy = await openRoom('Cy', 'observer');
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('the incident room with two trainees', () => {
  it('shows the briefing and a waiting banner before the clock starts', async () => {
    await ada.getByText('Waiting for the facilitator to start the drill').waitFor();
    await ada.locator('dh-room #panel-briefing').getByText('You are on call for').waitFor();
    // Skills, not the learning objectives: the briefing names no cause and no fix.
    const briefing = await ada.locator('dh-room #panel-briefing').innerText();
    expect(briefing).toMatch(/Skills you will practise/i);
    expect(briefing).not.toMatch(/connection pool|reverting the change|config change/i);
    await expect(ada.getByRole('button', { name: /Declare SEV2 incident/ }).isDisabled()).resolves.toBe(true);
    await screenshot(ada, 'room-00-briefing');
  });

  it('both see the alert fire; one acknowledges and the other sees who did', async () => {
    await facilitator({ type: 'start', speed: 120 });
    for (const p of [ada, bo]) await tab(p, 'alerts');
    const loud = ada.locator('dh-alert-inbox li.card.loud').first();
    await loud.waitFor({ timeout: 30_000 });
    const name = (await loud.locator('.name').textContent())!.trim();
    // Slow the clock down so the rest can be watched step by step.
    await facilitator({ type: 'set_speed', speed: 20 });
    await bo.locator('dh-alert-inbox li.card.loud', { hasText: name }).waitFor();
    await screenshot(ada, 'room-01-alerts-firing');
    await ada.locator('dh-alert-inbox li.card', { hasText: name }).getByRole('button', { name: 'Acknowledge' }).click();
    const bosCard = bo.locator('dh-alert-inbox li.card', { hasText: name });
    await bosCard.getByText('Acknowledged by').waitFor();
    expect(await bosCard.locator('.acked').textContent()).toMatch(/Acknowledged by\s+Ada\s+at T\+00:/);
    await screenshot(bo, 'room-02-alerts-acked-seen-by-other');
  });

  it('keeps an observer read-only: controls disabled, with the reason', async () => {
    await cy.getByText('You joined as an observer').waitFor();
    const ack = cy.locator('dh-alert-inbox li.card').first().getByRole('button', { name: /Acknowledge|Pin as evidence/ }).first();
    await expect(ack.isDisabled()).resolves.toBe(true);
    expect(await ack.getAttribute('title')).toMatch(/read-only/);
    await expect(cy.getByRole('button', { name: /Declare SEV2 incident/ }).isDisabled()).resolves.toBe(true);
  });

  it('declares the incident, and the other trainee sees the severity', async () => {
    await ada.locator('dh-incident select').first().selectOption('SEV2');
    await ada.locator('dh-incident input[type=text]').first().fill('Checkout slow and failing');
    await ada.getByRole('button', { name: 'Declare SEV2 incident' }).click();
    await bo.locator('dh-room-header .badge.sev-sev2').waitFor();
    await bo.locator('dh-incident h2', { hasText: 'Checkout slow and failing' }).waitFor();
  });

  it('pages a team, asks it a question after it joins, and sees the answer', async () => {
    await incidentSection(ada, 'People');
    const payments = ada.locator('dh-incident-people li.team', { hasText: 'Payments' });
    await payments.getByRole('button', { name: 'Page' }).click();
    await payments.getByText(/paged T\+|joined T\+/).waitFor();
    await screenshot(ada, 'room-03-people-paged');
    await payments.getByText(/joined T\+/).waitFor({ timeout: 30_000 });
    await incidentSection(ada, 'Channel');
    const input = ada.locator('dh-incident-channel input#q');
    await until(() => input.isEnabled(), 'the question box to open once the team joined');
    await input.fill('Did anyone change the pool config today?');
    await ada.locator('dh-incident-channel').getByRole('button', { name: 'Ask' }).click();
    const answer = ada.locator('dh-incident-channel li.msg.a', { hasText: 'lowered checkout' });
    await answer.waitFor({ timeout: 20_000 });
    await bo.locator('dh-incident-channel li.msg.a', { hasText: 'lowered checkout' }).waitFor();
    await screenshot(ada, 'room-04-channel-answer');
  });

  it('runs a mitigation with a parameter: confirmation, progress bar, outcome', async () => {
    await tab(ada, 'actions');
    await tab(bo, 'actions');
    const card = ada.locator('dh-actions li.card[data-action="set-pool-size"]');
    await card.locator('select').selectOption('25');
    await facilitator({ type: 'set_speed', speed: 4 });
    await card.getByRole('button', { name: 'Run…' }).click();
    await card.getByText('size=25').waitFor();
    await screenshot(ada, 'room-05-action-confirm');
    await card.getByRole('button', { name: 'Confirm and run' }).click();
    const bar = card.getByRole('progressbar');
    await bar.waitFor({ timeout: 10_000 });
    await screenshot(ada, 'room-06-action-progress');
    await until(async () => (await bar.evaluate((el) => (el as HTMLProgressElement).value)) > 0, 'the progress bar to move');
    await bo.locator('dh-actions li.card[data-action="set-pool-size"]').getByRole('progressbar').waitFor();
    await facilitator({ type: 'set_speed', speed: 60 });
    await card.getByText('checkout pool size updated.').waitFor({ timeout: 30_000 });
    await screenshot(ada, 'room-07-action-done');
  });

  it('tails logs live and stops following when the reader scrolls up', async () => {
    await tab(bo, 'logs');
    const scroller = bo.locator('dh-logs .scroller');
    await bo.locator('dh-logs .line').first().waitFor({ timeout: 20_000 });
    await until(async () => (await bo.locator('dh-logs .line').count()) > 40, 'enough log lines to scroll');
    await scroller.evaluate((el) => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); });
    const jump = bo.locator('dh-logs button.jump', { hasText: /new lines? ↓/ });
    await jump.waitFor({ timeout: 20_000 });
    await screenshot(bo, 'room-09-logs-paused');
    await jump.click();
    await until(() => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 30), 'the tail to be followed again');
    await bo.getByText('following the tail').waitFor();
  });

  it('posts a status update that both see', async () => {
    await incidentSection(bo, 'Updates');
    await bo.locator('dh-incident-status textarea').fill('Impact: checkout slow and failing for some users. Status: mitigating (pool size raised). Next update in 30m.');
    await bo.getByRole('button', { name: 'Post internal update' }).click();
    await bo.locator('dh-incident-status .updates li', { hasText: 'pool size raised' }).waitFor();
    await ada.locator('dh-incident-channel li.msg.status', { hasText: 'pool size raised' }).waitFor();
    await screenshot(bo, 'room-08-status-posted');
  });

  it('shows every panel (screenshots for a human) and a PromQL error inline', async () => {
    await facilitator({ type: 'pause' });
    await tab(ada, 'dashboards');
    await ada.locator('dh-chart-card').first().waitFor();
    await until(async () => (await ada.locator('dh-chart-card .overlay', { hasText: 'Loading' }).count()) === 0, 'charts to load');
    await screenshot(ada, 'room-10-dashboards');
    await ada.locator('dh-dashboards .views button', { hasText: 'checkout' }).click();
    await until(async () => (await ada.locator('dh-chart-card').count()) >= 6, 'the checkout charts');
    await until(async () => (await ada.locator('dh-chart-card .overlay', { hasText: 'Loading' }).count()) === 0, 'checkout charts to load');
    await screenshot(ada, 'room-11-dashboards-checkout');

    await tab(ada, 'explore');
    const box = ada.locator('dh-promql-input textarea');
    await box.fill('rate(');
    await box.press('Enter');
    await ada.locator('dh-explore .error', { hasText: 'Query failed' }).waitFor();
    await screenshot(ada, 'room-12-explore-error');
    await box.fill('db_pool_conn');
    await ada.locator('dh-promql-input [role=option]').first().waitFor();
    await screenshot(ada, 'room-13-explore-completion');
    await box.press('Tab');
    expect(await box.inputValue()).toBe('db_pool_connections_in_use');
    await box.press('Enter');
    await ada.locator('dh-explore dh-chart-card').waitFor();
    await screenshot(ada, 'room-14-explore-graph');

    // Keys 1..9 switch panels when nobody is typing: 5 is Logs.
    await ada.locator('dh-room-header').click();
    await ada.keyboard.press('5');
    await until(async () => (await ada.locator('dh-room #tab-logs').getAttribute('aria-selected')) === 'true', 'key 5 to open the logs');
    await ada.locator('dh-logs .line').first().waitFor({ timeout: 20_000 });
    await screenshot(ada, 'room-15-logs');
    await tab(ada, 'map');
    await ada.locator('dh-service-map g.node').first().waitFor();
    await ada.locator('dh-service-map td .mono', { hasText: 'errors' }).first().waitFor();
    await screenshot(ada, 'room-16-service-map');
    await tab(ada, 'runbooks');
    await ada.locator('dh-runbooks dh-markdown').waitFor();
    await screenshot(ada, 'room-17-runbook');
    // A runbook's actions link to the Actions panel, with the action brought into view.
    await ada.locator('dh-runbooks .rb-actions button', { hasText: 'Roll back checkout config' }).click();
    await until(async () => (await ada.locator('dh-room #tab-actions').getAttribute('aria-selected')) === 'true', 'the actions panel');
    await ada.locator('dh-actions li.card.hl[data-action="rollback-pool-config"]').waitFor();
    await tab(ada, 'runbooks');
    await ada.locator('dh-runbooks nav button', { hasText: 'Deploys, config' }).click();
    await ada.locator('dh-runbooks details summary', { hasText: 'Diff' }).first().click();
    await screenshot(ada, 'room-18-changes');
    await tab(ada, 'timeline');
    await screenshot(ada, 'room-19-timeline');
    await incidentSection(ada, 'Resolve');
    await screenshot(ada, 'room-20-resolve');
    expect(pageErrors).toEqual({ Ada: [], Bo: [], Cy: [] });
  });

  it('sent exactly the engine’s commands, in order (the one-vocabulary check)', async () => {
    const view = await getDrill<FacilitatorView>(server, drill.id, drill.facilitatorToken);
    // The first is Ada taking the commander role she joined as; then what the buttons sent.
    const [joined, ...commands] = view.journal.flatMap((e) => (e.kind === 'command' ? [{ by: e.by, command: e.command }] : []));
    expect(joined).toEqual({ by: 'Ada', command: { type: 'assign_role', role: 'commander', name: 'Ada' } });
    expect(commands.map((c) => c.command.type)).toEqual(['ack_alert', 'declare_incident', 'page_team', 'ask', 'run_action', 'post_status']);
    expect(commands.map((c) => c.by)).toEqual(['Ada', 'Ada', 'Ada', 'Ada', 'Ada', 'Bo']);
    expect(commands[1]!.command).toEqual({ type: 'declare_incident', severity: 'SEV2', title: 'Checkout slow and failing' });
    expect(commands[2]!.command).toEqual({ type: 'page_team', team: 'payments' });
    expect(commands[4]!.command).toEqual({ type: 'run_action', action: 'set-pool-size', params: { size: '25' } });
    expect(commands[5]!.command).toMatchObject({ type: 'post_status', audience: 'internal' });
  });
});

describe('one vocabulary from button to scorer', () => {
  it('the report credits what was done through the UI exactly as the headless scorer credits the same commands', async () => {
    const view = await getDrill<FacilitatorView & { seed: string; scenario: Scenario }>(server, drill.id, drill.facilitatorToken);
    const { report } = await getReport(drill.id, drill.facilitatorToken);
    // Replay the journal's commands, at the sim times they were accepted, through the pure engine.
    const replay = createSimulation(view.scenario, view.seed);
    for (const e of view.journal) {
      if (e.kind !== 'command') continue;
      advance(replay, e.t);
      expect(apply(replay, e.command, e.by).ok).toBe(true);
    }
    advance(replay, report.at);
    const headless = scoreDrill(view.scenario, replay);
    for (const phase of ['detection', 'triage', 'escalation', 'mitigation', 'communication'] as const) {
      const served = report.phases.find((p) => p.phase === phase)!;
      const local = headless.phases.find((p) => p.phase === phase)!;
      expect(served.items.map((i) => [i.id, i.earned, i.explanation]), phase).toEqual(local.items.map((i) => [i.id, i.earned, i.explanation]));
    }
    const ack = report.phases.find((p) => p.phase === 'detection')!;
    expect(ack.earned, 'the acknowledgement made in the inbox is credited').toBeGreaterThan(0);
    expect(report.phases.find((p) => p.phase === 'communication')!.earned, 'the status update is credited').toBeGreaterThan(0);
  });
});

async function getReport(drillId: string, token: string): Promise<{ report: ScoreReport }> {
  const res = await fetch(`${server.url}/api/drills/${drillId}/report`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as { report: ScoreReport };
}

describe('refusals in the room', () => {
  it('shows the server’s refusal under the control that was refused, and the journal keeps nothing of it', async () => {
    const d = await createDrill(server, 'dns-misconfig', '3');
    const j = await joinDrill(server, d, 'Dee', 'operations');
    const ctx = await contextWithSeats(browser, [seat(d, 'Dee', 'operations', j.token)]);
    contexts.push(ctx);
    const { page, errors } = await openApp(ctx, server, `#/drills/${d.id}/room`);
    await command(server, d.id, d.facilitatorToken, { type: 'start', speed: 10 });
    await tab(page, 'actions');
    const card = page.locator('dh-actions li.card[data-action="revert-coredns-forward"]');
    await card.getByText(/Needs .* on the call/).waitFor();
    await card.getByRole('button', { name: 'Run…' }).click();
    await card.getByRole('button', { name: 'Confirm and run' }).click();
    const refusal = card.locator('.error[role=alert]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/needs .+ on the incident/);
    await screenshot(page, 'room-21-action-refused');
    const view = await getDrill<FacilitatorView>(server, d.id, d.facilitatorToken);
    expect(view.journal.filter((e) => e.kind === 'command')).toEqual([]);
    expect(errors).toEqual([]);
  });
});

