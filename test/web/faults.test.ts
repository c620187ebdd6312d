import { describe, expect, it } from 'vitest';
import type { DrillEvent } from '../../server/drills/protocol.js';
import { faultStates, type FaultRow } from '../../web/lib/faults.js';

const snapshot: FaultRow[] = [
  { id: 'pool', title: 'Pool', service: 'checkout', status: 'pending', level: 0 },
  { id: 'cache', title: 'Cache', service: 'catalog', status: 'active', startedAt: 100, level: 0.6 },
];

describe('fault states', () => {
  it('moves the snapshot on by the events after it', () => {
    const events: DrillEvent[] = [
      { t: 100, type: 'fault_started', fault: 'cache', title: 'Cache' },
      { t: 300, type: 'fault_started', fault: 'pool', title: 'Pool' },
      { t: 600, type: 'fault_changed', fault: 'pool', status: 'mitigated', level: 0.1, cause: 'rollback completed' },
      { t: 700, type: 'fault_changed', fault: 'nope', status: 'resolved', level: 0, cause: 'x' },
    ];
    const rows = faultStates(snapshot, events, 1);
    expect(rows).toEqual([
      { id: 'pool', title: 'Pool', service: 'checkout', status: 'mitigated', startedAt: 300, level: 0.1 },
      snapshot[1],
    ]);
    expect(snapshot[0]!.status).toBe('pending');
  });
});
