import { describe, expect, it } from 'vitest';
import type { DrillEvent } from '../../contract/events.js';
import { applyEvent, EMPTY_STATE, foldEvents } from '../../contract/drill-state.js';
import { faultRows, inboxOrder, type AlertRow } from '../../contract/drill-state.js';

const faults = [
  { id: 'pool', title: 'Pool', service: 'checkout' },
  { id: 'cache', title: 'Cache', service: 'catalog' },
];

describe('the drill state folded from events', () => {
  it('follows faults from their start through each change, and leaves unstarted ones pending', () => {
    const events: DrillEvent[] = [
      { t: 300, type: 'fault_started', fault: 'pool', title: 'Pool' },
      { t: 600, type: 'fault_changed', fault: 'pool', status: 'mitigated', level: 0.1, cause: 'rollback completed' },
    ];
    expect(faultRows(faults, foldEvents(events))).toEqual([
      { id: 'pool', title: 'Pool', service: 'checkout', status: 'mitigated', startedAt: 300, level: 0.1 },
      { id: 'cache', title: 'Cache', service: 'catalog', status: 'pending', level: 0 },
    ]);
  });

  it('is the same whether folded at once or moved on one event at a time from a snapshot', () => {
    const events: DrillEvent[] = [
      { t: 100, type: 'alert_firing', alert: 'HighLatency', fingerprint: 'a', labels: { service: 'checkout' }, annotations: {}, value: 2 },
      { t: 160, type: 'alert_acknowledged', alert: 'HighLatency', fingerprints: ['a'], by: 'Ada' },
      { t: 200, type: 'incident_declared', severity: 'SEV2', title: 'Checkout slow', by: 'Ada' },
      { t: 260, type: 'team_paged', team: 'dba', joinsAt: 500, by: 'Ada' },
      { t: 300, type: 'action_started', action: 'rollback', label: 'Roll back', params: {}, doneAt: 420, by: 'Bo' },
      { t: 420, type: 'action_completed', action: 'rollback', label: 'Roll back', outcome: 'done' },
    ];
    const snapshot = foldEvents(events.slice(0, 3));
    const moved = events.slice(3).reduce(applyEvent, snapshot);
    expect(moved).toEqual(foldEvents(events));
    expect(moved.alerts[0]).toMatchObject({ state: 'firing', acknowledgedAt: 160, acknowledgedBy: 'Ada' });
    expect(moved.actions[0]).toMatchObject({ completedAt: 420, outcome: 'done' });
    expect(EMPTY_STATE.alerts).toEqual([]);
  });
});

describe('the alert inbox order', () => {
  const row = (alert: string, state: AlertRow['state'], activeAt: number, more: Partial<AlertRow> = {}): AlertRow =>
    ({ fingerprint: alert, alert, labels: {}, annotations: {}, value: 1, state, activeAt, ...(state !== 'pending' ? { firedAt: activeAt + 60 } : {}), ...more });

  it('puts firing unacknowledged alerts first, newest first within each kind', () => {
    const alerts = [
      row('Resolved', 'resolved', 0),
      row('PendingOld', 'pending', 100),
      row('AckedNew', 'firing', 500, { acknowledgedAt: 600 }),
      row('FiringOld', 'firing', 200),
      row('FiringNew', 'firing', 400),
      row('PendingNew', 'pending', 300),
    ];
    expect([...alerts].sort(inboxOrder).map((a) => a.alert)).toEqual(['FiringNew', 'FiringOld', 'AckedNew', 'PendingNew', 'PendingOld', 'Resolved']);
  });
});
