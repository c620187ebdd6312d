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

  it('draws a threshold as a dashed red line the y axis reaches, and keeps a markers lane above the plot', async () => {
    const r = await page.evaluate(async () => {
      const el = document.createElement('dh-test-chart');
      document.body.append(el);
      await el.updateComplete;
      const markers = [
        { t: 120, label: 'Deploy v2.4.0', kind: 'change' as const, detail: 'Deploy to checkout v2.4.0: New receipt e-mail template (ana)' },
        { t: 130, label: '▶ Roll back checkout config to the previous version', kind: 'action' as const, end: 190 },
      ];
      el.show([{ label: 'p99', points: [[0, 0.2], [300, 0.3], [600, 0.25]] }], markers, [{ value: 1, label: 'CheckoutHighLatency > 1s' }]);
      const chart = el.controller.chart!;
      const y = chart.scales.y!;
      const py = Math.round(y.getPixelForValue(1));
      // the dashed line: threshold red somewhere along its row, in the middle of the plot
      const ctx = chart.ctx;
      const ratio = chart.currentDevicePixelRatio;
      const row = ctx.getImageData(0, Math.round(py * ratio), chart.width * ratio, 1).data;
      let red = 0;
      for (let i = 0; i < row.length; i += 4) if (row[i]! > 200 && row[i + 1]! < 120 && row[i + 2]! < 120) red++;
      const rect = chart.canvas.getBoundingClientRect();
      el.id = 'lane';
      return { max: y.max, top: chart.chartArea.top, red, lane: { x: rect.left + chart.scales.x!.getPixelForValue(120), y: rect.top + chart.chartArea.top - 8 } };
    });
    expect(r.max).toBeGreaterThan(1);
    expect(r.top).toBeGreaterThanOrEqual(2 * 14);
    expect(r.red).toBeGreaterThan(50);
    // hovering the lane over the first marker shows its whole text as the canvas's tooltip
    await page.mouse.move(r.lane.x, r.lane.y);
    const canvas = page.locator('#lane canvas');
    await expect.poll(() => canvas.getAttribute('title')).toContain('T+2:00  Deploy to checkout v2.4.0: New receipt e-mail template (ana)');
    // in the plot, no marker text: the values at the pointer are drawn instead (the canvas changes)
    const before = await canvas.screenshot();
    await page.mouse.move(r.lane.x + 100, r.lane.y + 60);
    await expect.poll(() => canvas.getAttribute('title')).toBe('');
    await expect.poll(async () => (await canvas.screenshot()).equals(before)).toBe(false);
    await page.evaluate(() => document.getElementById('lane')!.remove());
  });
});
