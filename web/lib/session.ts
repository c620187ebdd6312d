import { roleName } from '../../contract/commands.js';

/**
 * Who this browser is in each drill: the token the server gave when the facilitator created
 * the drill or the trainee joined. Kept in localStorage so a reload or a dropped laptop lid
 * does not lose the seat; never put in URLs that get shared (the join link carries only the
 * join code).
 */
export interface Seat {
  readonly drillId: string;
  readonly token: string;
  readonly audience: 'facilitator' | 'trainee';
  readonly name: string;
  readonly role?: string;
  readonly joinCode?: string;
  /** the scenario, so lists and the top bar can name the drill without asking the server */
  readonly scenarioId?: string;
  readonly scenarioTitle?: string;
  /** the team running the drill, when it was created for one: a facilitator seat opens that team's history */
  readonly team?: string;
}

/** Who this browser is in the drill, for the top bar and review lines: "facilitating", or "Ada · Scribe". */
export function seatDetail(seat: Seat): string {
  return seat.audience === 'facilitator' ? 'facilitating' : `${seat.name} · ${seat.role ? roleName(seat.role) : 'trainee'}`;
}

const KEY = 'drillhall.seats';

function all(storage: Storage = localStorage): Record<string, Seat> {
  try { return JSON.parse(storage.getItem(KEY) ?? '{}') as Record<string, Seat>; } catch { return {}; }
}

export function seatFor(drillId: string, storage: Storage = localStorage): Seat | undefined {
  return all(storage)[drillId];
}

export function saveSeat(seat: Seat, storage: Storage = localStorage): void {
  storage.setItem(KEY, JSON.stringify({ ...all(storage), [seat.drillId]: seat }));
}

export function forgetSeat(drillId: string, storage: Storage = localStorage): void {
  const seats = all(storage);
  delete seats[drillId];
  storage.setItem(KEY, JSON.stringify(seats));
}

/** Drills this browser has a seat in, newest first by insertion. */
export function mySeats(storage: Storage = localStorage): Seat[] {
  return Object.values(all(storage)).reverse();
}
