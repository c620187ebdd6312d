/**
 * Teams over HTTP: a team's drill history and its action items, mounted at /api/teams. A
 * facilitator token of any of the team's drills is the key (see drills/teams.ts).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { ReviewService } from '../drills/review.js';
import type { DrillService } from '../drills/service.js';
import { setActionItemStatus, teamHistory } from '../drills/teams.js';
import { teamAuth, type AuthEnv } from './auth.js';
import { failure, jsonBody } from './validate.js';

const StatusBody = z.strictObject({ status: z.enum(['open', 'done']) });

export function teamsApp(service: DrillService, review: ReviewService) {
  const auth = teamAuth(service, review);

  return new Hono<AuthEnv>()
    .get('/:team/history', auth, (c) => c.json(teamHistory(review, c.req.param('team')), 200))
    .patch('/:team/action-items/:itemId', auth, jsonBody(StatusBody), async (c) => {
      const r = await setActionItemStatus(review, c.req.param('team'), c.req.param('itemId'), c.req.valid('json').status);
      if (!r.ok) throw failure(r);
      return c.json(r.item, 200);
    });
}
