/**
 * How the review pages write scores, save states, wall times and file names. Pure and small, so
 * the wording is tested once and reads the same on the editor, the report and the history.
 */
import { formatClock, formatDuration } from '../../../contract/duration.js';

export { formatClock, formatDuration };

/**
 * Points as a reviewer reads them: at most two decimals, no trailing zeros, a real minus sign.
 * @example points(7.5) // '7.5'; points(-4) // '−4'; points(3.333) // '3.33'
 */
export function points(n: number): string {
  const r = Math.round(n * 100) / 100 + 0;
  const s = Math.abs(r).toFixed(2).replace(/\.?0+$/, '');
  return r < 0 ? `−${s}` : s;
}

/** `7.5 / 10` */
export function outOf(earned: number, possible: number): string {
  return `${points(earned)} / ${points(possible)}`;
}

/** Share of the possible points, 0..100, for bars; 0 when nothing was possible. */
export function percentOf(earned: number, possible: number): number {
  if (!(possible > 0)) return 0;
  return Math.max(0, Math.min(100, (earned / possible) * 100));
}

/** A phase's standing as a word for badges: full marks, partial, none, or pending. */
export function standing(p: { earned: number; possible: number; pending: boolean }): 'pending' | 'ok' | 'warn' | 'bad' {
  if (p.pending) return 'pending';
  const pc = percentOf(p.earned, p.possible);
  if (pc >= 90) return 'ok';
  if (pc >= 50) return 'warn';
  return 'bad';
}

/** Wall-clock time of day, 24-hour, to the second: `14:02:09`. */
export function wallTime(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** A wall-clock date for lists: `2025-06-01 14:02`. */
export function wallDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** An ISO time (reviews are stamped so) as a reviewer reads it, local date and minute; the text itself when it is not a time. */
export function isoShort(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : wallDate(ms);
}

export type SaveState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'dirty' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved'; readonly at: number; readonly by: string | null }
  | { readonly kind: 'error'; readonly reason: string };

/**
 * The autosave indicator's words. Someone else's save names them: with several editors, last
 * write wins, so people need to see whose text they are looking at.
 * @example saveLabel({ kind: 'saved', at, by: 'Ada' }, 'Ada') // 'Saved at 14:02:09'
 */
export function saveLabel(s: SaveState, me: string): string {
  switch (s.kind) {
    case 'idle': return 'Not edited yet';
    case 'dirty': return 'Unsaved changes…';
    case 'saving': return 'Saving…';
    case 'saved': return `Saved at ${wallTime(s.at)}${s.by && s.by !== me ? ` by ${s.by}` : ''}`;
    case 'error': return `Not saved: ${s.reason.replace(/[.]$/, '')}`;
  }
}

/**
 * The name to save a download under: the server's Content-Disposition filename when it gives
 * one, else `<drill>-postmortem.md` / `<drill>-report.json`. Never a path.
 * @example downloadName('attachment; filename="d1-report.json"', 'd1', 'json') // 'd1-report.json'
 */
export function downloadName(disposition: string | null, drillId: string, kind: 'markdown' | 'json'): string {
  const star = disposition ? /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition) : null;
  const plain = disposition ? /filename\s*=\s*"?([^";]+)"?/i.exec(disposition) : null;
  let name = '';
  try { name = star ? decodeURIComponent(star[1]!.trim().replace(/^"|"$/g, '')) : plain ? plain[1]!.trim() : ''; } catch { name = plain?.[1]?.trim() ?? ''; }
  name = name.replace(/[\\/]/g, '_').replace(/^\.+/, '');
  if (name) return name;
  const safe = drillId.replace(/[^\w.-]+/g, '_') || 'drill';
  return kind === 'markdown' ? `${safe}-postmortem.md` : `${safe}-report.json`;
}

/**
 * How often a rule fires on healthy traffic, in words.
 * @example firingRate(0) // 'never'; firingRate(0.5) // 'about every 2 days'; firingRate(12) // '12 per day'
 */
export function firingRate(perDay: number): string {
  if (!(perDay > 0)) return 'never';
  if (perDay < 1) return `about every ${formatDays(1 / perDay)}`;
  return `${perDay >= 10 ? Math.round(perDay) : points(perDay)} per day`;
}

function formatDays(days: number): string {
  const d = Math.round(days);
  return d <= 1 ? 'day' : `${d} days`;
}

/** A sim time in a list or table: the drill clock, `T+00:12:30`. */
export function simClock(t: number): string {
  return formatClock(t);
}
