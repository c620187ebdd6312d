/**
 * HTTP calls to the drillhall server. Every failure becomes an ApiError carrying the server's
 * code and message, so screens can show exactly what went wrong and where.
 */
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

export async function api<T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let res: Response;
  try {
    res = await fetch(path, { method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'), headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
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
  return data as T;
}
