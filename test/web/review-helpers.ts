/**
 * Support for the after-action browser tests (postmortem, report, history): a drill of
 * checkout-db-pool for a team, played by a trainee through the scenario's golden moves at 120x
 * up to a chosen sim time and then ended, so there is something real to write about and score.
 */
import { command, getDrill, joinDrill, until, type CreatedDrill, type TestServer } from './browser.js';

export interface PlayedDrill {
  readonly drill: CreatedDrill;
  readonly trainee: { readonly name: string; readonly token: string };
  readonly observer?: { readonly name: string; readonly token: string };
}

async function post<T>(server: TestServer, path: string, body: unknown, token?: string, method = 'POST'): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method, headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

export function createTeamDrill(server: TestServer, team: string, seed = '7'): Promise<CreatedDrill> {
  return post(server, '/api/drills', { scenarioId: 'checkout-db-pool', seed, team });
}

/** The golden moves up to the fix, by sim time: enough for a scored response and a real timeline. */
const MOVES: readonly { at: number; cmd: Record<string, unknown> }[] = [
  { at: 600, cmd: { type: 'ack_alert', alert: 'CheckoutHighLatency' } },
  { at: 630, cmd: { type: 'declare_incident', severity: 'SEV2', title: 'Checkout slow and failing' } },
  { at: 660, cmd: { type: 'page_team', team: 'payments' } },
  { at: 690, cmd: { type: 'post_status', audience: 'internal', text: 'SEV2: checkout p99 over 1s and errors rising. Investigating; payments paged. Next update in 30 min.' } },
  { at: 810, cmd: { type: 'state_hypothesis', text: "The config change cut checkout's connection pool size from 50 to 10." } },
  { at: 840, cmd: { type: 'run_action', action: 'rollback-pool-config' } },
];

/**
 * Create, start at 120x, play the moves as the clock passes them (an ack waits for its alert to
 * fire), run on to `endAt`, then end the drill.
 */
export async function playDrill(server: TestServer, o: { team: string; endAt?: number; seed?: string; observer?: boolean; role?: string } ): Promise<PlayedDrill> {
  const drill = await createTeamDrill(server, o.team, o.seed);
  // Joining as commander names Ada the incident commander; another role leaves the role unset.
  const t = await joinDrill(server, drill, 'Ada', o.role ?? 'commander');
  const obs = o.observer ? await joinDrill(server, drill, 'Omar', 'observer') : undefined;
  await command(server, drill.id, drill.facilitatorToken, { type: 'start', speed: 120 });
  const clock = async () => (await getDrill<{ clock: { t: number } }>(server, drill.id, drill.facilitatorToken)).clock.t;
  for (const m of MOVES) {
    await until(async () => (await clock()) >= m.at, `sim time ${m.at}`, 60_000);
    await until(async () => {
      try { await command(server, drill.id, t.token, m.cmd); return true; } catch (err) {
        // The alert may not be firing yet at 10m on every machine: try again a moment later.
        if (/alert_not_firing|not_firing|409/.test(String(err))) return false;
        throw err;
      }
    }, `${String(m.cmd.type)} accepted`, 30_000);
  }
  const endAt = o.endAt ?? 900;
  await until(async () => (await clock()) >= endAt, `sim time ${endAt}`, 60_000);
  await command(server, drill.id, drill.facilitatorToken, { type: 'end' });
  return { drill, trainee: { name: 'Ada', token: t.token }, ...(obs ? { observer: { name: 'Omar', token: obs.token } } : {}) };
}

export function publish(server: TestServer, d: CreatedDrill, published = true): Promise<{ published: boolean }> {
  return post(server, `/api/drills/${d.id}/publish`, { published }, d.facilitatorToken);
}

export function submitPostmortem(server: TestServer, d: CreatedDrill, token: string, postmortem: unknown): Promise<unknown> {
  return post(server, `/api/drills/${d.id}/postmortem/submit`, { postmortem }, token);
}

/** A complete, sensible postmortem for checkout-db-pool. */
export const GOOD_POSTMORTEM = {
  summary: 'A config change cut the checkout connection pool from 50 to 10; checkout slowed and failed until the change was rolled back.',
  impact: { description: 'Checkout timed out for many customers.', duration: 'about 10 minutes', minutes: 10, users_affected: 'about 3,000 checkout requests failed' },
  timeline: [
    { t: 240, text: 'Config change to checkout: pool size cut to 10' },
    { t: 600, text: 'CheckoutHighLatency acknowledged' },
    { t: 630, text: 'Incident declared as SEV2' },
    { t: 660, text: 'Paged payments' },
    { t: 840, text: 'Started: Roll back checkout pool config' },
  ],
  root_cause: 'The cost-review config change reduced the checkout connection pool size (maximumPoolSize) from 50 to 10.',
  trigger: 'The config change to the pool size rolled out at T+00:04:00.',
  contributing_factors: ['Config changes skip the review that deploys get', 'No alert on pool saturation'],
  detection: 'CheckoutHighLatency fired and was acknowledged within a few minutes.',
  resolution: 'Rolled back the pool config; latency and errors recovered.',
  what_went_well: ['Paging payments quickly brought the right people in'],
  what_went_wrong: ['The config change had no validation step'],
  where_we_got_lucky: ['It happened in a quiet traffic period'],
  action_items: [{ title: 'Add an alert on db_pool_pending_threads above 5 for 2m', owner: 'payments', priority: 'P1', type: 'detection', due: '2w' }],
};
