/**
 * Server errors in words for people. The server's messages are sentence fragments written for
 * logs and programs alike ("that join code is not this drill's; ask the facilitator for it");
 * on screen they start with a capital and end with a full stop.
 */
import { ApiError } from './api.js';

/** @example errorText(new ApiError(403, 'bad_join_code', "that join code is not this drill's")) // "That join code is not this drill's." */
export function errorText(err: unknown): string {
  const raw = err instanceof ApiError || err instanceof Error ? err.message : String(err);
  return sentence(raw);
}

export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return 'Something went wrong.';
  const s = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(s) ? s : `${s}.`;
}
