/**
 * Investigation over a live drill: PromQL queries and log search, limited to the past. The
 * engine has not simulated the future, but the limit is enforced here too, on the published sim
 * time, so no query can read a sample or a log line a client has not been allowed to see yet.
 */
import { walkExpr } from '../promql/ast.js';
import { compile, instantQuery, PromQLError, rangeQuery, toApiData, type ApiData, type Compiled } from '../promql/index.js';
import { formatClock } from '../../contract/duration.js';
import { logsBetween } from '../sim/logs.js';
import { DEFAULT_LOG_LIMIT, MAX_LOG_LIMIT, MAX_LOG_WINDOW, type LogLevel, type LogLine, type LogQuery } from '../../contract/logs.js';
import { refusal, type Refusal, type Outcome } from '../../contract/refusal.js';
import { DEFAULT_LIMITS } from './limits.js';
import type { LiveDrill } from './live.js';
import { estimateCost, riskyMatcher } from './query-cost.js';

export interface QueryParams {
  readonly expr: string;
  /** instant query at this sim time (default now) */
  readonly time?: number;
  /** range query from start to end (seconds) every step */
  readonly start?: number;
  readonly end?: number;
  readonly step?: number;
}

export interface QueryResult {
  readonly status: 'success';
  readonly data: ApiData;
  /** the sim time the query was limited to */
  readonly now: number;
  readonly warnings?: readonly string[];
}

/** Range queries return at most this many points per series, as Prometheus does. */
const MAX_POINTS = 11000;

/**
 * A PromQL query in the Prometheus API's result format. A range that reaches past the current
 * sim time is cut at it (with a warning); a query that starts in the future is refused, and so
 * is one that would read more than `maxCost` samples or holds a regex that could run for ever
 * (see query-cost.ts), before it runs.
 */
export function queryDrill(d: LiveDrill, q: QueryParams, maxCost = DEFAULT_LIMITS.maxQueryCost, admit?: (samples: number) => Refusal | undefined): Outcome<QueryResult> {
  let compiled;
  try {
    compiled = compile(q.expr);
  } catch (err) {
    if (err instanceof PromQLError) return refusal(400, 'bad_query', `${err.message} (at character ${err.offset + 1} of the expression)`);
    throw err;
  }
  if (looksAhead(compiled)) return refusal(400, 'future_time', 'a negative offset looks into the future, which has not happened yet');
  const risky = riskyMatcher(compiled.expr);
  if (risky) {
    return refusal(422, 'regex_too_complex', `the regular expression ${risky.matcher.name}${risky.matcher.type}"${risky.matcher.value}" could take very long to match on this server's regex engine: ${risky.reason}; simplify it (for example "a|b" rather than "(a|b)+")`);
  }
  const now = d.publishedT;
  const store = d.engine.metrics.store;
  const future = (what: string, t: number) => refusal(400, 'future_time', `${what} ${formatClock(t)} is in the future; the drill is at ${formatClock(now)}`);
  const ms = (s: number) => Math.round(s * 1000);
  try {
    const isRange = q.start !== undefined || q.end !== undefined || q.step !== undefined;
    const tooCostly = (points: number) => {
      const cost = estimateCost(compiled.expr, store, points, d.scenario.settings.scrape_interval);
      if (cost.samples <= maxCost) return admit?.(cost.samples);
      return refusal(422, 'query_too_costly', `this query would read about ${cost.samples.toLocaleString('en-US')} samples (series x ${points.toLocaleString('en-US')} points x samples per range window, over ${cost.selectors} selector${cost.selectors === 1 ? '' : 's'}); the limit is ${maxCost.toLocaleString('en-US')} per query. Use a larger step, a shorter range or window, or narrower label matchers`);
    };
    if (!isRange) {
      const time = q.time ?? now;
      if (time > now) return future('time', time);
      const refused = tooCostly(1);
      if (refused) return refused;
      return { ok: true, status: 'success', data: toApiData(instantQuery(compiled, store, ms(time))), now };
    }
    const step = q.step ?? d.scenario.settings.scrape_interval;
    const askedEnd = q.end ?? now;
    const start = q.start ?? Math.max(0, Math.min(askedEnd, now) - 3600);
    if (start > now) return future('start', start);
    const end = Math.min(askedEnd, now);
    if (end < start) return refusal(400, 'bad_range', 'end must not be before start');
    if (step <= 0) return refusal(400, 'bad_range', 'step must be positive');
    if ((end - start) / step + 1 > MAX_POINTS) return refusal(400, 'bad_range', `that is more than ${MAX_POINTS} points per series; use a larger step`);
    const refused = tooCostly(Math.floor((end - start) / step) + 1);
    if (refused) return refused;
    const warnings = askedEnd > now ? [`end cut to the current sim time ${formatClock(now)} (${now}s): the future has not happened yet`] : undefined;
    return { ok: true, status: 'success', data: toApiData(rangeQuery(compiled, store, ms(start), ms(end), ms(step))), now, ...(warnings ? { warnings } : {}) };
  } catch (err) {
    if (err instanceof PromQLError) return refusal(400, 'bad_query', err.message);
    throw err;
  }
}

/** `x offset -5m` reads five minutes ahead of the evaluation time. */
function looksAhead(c: Compiled): boolean {
  let ahead = false;
  walkExpr(c.expr, (e) => { if (e.type === 'vectorSelector' && e.offset < 0) ahead = true; });
  return ahead;
}


/** Log lines with from < t <= to, newest `limit`; `to` is cut at the current sim time. */
export function drillLogs(d: LiveDrill, q: LogQuery): Outcome<{ lines: LogLine[]; from: number; to: number; now: number }> {
  const now = d.publishedT;
  const to = Math.min(q.to ?? now, now);
  const from = q.from ?? Math.max(0, to - 900);
  if (from > now) return refusal(400, 'future_time', `from ${formatClock(from)} is in the future; the drill is at ${formatClock(now)}`);
  if (to < from) return refusal(400, 'bad_range', '"to" must not be before "from"');
  if (to - from > MAX_LOG_WINDOW) return refusal(400, 'bad_range', `a log search covers at most ${MAX_LOG_WINDOW / 3600}h of sim time; narrow from/to`);
  const unknown = q.services?.find((s) => !Object.hasOwn(d.scenario.services, s));
  if (unknown !== undefined) return refusal(400, 'unknown_service', `there is no service "${unknown}"; services are ${Object.keys(d.scenario.services).join(', ')}`);
  const lines = logsBetween(d.scenario, d.record.seed, d.engine.faults, from, to, {
    ...(q.services ? { services: q.services } : {}),
    ...(q.levels ? { levels: q.levels } : {}),
    ...(q.text ? { text: q.text } : {}),
    limit: Math.min(q.limit ?? DEFAULT_LOG_LIMIT, MAX_LOG_LIMIT),
  });
  return { ok: true, lines, from, to, now };
}
