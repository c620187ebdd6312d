/**
 * ChartController's lifecycle in a real browser: a chart is created on the first show (not
 * before), later shows update the same chart in place, and leaving the page destroys it.
 *
 * The fixture element is bundled on its own with Vite and loaded into a blank page with
 * setContent: no server needed, nothing test-only in the product bundle, and the controller
 * runs against real Chart.js on a real canvas.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { bundleFixture, launchBrowser } from './browser.js';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const bundle = await bundleFixture(fileURLToPath(new URL('./fixtures/chart-fixture.ts', import.meta.url)), 'chart-fixture');
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  await page.setContent('<!doctype html><html><body style="background:#0d1117"></body></html>');
  await page.addScriptTag({ path: bundle, type: 'module' });
  await page.waitForFunction(() => 'dhChartTest' in window);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('ChartController', () => {
  it('creates the chart on the first show, not before', async () => {
    const r = await page.evaluate(async () => {
      const el = document.createElement('dh-test-chart');
      el.id = 'c';
      document.body.append(el);
      await el.updateComplete;
      const before = { chart: el.controller.chart !== undefined, live: window.dhChartTest.live() };
      el.show([{ label: 'p99', points: [[0, 120], [15, 130], [30, 125]] }]);
      return { before, after: { chart: el.controller.chart !== undefined, live: window.dhChartTest.live(), points: el.controller.chart?.data.datasets[0]?.data.length } };
    });
    expect(r.before).toEqual({ chart: false, live: 0 });
    expect(r.after).toEqual({ chart: true, live: 1, points: 3 });
  });

  it('updates the same chart in place when the data changes', async () => {
    const r = await page.evaluate(() => {
      const el = document.getElementById('c') as HTMLElementTagNameMap['dh-test-chart'];
      const first = el.controller.chart!;
      const canvas = first.canvas;
      el.show([{ label: 'p99', points: [[0, 120], [15, 130], [30, 125], [45, 900]] }, { label: 'p50', points: [[0, 40], [15, 41]] }]);
      const now = el.controller.chart!;
      return { same: now === first, sameCanvas: now.canvas === canvas, live: window.dhChartTest.live(), sets: now.data.datasets.map((d) => d.data.length), labels: now.data.datasets.map((d) => d.label) };
    });
    expect(r).toEqual({ same: true, sameCanvas: true, live: 1, sets: [4, 2], labels: ['p99', 'p50'] });
  });

  it('destroys the chart when the element leaves the page, and makes a new one if it comes back', async () => {
    const r = await page.evaluate(async () => {
      const el = document.getElementById('c') as HTMLElementTagNameMap['dh-test-chart'];
      const old = el.controller.chart!;
      el.remove();
      const gone = { chart: el.controller.chart === undefined, live: window.dhChartTest.live(), oldCtx: old.ctx === null };
      document.body.append(el);
      await el.updateComplete;
      el.show([{ label: 'p99', points: [[0, 1]] }]);
      return { gone, back: { fresh: el.controller.chart !== undefined && el.controller.chart !== old, live: window.dhChartTest.live() } };
    });
    expect(r.gone).toEqual({ chart: true, live: 0, oldCtx: true });
    expect(r.back).toEqual({ fresh: true, live: 1 });
  });
});
