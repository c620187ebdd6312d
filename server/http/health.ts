/** Liveness for load balancers and the restart test: 200 while the store accepts writes. */
import { Hono } from 'hono';
import type { LiveHub } from '../drills/hub.js';
import type { DrillService } from '../drills/service.js';

export function healthApp(service: DrillService, hub?: LiveHub) {
  const started = Date.now();
  return new Hono().get('/', (c) => {
    const body = { drills: service.drills().length, connections: hub?.connections ?? 0, uptimeSeconds: Math.round((Date.now() - started) / 1000) };
    if (service.failure) return c.json({ status: 'failing' as const, reason: service.failure.message, ...body }, 503);
    return c.json({ status: 'ok' as const, ...body }, 200);
  });
}
