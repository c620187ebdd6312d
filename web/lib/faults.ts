/**
 * The scenario's faults as the facilitator follows them: the server's view (status and
 * strength when the snapshot was taken) moved on by the fault events that came after it.
 */
import type { DrillEvent } from '../../server/drills/protocol.js';
import type { FacilitatorView } from '../../server/drills/visibility.js';

export type FaultRow = FacilitatorView['faults'][number];

/**
 * Fold `events[since..]` into the snapshot's faults.
 * @example faultStates(view.faults, model.events, view.events.length)
 */
export function faultStates(faults: readonly FaultRow[], events: readonly DrillEvent[], since: number): FaultRow[] {
  const byId = new Map(faults.map((f) => [f.id, { ...f }]));
  for (const e of events.slice(since)) {
    if (e.type !== 'fault_started' && e.type !== 'fault_changed') continue;
    const f = byId.get(e.fault);
    if (!f) continue;
    if (e.type === 'fault_started') byId.set(e.fault, { ...f, status: 'active', startedAt: e.t, level: Math.max(f.level, 1) });
    else byId.set(e.fault, { ...f, status: e.status, level: e.level });
  }
  return faults.map((f) => byId.get(f.id)!);
}
