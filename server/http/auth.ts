/**
 * Who is asking, for every route: the Bearer token checked against the drill in the path (or,
 * for team routes, against the team's drills), and the per-token read and command rates. One
 * set of middlewares for drills.ts, reports.ts and teams.ts, so every route refuses the same
 * token with the same status and code.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Principal } from '../drills/access.js';
import type { ReviewService } from '../drills/review.js';
import type { DrillService } from '../drills/service.js';
import { authenticateTeam } from '../drills/teams.js';
import { failure } from './validate.js';

/** Routes behind `drillAuth` or `teamAuth` read who is asking from `c.var.principal`. */
export type AuthEnv = { Variables: { principal: Principal } };

/** The token of `Authorization: Bearer <token>`. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

/** Who holds `token` in the drill of the path's `:id`; throws the refusal (401, 403, 404). */
export function drillPrincipal(service: DrillService, c: Context, token: string | undefined): Principal {
  const r = service.authenticate(c.req.param('id') ?? '', token);
  if (!r.ok) throw failure(r);
  return r.principal;
}

/** A drill's routes (`/:id/...`): the Bearer token must be one of that drill's. */
export function drillAuth(service: DrillService) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    c.set('principal', drillPrincipal(service, c, bearerToken(c.req.header('authorization'))));
    await next();
  });
}

/** Reads (view, query, logs, the report) count against the token's read rate. */
export function readRate(service: DrillService) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const slow = service.allowRead(c.var.principal);
    if (slow) throw failure(slow);
    await next();
  });
}

/** Changes (commands, postmortem writes, reviews) count against the token's command rate. */
export function commandRate(service: DrillService) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const slow = service.allowCommand(c.var.principal);
    if (slow) throw failure(slow);
    await next();
  });
}

/**
 * A team's routes (`/:team/...`): a facilitator token of one of the team's drills (see
 * drills/teams.ts); every call counts as a read of that token.
 */
export function teamAuth(service: DrillService, review: ReviewService) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const r = authenticateTeam(review, c.req.param('team') ?? '', bearerToken(c.req.header('authorization')));
    if (!r.ok) throw failure(r);
    const slow = service.allowRead(r.principal);
    if (slow) throw failure(slow);
    c.set('principal', r.principal);
    await next();
  });
}
