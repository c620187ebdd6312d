/**
 * The HTTP app: one Hono app per resource, mounted with `app.route`, one error shape for all of
 * them, and the web app (or, until it is built, a small page) at `/`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { LiveHub } from '../drills/hub.js';
import { ReviewService } from '../drills/review.js';
import type { DrillService } from '../drills/service.js';
import { drillsApp } from './drills.js';
import { securityHeaders } from './headers.js';
import { healthApp } from './health.js';
import { homePage } from './home.js';
import { reportsApp } from './reports.js';
import { scenariosApp } from './scenarios.js';
import { teamsApp } from './teams.js';
import { apiError, type ErrorCause } from './validate.js';

/** Where `npm run build` puts the web app; resolved from this file, not the working directory. */
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export interface AppDeps {
  readonly service: DrillService;
  readonly hub?: LiveHub;
  /** directory of the built web app; the page from home.ts is served while it has no index.html */
  readonly webRoot?: string;
  /** unexpected errors go here (the server logs them); defaults to console.error */
  readonly onUnexpected?: (err: unknown) => void;
  /**
   * Take client addresses (for per-address limits) from X-Forwarded-For: behind a reverse proxy
   * only. Defaults to DRILLHALL_TRUST_PROXY=1.
   */
  readonly trustProxy?: boolean;
}

function api(deps: AppDeps) {
  const review = new ReviewService(deps.service);
  return new Hono()
    .route('/api/scenarios', scenariosApp(deps.service.catalog))
    .route('/api/drills', drillsApp(deps.service, deps.hub, { trustProxy: deps.trustProxy ?? /^(1|true|yes)$/i.test(process.env.DRILLHALL_TRUST_PROXY ?? '') }))
    .route('/api/drills', reportsApp(deps.service, review))
    .route('/api/teams', teamsApp(deps.service, review))
    .route('/healthz', healthApp(deps.service, deps.hub));
}

/**
 * The API's routes and reply types. The web app's client is built from it (web/lib/api.ts:
 * `hc<AppType>('/')`, a type-only import), so a route whose reply changes fails the web's
 * typecheck.
 */
export type AppType = ReturnType<typeof api>;

const STATUS_CODES: Partial<Record<number, string>> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  413: 'too_large', 415: 'unsupported_media_type', 426: 'upgrade_required', 429: 'rate_limited', 500: 'internal', 501: 'not_implemented', 503: 'unavailable',
};

function errorResponse(c: Context, status: ContentfulStatusCode, code: string, message: string, issues?: ErrorCause['issues']) {
  return c.json({ error: { code, message, ...(issues ? { issues } : {}) } }, status);
}

/**
 * The whole HTTP app. Tests call `createApp(...).request()`; node/serve.ts hands `app.fetch` to
 * @hono/node-server together with the WebSocket server.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono();
  const maxBody = deps.service.limits.maxBodyBytes;
  app.use('*', securityHeaders(deps.webRoot ?? WEB_ROOT));
  app.use('/api/*', bodyLimit({ maxSize: maxBody, onError: () => { throw apiError(413, 'too_large', `request bodies are limited to ${maxBody} bytes`); } }));
  app.route('/', api(deps));
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      const cause = err.cause as ErrorCause | undefined;
      const code = cause?.code ?? (/malformed json/i.test(err.message) ? 'invalid_json' : STATUS_CODES[err.status] ?? 'error');
      if (cause?.retryAfter !== undefined) c.header('Retry-After', String(cause.retryAfter));
      return errorResponse(c, err.status, code, err.message || code, cause?.issues);
    }
    (deps.onUnexpected ?? console.error)(err);
    return errorResponse(c, 500, 'internal', 'something went wrong on the server; it has been logged');
  });
  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return errorResponse(c, 404, 'not_found', `no route ${c.req.method} ${c.req.path}; see docs/api.md`);
    return c.text('Not found', 404);
  });
  mountWeb(app, deps);
  return app;
}

function mountWeb(app: Hono, deps: AppDeps): void {
  const root = deps.webRoot ?? WEB_ROOT;
  if (existsSync(join(root, 'index.html'))) {
    // Hashed assets never change under their name: cache them for a year. Everything else
    // (index.html, the favicon) is revalidated, so a new build shows at once.
    app.use('/*', async (c, next) => {
      await next();
      if (c.res.status !== 200 || c.req.path.startsWith('/api/') || c.req.path === '/healthz') return;
      c.header('Cache-Control', c.req.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    });
    app.use('/*', serveStatic({ root, precompressed: true }));
    // Client-side routes (/drills/abc) get the app's page; /api and /healthz never do.
    app.get('*', (c, next) => (c.req.path.startsWith('/api/') || c.req.path === '/healthz' ? next() : serveStatic({ root, path: 'index.html' })(c, next)));
    return;
  }
  app.get('/', (c) => c.html(homePage(deps.service.catalog, new URL(c.req.url).origin)));
}
