/**
 * Chart markers people can read: named in words (an action by its title, a change by what it
 * did, never an id), and laid out in the lane above the plot without overlapping each other,
 * cut with an ellipsis where they would be too long.
 */
import { describe, expect, it } from 'vitest';
import { publicScenario } from '../../server/drills/visibility.js';
import { layoutLane } from '../../web/lib/chart-controller.js';
import { addEvent, EMPTY_MODEL } from '../../web/lib/drill-model.js';
import { markersFor } from '../../web/components/room/markers.js';
import { EXAMPLE_TEXT, mustParse } from '../helpers/scenario.js';

const example = publicScenario(mustParse(EXAMPLE_TEXT));
/** 6 px a character: close enough to 11 px system-ui for layout tests */
const measure = (s: string) => 6 * s.length;

describe('markers in words', () => {
  const model = [
    { t: 240, type: 'change' as const, change: 'cfg-pool-size', kind: 'config' as const, service: 'checkout', summary: 'orders pool: maximumPoolSize 50 -> 10 (cost review CR-2231)', author: 'cost-review-bot' },
    { t: 600, type: 'action_started' as const, action: 'rollback-pool-config', label: 'Roll back checkout config to the previous version', params: {}, doneAt: 660, by: 'Ada' },
    { t: 660, type: 'action_completed' as const, action: 'rollback-pool-config', label: 'Roll back checkout config to the previous version', outcome: 'checkout config reverted; maximumPoolSize is 50 again.' },
    { t: 700, type: 'action_started' as const, action: 'set-pool-size', label: 'Set checkout pool size', params: { size: '25' }, doneAt: 760, by: 'Bo' },
    { t: 720, type: 'action_started' as const, action: 'restart-orders-db', label: 'Restart the orders-db primary', params: {}, doneAt: 810, by: 'Bo' },
  ].reduce((m, e) => addEvent(m, e as Parameters<typeof addEvent>[1]), EMPTY_MODEL);

  it('names deploys by version, changes by what they did and actions by their title', () => {
    const markers = markersFor(example, model, 'checkout');
    expect(markers.map((m) => [m.t, m.label])).toEqual([
      [-259200, 'Deploy v2.3.9'],
      [-7200, 'Deploy v2.4.0'],
      [240, 'orders pool: maximumPoolSize 50 -> 10 (cost review CR-2231)'],
      [600, '▶ Roll back checkout config to the previous version'],
      [700, '▶ Set checkout pool size'],
    ]);
    expect(markers.map((m) => m.detail)).toEqual([
      'Deploy to checkout v2.3.9: Add Apple Pay button (ana)',
      'Deploy to checkout v2.4.0: New receipt e-mail template (ana)',
      'Config to checkout: orders pool: maximumPoolSize 50 -> 10 (cost review CR-2231) (cost-review-bot)',
      'Roll back checkout config to the previous version, run by Ada; done T+11:00: checkout config reverted; maximumPoolSize is 50 again.',
      'Set checkout pool size (size=25), run by Bo',
    ]);
    expect(markers[3]).toMatchObject({ kind: 'action', end: 660 });
    expect(JSON.stringify(markers)).not.toMatch(/rollback-pool-config|cfg-pool-size|set-pool-size/);
  });

  it('keeps each service’s markers to that service, and every one on the unlabelled charts', () => {
    expect(markersFor(example, model, 'orders-db').map((m) => m.label)).toEqual(['▶ Restart the orders-db primary']);
    expect(markersFor(example, model, undefined)).toHaveLength(example.changes.length + 4);
  });
});

describe('the markers lane', () => {
  it('puts labels right of their line, on the first row where they overlap nothing', () => {
    const lane = layoutLane([{ x: 10, text: 'Deploy v2' }, { x: 20, text: 'Roll back' }, { x: 200, text: 'Flag' }], 0, 400, 2, measure);
    expect(lane).toEqual([
      { row: 0, x: 13, width: 54, text: 'Deploy v2' },
      { row: 1, x: 23, width: 54, text: 'Roll back' },
      { row: 0, x: 203, width: 24, text: 'Flag' },
    ]);
  });

  it('never lets two labels of a row overlap, and leaves a label out when no row has room', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ x: 30 + 8 * i, text: `Marker number ${i}` }));
    const lane = layoutLane(items, 0, 600, 2, measure);
    for (const row of [0, 1]) {
      const boxes = lane.filter((l) => l.row === row).sort((a, b) => a.x - b.x);
      for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.x).toBeGreaterThanOrEqual(boxes[i - 1]!.x + boxes[i - 1]!.width + 6);
    }
    expect(lane.filter((l) => l.row === -1).length).toBe(10);
    for (const l of lane) expect(l.x + l.width).toBeLessThanOrEqual(600);
  });

  it('cuts long labels at a word with an ellipsis, and flips them left of the line at the right edge', () => {
    const [long] = layoutLane([{ x: 0, text: '▶ Roll back checkout config to the previous version' }], 0, 1000, 1, measure, 170);
    expect(long!.text).toBe('▶ Roll back checkout config…');
    expect(long!.width).toBeLessThanOrEqual(170);
    const [word] = layoutLane([{ x: 0, text: 'orders pool: maximumPoolSize 50 -> 10' }], 0, 1000, 1, measure, 160);
    expect(word!.text).toBe('orders pool: maximumPoolS…');
    const [edge] = layoutLane([{ x: 390, text: 'Deploy v2' }], 0, 400, 1, measure);
    expect(edge).toMatchObject({ row: 0, x: 390 - 3 - 54 });
  });
});
