/**
 * The app's hash routes. Hash routing keeps the server simple (every path serves index.html
 * anyway) and makes a join link a plain URL a facilitator can paste into chat:
 * `https://drills.example/#/join/d-7f3k?code=K7QXM2PD`.
 */
export type Route =
  | { readonly page: 'home' }
  | { readonly page: 'join'; readonly drillId: string; readonly code: string }
  | { readonly page: 'facilitator' | 'room' | 'postmortem' | 'report'; readonly drillId: string }
  | { readonly page: 'history'; readonly team: string }
  | { readonly page: 'not_found'; readonly path: string };

const DRILL_PAGES = ['facilitator', 'room', 'postmortem', 'report'] as const;

/**
 * Read a location hash into a route.
 * @example parseRoute('#/join/abc?code=K7QX') // { page: 'join', drillId: 'abc', code: 'K7QX' }
 */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', query = ''] = raw.split('?', 2) as [string?, string?];
  const parts = pathPart.split('/').filter(Boolean).map(safeDecode);
  if (parts.length === 0) return { page: 'home' };
  if (parts[0] === 'join' && parts.length === 2) {
    return { page: 'join', drillId: parts[1]!, code: new URLSearchParams(query).get('code') ?? '' };
  }
  if (parts[0] === 'teams' && parts.length === 2) return { page: 'history', team: parts[1]! };
  if (parts[0] === 'drills' && parts.length === 3) {
    const page = (DRILL_PAGES as readonly string[]).find((p) => p === parts[2]) as (typeof DRILL_PAGES)[number] | undefined;
    if (page) return { page, drillId: parts[1]! };
  }
  return { page: 'not_found', path: `/${pathPart.replace(/^\//, '')}` };
}

/** The hash for a route; the inverse of parseRoute. */
export function href(route: Route): string {
  switch (route.page) {
    case 'home': return '#/';
    case 'join': return `#/join/${encodeURIComponent(route.drillId)}${route.code ? `?code=${encodeURIComponent(route.code)}` : ''}`;
    case 'not_found': return `#${route.path}`;
    case 'history': return `#/teams/${encodeURIComponent(route.team)}`;
    default: return `#/drills/${encodeURIComponent(route.drillId)}/${route.page}`;
  }
}

/** The join link a facilitator shares: the app's address plus the join route. */
export function joinLink(origin: string, drillId: string, code: string): string {
  return `${origin.replace(/\/+$/, '')}/${href({ page: 'join', drillId, code })}`;
}

/**
 * Take a pasted join link (or just its hash part) apart; undefined when it is not one.
 * @example parseJoinLink('http://host:8080/#/join/d1?code=AB12') // { drillId: 'd1', code: 'AB12' }
 */
export function parseJoinLink(text: string): { drillId: string; code: string } | undefined {
  const t = text.trim();
  const i = t.indexOf('#');
  const route = parseRoute(i >= 0 ? t.slice(i) : t.startsWith('/join/') ? t : '');
  return route.page === 'join' ? { drillId: route.drillId, code: route.code } : undefined;
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
