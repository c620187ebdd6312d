/**
 * The edge's one validator wrapper and one error type. Every body and query string passes a
 * zod schema here; a failure becomes an HTTPException(400) whose cause carries a code and the
 * issues, and `app.onError` (app.ts) shapes it like every other error:
 * `{ "error": { "code": "...", "message": "...", "issues"?: [...] } }`.
 */
import { HTTPException } from 'hono/http-exception';
import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import type { Refusal } from '../../contract/refusal.js';

export interface ErrorCause {
  readonly code: string;
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
  /** seconds, sent as Retry-After (429) */
  readonly retryAfter?: number;
}

/** An error for `app.onError` to shape: status, a stable code, a sentence for people. */
export function apiError(status: ContentfulStatusCode, code: string, message: string, issues?: ErrorCause['issues'], retryAfter?: number): HTTPException {
  return new HTTPException(status, { message, cause: { code, ...(issues ? { issues } : {}), ...(retryAfter !== undefined ? { retryAfter } : {}) } satisfies ErrorCause });
}

/** A service refusal as an HTTP error. */
export function failure(f: Refusal): HTTPException {
  return apiError(f.status, f.code, f.message, undefined, f.retryAfter);
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

function sentence(where: string, issues: readonly { path: string; message: string }[]): string {
  const first = issues[0]!;
  return `invalid ${where}: ${first.path ? `${first.path}: ` : ''}${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`;
}

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * A validator as the typed client (`hc<AppType>`) should see it: it sends the schema's input
 * (`for: "2m"`, a query string's text), the handler reads its output. Hono would take both from
 * the output (and for a query keep optional numbers as numbers).
 */
type Validated<Target extends 'json' | 'query', T extends z.ZodType> = MiddlewareHandler<any, string, {
  in: { [K in Target]: z.input<T> };
  out: { [K in Target]: z.output<T> };
}>;

/** Validate a JSON body against `schema`; the handler reads `c.req.valid('json')`. */
export function jsonBody<T extends z.ZodType>(schema: T, code = 'invalid_body'): Validated<'json', T> {
  const check: MiddlewareHandler<any, string, any> = validator('json', (value, c): unknown => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    if (!JSON_TYPE.test(type)) throw apiError(415, 'unsupported_media_type', 'send a JSON body with "Content-Type: application/json"');
    const r = schema.safeParse(value);
    if (!r.success) {
      const issues = issuesOf(r.error);
      throw apiError(400, code, sentence(code === 'invalid_body' ? 'body' : 'command', issues), issues);
    }
    return r.data;
  });
  return check;
}

/** Validate the query string against `schema`; the handler reads `c.req.valid('query')`. */
export function queryParams<T extends z.ZodType>(schema: T): Validated<'query', T> {
  const check: MiddlewareHandler<any, string, any> = validator('query', (value): unknown => {
    const r = schema.safeParse(value);
    if (!r.success) {
      const issues = issuesOf(r.error);
      throw apiError(400, 'invalid_query', sentence('query', issues), issues);
    }
    return r.data;
  });
  return check;
}
