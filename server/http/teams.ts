/**
 * Teams over HTTP: a team's drill history and its action items, mounted at /api/teams. A
 * facilitator token of any of the team's drills is the key (see drills/teams.ts).
 */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { Principal } from '../drills/access.js';
import type { DrillService } from '../drills/service.js';
import { authenticateTeam, setActionItemStatus, teamHistory } from '../drills/teams.js';
import { bearerToken } from './drills.js';
import { failure, jsonBody } from './validate.js';

type Env = { Variables: { principal: Principal } };

const StatusBody = z.strictObject({ status: z.enum(['open', 'done']) });

export function teamsApp(service: DrillService) {
  const auth = createMiddleware<Env>(async (c, next) => {
    const r = authenticateTeam(service, c.req.param('team') ?? '', bearerToken(c.req.header('authorization')));
    if (!r.ok) throw failure(r);
    const slow = service.allowRead(r.principal);
    if (slow) throw failure(slow);
    c.set('principal', r.principal);
    await next();
  });

  return new Hono<Env>()
    .get('/:team/history', auth, (c) => c.json(teamHistory(service, c.req.param('team')), 200))
    .patch('/:team/action-items/:itemId', auth, jsonBody(StatusBody), async (c) => {
      const r = await setActionItemStatus(service, c.req.param('team'), c.req.param('itemId'), c.req.valid('json').status);
      if (!r.ok) throw failure(r);
      return c.json(r.item, 200);
    });
}
