/**
 * The live log tail: each poll asks for the lines after the newest one held (`from` is
 * exclusive on the server), and the answer is appended. Only the newest lines are kept, and a
 * poll that came back full (the server returns the newest `limit`) may have skipped older lines:
 * that gap is marked so nobody reads the tail as complete.
 *
 * Reading back: the tail also knows its `floor`, the time down to which it holds every line, and
 * a page of older lines (`to` = the floor) goes in front of it, so a reader can go back through
 * the whole drill a page at a time, whatever the server's page size.
 */
import type { LogLine } from '../../../contract/logs.js';

export type TailEntry = LogLine | { readonly gap: true; readonly t: number };

export interface Tail {
  readonly entries: readonly TailEntry[];
  /** the sim time the next poll continues from */
  readonly since?: number;
  /**
   * Every line with floor < t up to the first gap is held (plus, at exactly `floor`, the last
   * lines of that instant): where the next page of older lines ends.
   */
  readonly floor?: number;
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
export function appendTail(tail: Tail, reply: { lines: readonly LogLine[]; from?: number; to: number }, limit: number, keep: number): { tail: Tail; added: number } {
  const fresh = tail.since === undefined ? reply.lines : reply.lines.filter((l) => l.t > tail.since!);
  const truncated = tail.since !== undefined && reply.lines.length >= limit && fresh.length > 0;
  let entries: TailEntry[] = [...tail.entries, ...(truncated ? [{ gap: true as const, t: fresh[0]!.t }] : []), ...fresh];
  let floor = tail.since === undefined ? pageFloor(reply, limit) : tail.floor;
  if (entries.length > keep) {
    entries = entries.slice(entries.length - keep);
    while (entries.length && isGap(entries[0]!)) entries.shift();
    floor = entries[0]?.t ?? floor;
  }
  return { tail: { entries, since: Math.max(tail.since ?? 0, reply.to), ...(floor !== undefined ? { floor } : {}) }, added: fresh.length };
}

/** Down to where a page holds every line of its window: all of it, unless it came back full. */
function pageFloor(reply: { lines: readonly LogLine[]; from?: number }, limit: number): number | undefined {
  return reply.lines.length >= limit ? reply.lines[0]!.t : reply.from;
}

/**
 * Put a page of older lines (the server's newest `limit` with from < t <= floor) in front of the
 * tail. The tail's lines at exactly `floor` are the last ones of that instant, so that many are
 * dropped from the end of the page's own lines at that instant.
 * @returns the new tail (and floor) and how many lines were added
 */
export function prependOlder(tail: Tail, reply: { lines: readonly LogLine[]; from: number }, limit: number): { tail: Tail; added: number } {
  const held = tail.entries.filter((e) => !isGap(e) && e.t === tail.floor).length;
  let drop = held;
  const older: LogLine[] = [];
  for (let i = reply.lines.length - 1; i >= 0; i--) {
    const l = reply.lines[i]!;
    if (drop > 0 && l.t === tail.floor) { drop--; continue; }
    older.unshift(l);
  }
  // A full page all at the floor's instant (more lines in one millisecond than a page) cannot
  // move the floor: step past that instant rather than ask for the same page for ever.
  const floor = pageFloor(reply, limit)!;
  return { tail: { ...tail, entries: [...older, ...tail.entries], floor: floor === tail.floor ? floor - 0.001 : floor }, added: older.length };
}

