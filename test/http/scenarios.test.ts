import { describe, expect, it } from 'vitest';
import { call, harness } from '../drills/support.js';

describe('GET /api/scenarios', () => {
  it('lists the scenarios with what it takes to choose one', async () => {
    const { app } = await harness();
    const r = await call(app, 'GET', '/api/scenarios');
    expect(r.status).toBe(200);
    expect(r.body.scenarios).toHaveLength(1);
    const s = r.body.scenarios[0];
    expect(Object.keys(s).sort()).toEqual(['difficulty', 'duration', 'id', 'skills', 'summary', 'tags', 'title']);
    expect(s).toMatchObject({ id: 'checkout-db-pool', difficulty: 'medium', duration: 2700 });
  });
});

describe('GET /api/scenarios/:id', () => {
  it('shows the briefing and public parts only, to anyone', async () => {
    const { app } = await harness();
    const r = await call(app, 'GET', '/api/scenarios/checkout-db-pool');
    expect(r.status).toBe(200);
    expect(r.body.briefing).toContain('Shopfront');
    expect(Object.keys(r.body.services)).toEqual(['web', 'checkout', 'catalog', 'orders-db']);
    expect(r.body.runbooks.map((x: any) => x.id)).toEqual(['checkout-latency', 'orders-db']);
    for (const hidden of ['expected', 'faults', 'scripts', 'injects', 'logs']) expect(r.body).not.toHaveProperty(hidden);
    for (const team of Object.values(r.body.teams) as any[]) expect(Object.keys(team).sort()).toEqual(['join_delay', 'name', 'responders']);
    for (const action of r.body.actions) {
      expect(action).not.toHaveProperty('effects');
      expect(action).not.toHaveProperty('outcome');
    }
    // Only the history before the drill: the config change at 4m is the trigger, not yet public.
    expect(r.body.changes.map((c: any) => c.id)).toEqual(['deploy-checkout-239', 'deploy-checkout-240', 'deploy-catalog-1182']);
    for (const word of ['pool-exhaustion', 'cfg-pool-size', 'Connection is not available', 'cost review']) expect(r.text).not.toContain(word);
  });

  it('404s an unknown scenario with a suggestion', async () => {
    const { app } = await harness();
    const r = await call(app, 'GET', '/api/scenarios/checkout');
    expect(r.status).toBe(404);
    expect(r.body.error).toEqual({ code: 'unknown_scenario', message: 'there is no scenario "checkout"' });
  });
});
