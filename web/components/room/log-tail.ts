/**
 * The live log tail: each poll asks for the lines after the newest one held (`from` is
 * exclusive on the server), and the answer is appended. Only the newest lines are kept, and a
 * poll that came back full (the server returns the newest `limit`) may have skipped older lines:
 * that gap is marked so nobody reads the tail as complete.
 */
import type { LogLine } from '../../../server/sim/logs.js';

export type TailEntry = LogLine | { readonly gap: true; readonly t: number };

export interface Tail {
  readonly entries: readonly TailEntry[];
  /** the sim time the next poll continues from */
  readonly since?: number;
}

export const EMPTY_TAIL: Tail = { entries: [] };

export function isGap(e: TailEntry): e is Extract<TailEntry, { gap: true }> {
  return 'gap' in e;
}

/**
 * Append a poll's answer. `limit` is what the poll asked for: a full answer starting after
 * `since` means lines between were dropped by the server, marked with a gap entry.
 * @returns the new tail and how many lines were added
 */
export function appendTail(tail: Tail, reply: { lines: readonly LogLine[]; to: number }, limit: number, keep: number): { tail: Tail; added: number } {
  const fresh = tail.since === undefined ? reply.lines : reply.lines.filter((l) => l.t > tail.since!);
  const truncated = tail.since !== undefined && reply.lines.length >= limit && fresh.length > 0;
  let entries: TailEntry[] = [...tail.entries, ...(truncated ? [{ gap: true as const, t: fresh[0]!.t }] : []), ...fresh];
  if (entries.length > keep) entries = entries.slice(entries.length - keep);
  while (entries.length && isGap(entries[0]!)) entries.shift();
  return { tail: { entries, since: Math.max(tail.since ?? 0, reply.to) }, added: fresh.length };
}
