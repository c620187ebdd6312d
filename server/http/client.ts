/**
 * Who is calling, as far as limits care: the peer's IP address. Behind a reverse proxy every
 * request comes from the proxy, so with `trustProxy` (DRILLHALL_TRUST_PROXY=1) the first
 * address in X-Forwarded-For is used instead; never trust that header from the open internet,
 * since a client can write anything there.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The client's address, or "unknown" (app.request() in tests has no socket). */
export function clientAddress(c: Context, trustProxy = false): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
