/**
 * The status-update reminder: how long since the last update (or since the incident was
 * declared) against the cadence the severity expects: the scorer's defaults (contract/scoring.ts),
 * SEV1 every 15 minutes, SEV2 30, SEV3 60, SEV4 no cadence.
 */
import type { Severity } from '../../../contract/commands.js';
import { DEFAULT_CADENCE } from '../../../contract/scoring.js';

/** The share of the interval after which the reminder turns amber. */
export const DUE_SOON = 0.75;

export interface CadenceState {
  /** seconds between updates this severity expects; undefined: no cadence */
  readonly every?: number;
  /** seconds since the last update, or since declaration when there is none */
  readonly since: number;
  /** seconds until the next update is due (negative: overdue) */
  readonly dueIn?: number;
  readonly level: 'none' | 'ok' | 'soon' | 'overdue';
}

/**
 * @example cadence(2000, 'SEV2', 100, undefined) // { every: 1800, since: 1900, dueIn: -100, level: 'overdue' }
 */
export function cadence(now: number, severity: Severity | undefined, declaredAt: number | undefined, lastUpdateAt: number | undefined): CadenceState {
  const from = lastUpdateAt ?? declaredAt;
  const since = from === undefined ? 0 : Math.max(0, now - from);
  const every = severity ? DEFAULT_CADENCE[severity] : undefined;
  if (every === undefined || from === undefined) return { since, level: 'none', ...(every !== undefined ? { every } : {}) };
  const dueIn = every - since;
  const level = dueIn < 0 ? 'overdue' : since >= every * DUE_SOON ? 'soon' : 'ok';
  return { every, since, dueIn, level };
}
