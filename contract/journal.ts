/**
 * A drill's journal: every accepted command, clock control, join, publication and submission,
 * stamped with sim time and who. Replaying it regenerates the whole drill (metrics and logs are
 * never stored). Not to be confused with a simulated log line (`LogLine`), which services print.
 */
import type { ClockControl, Command, Role } from './commands.js';

interface Stamp {
  readonly t: number;
  /** a participant id, "facilitator" or "server" */
  readonly who: string;
}

export type JournalEntry =
  | Stamp & { readonly kind: 'command'; /** the name shown */ readonly by: string; readonly command: Command }
  | Stamp & { readonly kind: 'control'; readonly by: string; readonly control: ClockControl; readonly reason?: string }
  | Stamp & { readonly kind: 'join'; readonly name: string; readonly role: Role }
  /** the facilitator published (or withdrew) the report; publishing puts `report_published` in the stream */
  | Stamp & { readonly kind: 'publish'; readonly by: string; readonly published: boolean }
  /** a postmortem was submitted; puts `postmortem_submitted` in the stream so the whole team sees it */
  | Stamp & { readonly kind: 'submit'; readonly by: string };
export type JournalKind = JournalEntry['kind'];

/** created: waiting for the facilitator's start; then running and paused until the end. */
export const CLOCK_PHASES = ['created', 'running', 'paused', 'ended'] as const;
export type ClockPhase = (typeof CLOCK_PHASES)[number];
