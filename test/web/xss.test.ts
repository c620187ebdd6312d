/**
 * Every field a person can write (names, incident title, chat, status updates, notes,
 * hypothesis, evidence, doc flags, roles, stakeholder messages, every postmortem section and
 * action item) gets script-injection payloads; every screen that shows them is opened, and
 * nothing executes and no injected element reaches the DOM. The CSP would stop inline
 * handlers anyway, so the DOM itself is checked too: text must stay text.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Seat } from '../../web/lib/session.js';
import {
  command, contextWithSeats, createDrill, facilitatorSeat, joinDrill, launchBrowser, openApp, startServer, until,
  type CreatedDrill, type TestServer,
} from './browser.js';

const MARK = 'dhxss';
const PAYLOADS = [
  `<img src=x onerror="window.${MARK}=1">`,
  `<script>window.${MARK}=1</script>`,
  `"><svg onload=window.${MARK}=1>`,
  `<a href="javascript:window.${MARK}=1">click</a>`,
  `{{constructor.constructor('window.${MARK}=1')()}}`,
];
const text = (i: number) => `x ${PAYLOADS[i % PAYLOADS.length]} y`;

let server: TestServer;
let browser: Browser;
let drill: CreatedDrill;
let trainee: { token: string; name: string };
const contexts: BrowserContext[] = [];

async function api(path: string, method: string, token: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

/** Elements or attributes that would only exist if user text had been parsed as HTML, across shadow roots. */
function injectedNodes(page: Page): Promise<string[]> {
  return page.evaluate((mark) => {
    const found: string[] = [];
    const visit = (root: Document | ShadowRoot): void => {
      for (const el of Array.from(root.querySelectorAll('*'))) {
        for (const a of Array.from(el.attributes)) {
          if (/^on/i.test(a.name) && a.value.includes(mark)) found.push(`${el.tagName} ${a.name}`);
          if (a.name === 'href' && /^\s*javascript:/i.test(a.value)) found.push(`${el.tagName} href=${a.value}`);
        }
        if (el.tagName === 'SCRIPT' && (el.textContent ?? '').includes(mark)) found.push('inline script');
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    return found;
  }, MARK);
}

async function open(seats: Seat[], hash: string): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
  const ctx = await contextWithSeats(browser, seats);
  contexts.push(ctx);
  const dialogs: string[] = [];
  const { page, errors } = await openApp(ctx, server, hash);
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  return { page, dialogs, errors };
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  drill = await createDrill(server, 'checkout-db-pool', '3');
  // A name with markup may be refused at the edge; then markup in names is not a vector.
  const hostile = '<svg onload=dhxss=1>';
  let joined: { token: string };
  let name = hostile;
  try { joined = await joinDrill(server, drill, hostile, 'commander'); } catch { name = 'Eve'; joined = await joinDrill(server, drill, name, 'commander'); }
  trainee = { token: joined.token, name };
  const f = (body: unknown) => command(server, drill.id, drill.facilitatorToken, body);
  const t = (body: unknown) => command(server, drill.id, joined.token, body);
  await f({ type: 'start', speed: 120 });
  await t({ type: 'declare_incident', severity: 'SEV2', title: text(0) });
  await t({ type: 'post_status', audience: 'internal', text: text(1) });
  await t({ type: 'post_status', audience: 'external', text: text(2) });
  await t({ type: 'add_note', text: text(3) });
  await t({ type: 'state_hypothesis', text: text(4) });
  await t({ type: 'pin_evidence', kind: 'log', ref: text(0), note: text(1) });
  await t({ type: 'flag_doc', runbook: 'checkout-latency', text: text(2) });
  await t({ type: 'assign_role', role: 'scribe', name: text(3) });
  await t({ type: 'page_team', team: 'payments' });
  await f({ type: 'inject_message', from: 'VP <b>x</b>', text: text(4) });
  await until(async () => {
    const r = await api(`/api/drills/${drill.id}/commands`, 'POST', joined.token, { type: 'ask', team: 'payments', question: text(1) });
    return r.status === 202;
  }, 'payments to join', 30_000);
  await f({ type: 'end' });
  const sections = {
    summary: text(0), impact: { description: text(4), duration: text(1), users_affected: text(2) }, timeline: [{ t: 300, text: text(3) }],
    root_cause: text(4), trigger: text(0), contributing_factors: text(1), detection: text(2), resolution: text(3),
    what_went_well: text(4), what_went_wrong: text(0), where_we_got_lucky: text(1),
    action_items: [{ title: text(2), owner: text(3), priority: 'P1', type: 'detection', due: '2w' }],
  };
  const saved = await api(`/api/drills/${drill.id}/postmortem`, 'PUT', joined.token, { draft: sections });
  expect(saved.status).toBe(200);
  await api(`/api/drills/${drill.id}/postmortem/submit`, 'POST', joined.token, { postmortem: sections });
  await api(`/api/drills/${drill.id}/publish`, 'POST', drill.facilitatorToken, { published: true });
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('user text never runs as code', () => {
  const traineeSeat = (): Seat => ({ drillId: drill.id, token: trainee.token, audience: 'trainee', name: trainee.name, role: 'commander', joinCode: drill.joinCode });
  const screens: [string, () => Seat[], (d: CreatedDrill) => string, string][] = [
    ['the trainee room', () => [traineeSeat()], (d) => `#/drills/${d.id}/room`, 'dh-room-header'],
    ['the facilitator console', () => [facilitatorSeat(drill)], (d) => `#/drills/${d.id}/facilitator`, 'dh-answer-key'],
    ['the postmortem editor', () => [traineeSeat()], (d) => `#/drills/${d.id}/postmortem`, 'dh-postmortem'],
    ['the report (facilitator)', () => [facilitatorSeat(drill)], (d) => `#/drills/${d.id}/report`, 'dh-report'],
    ['the report (trainee)', () => [traineeSeat()], (d) => `#/drills/${d.id}/report`, 'dh-report'],
  ];
  for (const [name, seats, hash, ready] of screens) {
    it(name, async () => {
      const { page, dialogs, errors } = await open(seats(), hash(drill));
      await page.locator(ready).first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1500);
      // Visit every tab of the room so each panel renders the payloads.
      for (const tab of await page.locator('dh-room [role="tab"]').all()) { await tab.click(); await page.waitForTimeout(150); }
      expect(await page.evaluate((m) => (window as unknown as Record<string, unknown>)[m], MARK)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(await injectedNodes(page)).toEqual([]);
      expect(errors.filter((e) => !/Content Security Policy/i.test(e))).toEqual([]);
    }, 90_000);
  }

  it('shows the payloads as text', async () => {
    const { page } = await open([{ drillId: drill.id, token: trainee.token, audience: 'trainee', name: trainee.name, role: 'commander', joinCode: drill.joinCode }], `#/drills/${drill.id}/room`);
    await page.locator('dh-room-header').waitFor({ timeout: 30_000 });
    await page.locator('dh-room [role="tab"]', { hasText: 'Timeline' }).click();
    // Text inside shadow roots: innerText does not cross them, so walk them.
    const deepText = () => page.evaluate(() => {
      let out = '';
      const visit = (root: Document | ShadowRoot): void => {
        for (const el of Array.from(root.querySelectorAll('*'))) {
          for (const n of Array.from(el.childNodes)) if (n.nodeType === Node.TEXT_NODE) out += n.textContent ?? '';
          if (el.shadowRoot) visit(el.shadowRoot);
        }
      };
      visit(document);
      return out;
    });
    await until(async () => (await deepText()).includes('<script>window.dhxss=1</script>'), 'the script payload shown as text');
  }, 90_000);
});
