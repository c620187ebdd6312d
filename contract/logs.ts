/**
 * Simulated log lines: what the drill's services print (not to be confused with the drill's
 * journal, contract/journal.ts), and how the room asks for them (GET /api/drills/:id/logs).
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogLine { readonly t: number; readonly service: string; readonly level: LogLevel; readonly text: string }

/** A search of the logs: the newest `limit` lines with from < t <= to under the filters. */
export interface LogQuery {
  readonly services?: readonly string[];
  readonly levels?: readonly LogLevel[];
  /** case-insensitive substring */
  readonly text?: string;
  readonly from?: number;
  readonly to?: number;
  readonly limit?: number;
}

export const DEFAULT_LOG_LIMIT = 200;
export const MAX_LOG_LIMIT = 2000;
/** Widest window one request may scan, so one request cannot pin the CPU. */
export const MAX_LOG_WINDOW = 6 * 3600;
