/**
 * How the incident room writes sim times: the drill clock (`T+00:12:30`), history from before
 * the drill (`T-2h`), and short durations (`4m30s`). The server's own formatters are reused so
 * the room, the CLI and the score explanations read the same.
 */
import { formatClock, formatDuration } from '../../../contract/duration.js';

export { formatClock, formatDuration };

/**
 * A sim time as a trainee reads it: the clock for the drill itself, a rounded offset for
 * history from before it (a deploy two hours ago is `T-2h`, not `T-02:00:00`).
 * @example simTime(754) // 'T+00:12:34'; simTime(-7200) // 'T-2h'
 */
export function simTime(t: number): string {
  if (t >= 0) return formatClock(t);
  return `T${formatDuration(roundHistory(t))}`;
}

/** History is shown to the minute (or the hour past a day): seconds there are noise. */
function roundHistory(t: number): number {
  const a = Math.abs(t);
  if (a >= 86400) return -Math.round(a / 3600) * 3600;
  if (a >= 60) return -Math.round(a / 60) * 60;
  return t;
}

/** `2m ago`, `just now`: how long before `now` something happened. */
export function ago(t: number, now: number): string {
  const d = now - t;
  if (d < 1) return 'just now';
  return `${formatDuration(d)} ago`;
}

/** Alert values as Prometheus shows them: short, no float noise. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 1) return v.toFixed(2).replace(/\.?0+$/, '');
  return v.toPrecision(3).replace(/\.?0+$/, '');
}
