/**
 * The drill as a browser holds it: the shared state (contract/drill-state.ts, folded by the same
 * function the server uses for its snapshot), the events in stream order for the timeline and
 * feed, and the clock.
 */
import { applyEvent, EMPTY_STATE, foldEvents, type DrillState } from '../../contract/drill-state.js';
import type { DrillEvent, Sequenced } from '../../contract/events.js';
import type { ClockView } from '../../contract/messages.js';

export interface DrillModel extends DrillState {
  readonly clock?: ClockView;
  /** every event, in stream order */
  readonly events: readonly DrillEvent[];
}

export const EMPTY_MODEL: DrillModel = { ...EMPTY_STATE, events: [] };

/** The model moved on by one event. */
export function addEvent(m: DrillModel, e: DrillEvent): DrillModel {
  return { ...applyEvent(m, e), events: [...m.events, e] };
}

/** A model from events alone (tests, replays). */
export function modelFrom(events: readonly DrillEvent[], clock?: ClockView): DrillModel {
  return { ...foldEvents(events), events, ...(clock ? { clock } : {}) };
}

/** A model from the server's snapshot: its folded state and its events, as sent. */
export function modelFromSnapshot(view: { readonly state: DrillState; readonly events: readonly Sequenced[] }, clock?: ClockView): DrillModel {
  return { ...view.state, events: view.events.map((s) => s.event), ...(clock ? { clock } : {}) };
}
