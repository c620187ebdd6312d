/**
 * Drills over HTTP: create, join, read, command, investigate, and the WebSocket upgrade.
 * Every route but create and join needs `Authorization: Bearer <token>` (the WebSocket also
 * takes `?token=`, since browsers cannot set headers on one), checked against the drill in the
 * path.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { TeamName } from '../store/after-action.js';
import type { LiveHub } from '../drills/hub.js';
import { drillLogs, queryDrill } from '../drills/investigate.js';
import { LOG_LEVELS, MAX_LOG_LIMIT } from '../../contract/logs.js';
import { READ_UNIT_LOG_SECONDS, READ_UNIT_SAMPLES } from '../drills/limits.js';
import { parseDrillCommand, Role } from '../scenario/commands.js';
import { type DrillCommand } from '../../contract/commands.js';
import type { DrillService } from '../drills/service.js';
import { parseDuration } from '../../contract/duration.js';
import { bearerToken, commandRate, drillAuth, drillPrincipal, readRate, type AuthEnv } from './auth.js';
import { clientAddress } from './client.js';
import { liveRoute } from './live.js';
import { apiError, failure, jsonBody, queryParams } from './validate.js';

const CreateDrill = z.strictObject({
  scenarioId: z.string().min(1).max(100),
  seed: z.string().min(1).max(100).optional(),
  team: TeamName.optional(),
});

const Join = z.strictObject({
  joinCode: z.string().min(1).max(32),
  name: z.string().trim().min(1, 'must not be empty').max(40, 'is longer than 40 characters'),
  role: Role,
});

/** The body of POST /commands is the command itself, checked with the engine's own messages. */
const CommandBody = z.unknown().transform((v, ctx): DrillCommand => {
  const r = parseDrillCommand(v);
  if (r.ok) return r.command;
  ctx.addIssue({ code: 'custom', message: r.message });
  return z.NEVER;
});

/** Sim time in a query string: seconds (`600`, `12.5`) or a duration (`10m`, `1h30m`). */
const SimTime = z.string().transform((s, ctx) => {
  const v = parseDuration(s);
  if (v === undefined || v < 0) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a sim time; write seconds (600) or a duration (10m)` });
    return z.NEVER;
  }
  return v;
});

const Query = z.strictObject({ expr: z.string().min(1).max(4000), time: SimTime.optional(), start: SimTime.optional(), end: SimTime.optional(), step: SimTime.optional() });

/** `?service=a,b` or `?service=a&service=b` */
const List = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean));

const Logs = z.strictObject({
  service: List.optional(),
  level: List.pipe(z.array(z.enum(LOG_LEVELS))).optional(),
  text: z.string().max(200).optional(),
  from: SimTime.optional(),
  to: SimTime.optional(),
  limit: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1).max(MAX_LOG_LIMIT)).optional(),
});

export interface DrillsOptions {
  /** take the client's address from X-Forwarded-For (behind a reverse proxy only) */
  readonly trustProxy?: boolean;
}

/** Drill routes, mounted at /api/drills. Without a hub the WebSocket route answers 501. */
export function drillsApp(service: DrillService, hub?: LiveHub, o: DrillsOptions = {}) {
  const auth = drillAuth(service);
  const commands = commandRate(service);
  const reads = readRate(service);
  const drill = (c: Context<AuthEnv>) => service.drill(c.var.principal.drillId)!;

  return new Hono<AuthEnv>()
    .post('/', jsonBody(CreateDrill), async (c) => {
      const { scenarioId, seed, team } = c.req.valid('json');
      const r = await service.create(scenarioId, seed, clientAddress(c, o.trustProxy), team);
      if (!r.ok) throw failure(r);
      return c.json({ id: r.id, joinCode: r.joinCode, facilitatorToken: r.facilitatorToken }, 201);
    })
    .post('/:id/participants', jsonBody(Join), async (c) => {
      const { joinCode, name, role } = c.req.valid('json');
      const r = await service.join(c.req.param('id'), joinCode, name, role, clientAddress(c, o.trustProxy));
      if (!r.ok) throw failure(r);
      return c.json({ participantId: r.participantId, token: r.token }, 201);
    })
    .get('/:id', auth, reads, async (c) => {
      const r = await service.view(c.var.principal);
      if (!r.ok) throw failure(r);
      return c.json(r.view, 200);
    })
    .post('/:id/commands', auth, commands, jsonBody(CommandBody, 'invalid_command'), async (c) => {
      const r = await service.submit(c.var.principal, c.req.valid('json'));
      if (!r.ok) throw failure(r);
      return c.json({ seq: r.seq, events: r.events }, 202);
    })
    .get('/:id/query', auth, reads, queryParams(Query), (c) => {
      // The first read was taken above; a query reading millions of samples takes more before it runs.
      const extra = (samples: number) => service.allowRead(c.var.principal, Math.floor(samples / READ_UNIT_SAMPLES));
      const r = queryDrill(drill(c), c.req.valid('query'), service.limits.maxQueryCost, extra);
      if (!r.ok) throw failure(r);
      const { ok: _ok, ...body } = r;
      return c.json(body, 200);
    })
    .get('/:id/logs', auth, reads, queryParams(Logs), (c) => {
      const q = c.req.valid('query');
      // A search over hours regenerates hours of log lines: it counts as one read per 15 minutes.
      const now = drill(c).publishedT;
      const to = Math.min(q.to ?? now, now);
      const window = Math.max(0, to - (q.from ?? Math.max(0, to - 900)));
      const heavy = service.allowRead(c.var.principal, Math.ceil(window / READ_UNIT_LOG_SECONDS) - 1);
      if (heavy) throw failure(heavy);
      const r = drillLogs(drill(c), {
        ...(q.service ? { services: q.service } : {}), ...(q.level ? { levels: q.level } : {}), ...(q.text ? { text: q.text } : {}),
        ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}), ...(q.limit !== undefined ? { limit: q.limit } : {}),
      });
      if (!r.ok) throw failure(r);
      const { ok: _ok, ...body } = r;
      return c.json(body, 200);
    })
    .get('/:id/live', async (c) => {
      const principal = drillPrincipal(service, c, liveToken(c));
      if (!hub) throw apiError(501, 'no_realtime', 'this server was started without WebSocket support');
      // The limits before the 426: a browser cannot read why an upgrade was refused, so after a
      // failed connection it asks with a plain GET and shows this answer.
      const full = hub.admit(principal);
      if (full) throw failure(full);
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') throw apiError(426, 'upgrade_required', 'this is a WebSocket endpoint; connect with a WebSocket client');
      return liveRoute(c, hub, principal);
    });
}

/** The WebSocket token: `?token=`, a Bearer header, or a `token.<token>` subprotocol. */
function liveToken(c: Context): string | undefined {
  const proto = (c.req.header('sec-websocket-protocol') ?? '').split(',').map((s) => s.trim()).find((s) => s.startsWith('token.'));
  return c.req.query('token') ?? bearerToken(c.req.header('authorization')) ?? proto?.slice('token.'.length);
}
