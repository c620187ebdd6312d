/**
 * Three pure helpers of the room: what a pin shows (evidence.ts), what an action's parameter is
 * set to now (param-values.ts), and paging back through the logs (log-tail.ts, prependOlder).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DrillEvent } from '../../contract/events.js';
import { publicScenario } from '../../server/drills/visibility.js';
import type { LogLine } from '../../contract/logs.js';
import { describePin, pinLine, type Pin } from '../../web/components/room/evidence.js';
import { appendTail, EMPTY_TAIL, prependOlder } from '../../web/components/room/log-tail.js';
import { currentValue, removedValue } from '../../web/components/room/param-values.js';
import type { ActionRun } from '../../contract/drill-state.js';
import { EXAMPLE_TEXT, mustParse, SCENARIO_DIR } from '../helpers/scenario.js';

const full = mustParse(EXAMPLE_TEXT);
const scenario = publicScenario(full);
const pin = (kind: Pin['kind'], ref: string, t = 700): Pin => ({ t, type: 'evidence_pinned', kind, ref, by: 'Ada' });

describe('pinned evidence', () => {
  const events: DrillEvent[] = [
    { t: 600, type: 'question_asked', team: 'payments', question: 'pool?', by: 'Ada' },
    { t: 600, type: 'answer', team: 'payments', responder: 'Priya Natarajan', text: 'Checkout talks to orders-db through a HikariCP pool.', answer: 'payments/0' },
    { t: 650, type: 'alert_firing', alert: 'CheckoutErrorRate', fingerprint: 'f1', labels: {}, annotations: { summary: '5.3% of checkout requests fail' }, value: 0.053 } as DrillEvent,
  ];
  const ctx = { events, changes: full.changes, scenario };

  it('shows an answer, not its id: who answered and what they said', () => {
    const v = describePin(pin('answer', 'payments/0'), ctx);
    expect(v).toEqual({ title: 'answer from Priya Natarajan (Payments)', body: 'Checkout talks to orders-db through a HikariCP pool.' });
    expect(pinLine(pin('answer', 'payments/0'), v)).toBe('Ada pinned answer from Priya Natarajan (Payments): Checkout talks to orders-db through a HikariCP pool.');
  });

  it('shows a change by its summary, an alert by its summary when it fired, a log line as it is', () => {
    expect(describePin(pin('change', 'cfg-pool-size'), ctx)).toEqual({ title: 'config change on checkout by cost-review-bot', body: 'orders pool: maximumPoolSize 50 -> 10 (cost review CR-2231)' });
    expect(describePin(pin('alert', 'CheckoutErrorRate'), ctx)).toEqual({ title: 'alert CheckoutErrorRate', body: '5.3% of checkout requests fail' });
    expect(describePin(pin('log', 'HikariPool-1 - Connection is not available'), ctx)).toMatchObject({ title: 'log line', body: 'HikariPool-1 - Connection is not available', mono: true });
  });

  it('names a pinned chart by its title and asks for its value at the pin time', () => {
    const q = 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="checkout"}[1m])))';
    expect(describePin(pin('chart', q), ctx)).toEqual({ title: 'chart checkout p99 latency', body: q, mono: true, expr: q, unit: 's' });
    expect(describePin(pin('query', 'up'), ctx)).toEqual({ title: 'query', body: 'up', mono: true, expr: 'up' });
  });

  it('falls back to the reference when the thing is not known (an answer not seen yet)', () => {
    expect(describePin(pin('answer', 'dba/1'), ctx)).toEqual({ title: 'answer', body: 'dba/1' });
    expect(describePin(pin('answer', 'payments/0', 500), ctx)).toEqual({ title: 'answer', body: 'payments/0' });
  });
});

describe('parameter values now', () => {
  const actions = scenario.actions;
  const setPool = actions.find((a) => a.id === 'set-pool-size')!;
  const size = setPool.params[0]!;
  const run = (action: string, completedAt: number | undefined, params: Record<string, string> = {}): ActionRun =>
    ({ action, label: action, params, startedAt: (completedAt ?? 1000) - 60, doneAt: (completedAt ?? 1000), ...(completedAt !== undefined ? { completedAt } : {}) });

  it('reads the value a diff took away, for the parameter its key names', () => {
    const diff = '- spring.datasource.hikari.maximum-pool-size: 50\n+ spring.datasource.hikari.maximum-pool-size: 10\n';
    expect(removedValue(diff, size)).toBe('50');
    expect(removedValue('- other.thing: 50', size)).toBeUndefined();
    // a value the parameter does not take is not it
    expect(removedValue('- maximum-pool-size: 40', size)).toBeUndefined();
  });

  it('keeps the scenario default until something says otherwise', () => {
    expect(currentValue(actions, setPool, size, full.changes, [])).toBeUndefined();
    expect(currentValue(actions, setPool, size, full.changes, [run('rollback-pool-config', undefined)])).toBeUndefined();
  });

  it('after a rollback, the value from before the faulty change; after a set, what was set', () => {
    expect(currentValue(actions, setPool, size, full.changes, [run('rollback-pool-config', 900)])).toBe('50');
    expect(currentValue(actions, setPool, size, full.changes, [run('set-pool-size', 800, { size: '25' })])).toBe('25');
    expect(currentValue(actions, setPool, size, full.changes, [run('set-pool-size', 800, { size: '25' }), run('rollback-pool-config', 900)])).toBe('50');
    expect(currentValue(actions, setPool, size, full.changes, [run('rollback-pool-config', 900), run('set-pool-size', 1000, { size: '25' })])).toBe('25');
    // a restart changes no configuration
    expect(currentValue(actions, setPool, size, full.changes, [run('restart-checkout', 900)])).toBeUndefined();
  });

  it('works for another scenario named differently (max.poll.interval.ms)', () => {
    const kafkaFull = mustParse(readFileSync(`${SCENARIO_DIR}kafka-consumer-lag.yaml`, 'utf8'), 'kafka-consumer-lag.yaml');
    const kafka = publicScenario(kafkaFull);
    const set = kafka.actions.find((a) => a.id === 'set-poll-interval')!;
    expect(currentValue(kafka.actions, set, set.params[0]!, kafkaFull.changes, [run('revert-poll-interval', 900)])).toBe('300000');
  });
});

describe('paging back through the logs', () => {
  const line = (t: number, text = `line ${t}`): LogLine => ({ t, service: 'web', level: 'info', text });

  it('knows down to where it holds every line: the window, or the oldest line of a full page', () => {
    expect(appendTail(EMPTY_TAIL, { lines: [line(10), line(20)], from: 5, to: 20 }, 3, 100).tail.floor).toBe(5);
    expect(appendTail(EMPTY_TAIL, { lines: [line(10), line(20), line(30)], from: 5, to: 30 }, 3, 100).tail.floor).toBe(10);
  });

  it('puts older pages in front, without repeating the lines of the instant it had already', () => {
    // The newest 3 of (0, 30]: two of the three lines at t=20 came back, and 30.
    let tail = appendTail(EMPTY_TAIL, { lines: [line(20, 'b'), line(20, 'c'), line(30)], from: 0, to: 30 }, 3, 100).tail;
    expect(tail.floor).toBe(20);
    // The page before: (0, 20], newest 3: the 10, and all three lines at 20.
    const page = prependOlder(tail, { lines: [line(20, 'a'), line(20, 'b'), line(20, 'c')], from: 0 }, 3);
    expect(page.added).toBe(1);
    tail = page.tail;
    expect(tail.entries.map((e) => ('text' in e ? e.text : 'gap'))).toEqual(['a', 'b', 'c', 'line 30']);
    // That page was all one instant: the floor steps past it instead of asking for it again.
    expect(tail.floor).toBeCloseTo(19.999);
    const last = prependOlder(tail, { lines: [line(10)], from: 0 }, 3);
    expect(last.tail.entries.map((e) => ('text' in e ? e.text : 'gap'))).toEqual(['line 10', 'a', 'b', 'c', 'line 30']);
    expect(last.tail.floor).toBe(0);
  });

  it('pages back by the oldest line of a full page', () => {
    const tail = appendTail(EMPTY_TAIL, { lines: [line(40), line(50), line(60)], from: 0, to: 60 }, 3, 100).tail;
    const page = prependOlder(tail, { lines: [line(10), line(20), line(30)], from: 0 }, 3);
    expect(page.tail.entries.map((e) => e.t)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(page.tail.floor).toBe(10);
  });
});
