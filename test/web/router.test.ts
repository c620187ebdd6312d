import { describe, expect, it } from 'vitest';
import { href, joinLink, parseJoinLink, parseRoute, type Route } from '../../web/lib/router.js';

describe('hash routes', () => {
  it('reads every page', () => {
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#/')).toEqual({ page: 'home' });
    expect(parseRoute('#/join/d1?code=AB12-CD34')).toEqual({ page: 'join', drillId: 'd1', code: 'AB12-CD34' });
    expect(parseRoute('#/join/d1')).toEqual({ page: 'join', drillId: 'd1', code: '' });
    for (const page of ['facilitator', 'room', 'postmortem', 'report'] as const) {
      expect(parseRoute(`#/drills/abc/${page}`)).toEqual({ page, drillId: 'abc' });
    }
    expect(parseRoute('#/drills/abc/nope')).toEqual({ page: 'not_found', path: '/drills/abc/nope' });
    expect(parseRoute('#/wat')).toEqual({ page: 'not_found', path: '/wat' });
  });

  it('round-trips through href, escaping odd ids', () => {
    const routes: Route[] = [
      { page: 'home' }, { page: 'join', drillId: 'a b/c', code: 'K7 Q' }, { page: 'facilitator', drillId: 'x%y' },
      { page: 'room', drillId: 'r' }, { page: 'report', drillId: 'r' }, { page: 'postmortem', drillId: 'r' },
    ];
    for (const r of routes) expect(parseRoute(href(r))).toEqual(r);
  });

  it('builds the join link the facilitator shares, and reads it back when pasted', () => {
    const link = joinLink('http://drills.local:8080/', 'd1', 'K7QXM2PD');
    expect(link).toBe('http://drills.local:8080/#/join/d1?code=K7QXM2PD');
    expect(parseJoinLink(` ${link} `)).toEqual({ drillId: 'd1', code: 'K7QXM2PD' });
    expect(parseJoinLink('#/join/d1?code=X')).toEqual({ drillId: 'd1', code: 'X' });
    expect(parseJoinLink('/join/d2')).toEqual({ drillId: 'd2', code: '' });
    expect(parseJoinLink('http://x/#/drills/d1/room')).toBeUndefined();
    expect(parseJoinLink('d1')).toBeUndefined();
  });
});
