/**
 * The scenario catalog, public parts only: a list to choose from and each scenario's briefing,
 * topology, signals, runbooks and actions. Faults, scripts, responders' knowledge and the answer
 * key never leave through here; a facilitator sees them in their drill's view.
 */
import { Hono } from 'hono';
import type { ScenarioCatalog } from '../drills/catalog.js';
import { publicScenario, scenarioSummary } from '../drills/visibility.js';
import { didYouMean } from '../scenario/suggest.js';
import { apiError } from './validate.js';

/** Scenario routes, mounted at /api/scenarios. */
export function scenariosApp(catalog: ScenarioCatalog) {
  return new Hono()
    .get('/', (c) => c.json({ scenarios: catalog.list().map((e) => scenarioSummary(e.scenario)) }, 200))
    .get('/:id', (c) => {
      const id = c.req.param('id');
      const entry = catalog.get(id);
      if (!entry) throw apiError(404, 'unknown_scenario', `there is no scenario "${id}"${didYouMean(id, catalog.ids())}`);
      return c.json(publicScenario(entry.scenario), 200);
    });
}
