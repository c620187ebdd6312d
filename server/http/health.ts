/**
 * Liveness for load balancers and the restart test: 200 while the store accepts writes. Each call
 * also checks the data file is still there (and writes it again if it was deleted).
 */
import { Hono } from 'hono';
import type { LiveHub } from '../drills/hub.js';
import type { DrillService } from '../drills/service.js';

export function healthApp(service: DrillService, hub?: LiveHub) {
  const started = Date.now();
  return new Hono().get('/', async (c) => {
    const failure = await service.checkStore();
    const body = { drills: service.drills().length, connections: hub?.connections ?? 0, uptimeSeconds: Math.round((Date.now() - started) / 1000) };
    if (failure) return c.json({ status: 'failing' as const, reason: failure.message, ...body }, 503);
    return c.json({ status: 'ok' as const, ...body }, 200);
  });
}
