import { z } from 'zod';
import { ScenarioSchema } from './schema.js';

/**
 * The JSON Schema of the scenario format, generated from the same zod schema the loader
 * validates with, so editor autocompletion can never disagree with the loader.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'Drillhall scenario' };
}
