/**
 * Downloads that need the Bearer token: a link cannot carry an Authorization header, so the file
 * is fetched with it and handed to the browser as a Blob URL under the server's file name.
 */
import { ApiError } from '../../lib/api.js';
import { downloadName } from './format.js';

/** Fetch `path` with the token and save it; resolves with the file name used. */
export async function downloadWithToken(path: string, token: string, drillId: string, kind: 'markdown' | 'json'): Promise<string> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(0, 'network', 'The Drillhall server cannot be reached. Is it running?');
  }
  if (!res.ok) {
    const text = await res.text();
    let err: { code?: string; message?: string } | undefined;
    try { err = (JSON.parse(text) as { error?: typeof err }).error; } catch { err = undefined; }
    throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText);
  }
  const blob = await res.blob();
  const name = downloadName(res.headers.get('content-disposition'), drillId, kind);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken the file by the time this runs; keep the URL a little in case it has not.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return name;
}
