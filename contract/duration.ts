/**
 * Durations as scenario authors write them: `90s`, `5m`, `1h30m`, `2d`, `-3h` (before the drill
 * starts), or a bare number of seconds. Everything inside the engine is whole or fractional
 * sim seconds.
 */
const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const DURATION_RE = /^(-)?((?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+)$/;
const PART_RE = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

/** Parse `1h30m` to 5400. Returns undefined when the text is not a duration. */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined;
  const trimmed = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const m = DURATION_RE.exec(trimmed);
  if (!m) return undefined;
  let total = 0;
  for (const part of m[2]!.matchAll(PART_RE)) total += Number(part[1]) * UNIT_SECONDS[part[2]!]!;
  return m[1] ? -total : total;
}

/**
 * Format sim seconds the way people read a drill clock: `0s`, `4m30s`, `1h02m`, `-3h`.
 * Used in messages, CLI output and score explanations, so it must be stable.
 */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let s = Math.round(Math.abs(seconds));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  if (d > 0) return `${sign}${d}d${h > 0 ? `${h}h` : ''}`;
  if (h > 0) return `${sign}${h}h${m > 0 || s > 0 ? `${String(m).padStart(2, '0')}m` : ''}`;
  if (m > 0) return `${sign}${m}m${s > 0 ? `${String(s).padStart(2, '0')}s` : ''}`;
  return `${sign}${s}s`;
}

/** Sim clock as shown on screens and timelines: `T+00:04:30`. */
export function formatClock(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  let s = Math.floor(Math.abs(seconds));
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  return `T${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
