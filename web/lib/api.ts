/**
 * HTTP calls to the drillhall server. Every failure becomes an ApiError carrying the server's
 * code and message, so screens can show exactly what went wrong and where.
 */
import { hc, type ClientResponse } from 'hono/client';
import type { AppType } from '../../server/http/app.js';

export class ApiError extends Error {
  /**
   * `issues`: zod issues of a 400 (`path` is dotted, e.g. "postmortem.action_items.0.owner"), so a
   * form can say which field; `error`: the whole error object, for extras such as a PromQL
   * error's `offset` and `length`.
   */
  constructor(readonly status: number, readonly code: string, message: string, readonly issues: readonly { readonly path: string; readonly message: string }[] = [], readonly error: Readonly<Record<string, unknown>> = {}) {
    super(message);
  }
}

/**
 * The API through Hono's typed client: paths, parameters, bodies and replies are the server's
 * routes' own (`AppType`, a type-only import), so a route whose reply changes fails the web's
 * typecheck. Path parameters are inserted as given: pass them through `enc`.
 */
export const client = hc<AppType>('/', { headers: { accept: 'application/json' } });

/** A path parameter, encoded (the typed client inserts parameters as they are). */
/** What reaching one drill takes: its id and a seat's token. */
export interface DrillAccess { readonly drillId: string; readonly token: string }

export const enc = encodeURIComponent;

/** The options that send a seat's token. */
export const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

/** The JSON a route answers with when it succeeds (its 2xx replies). */
export type Reply<R> = R extends { readonly ok: true; json(): Promise<infer T> } ? T : never;

/**
 * Await a typed client call and return its reply's JSON; a failure (no answer, or an answer
 * that is not ok) throws an ApiError with the server's code and message.
 * @example const view = await call(client.api.drills[':id'].$get({ param: { id: enc(drillId) } }, bearer(token)));
 */
export async function call<R extends ClientResponse<unknown, number, string>>(request: Promise<R>): Promise<Reply<R>> {
  let res: R;
  try {
    res = await request;
  } catch {
    throw new ApiError(0, 'network', 'The Drillhall server cannot be reached. Is it running?');
  }
  const text = await res.text();
  let data: unknown;
  try { data = text ? JSON.parse(text) : undefined; } catch { data = undefined; }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; issues?: { path: string; message: string }[] } } | undefined)?.error;
    throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? (text.slice(0, 200) || res.statusText), Array.isArray(err?.issues) ? err.issues : [], err ?? {});
  }
  return data as Reply<R>;
}

/** GET /api/drills/:id: the drill as this seat may see it. */
export const getDrill = (drillId: string, token: string) => call(client.api.drills[':id'].$get({ param: { id: enc(drillId) } }, bearer(token)));
