import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { scenarioJsonSchema } from '../scenario/json-schema.js';
import type { Io } from './io.js';

/** `drillhall schema [--out FILE]`: the JSON Schema editors use for autocomplete. */
export async function schemaCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
  if (values.out) { await writeFile(values.out, text); io.err(`wrote ${values.out}`); } else io.out(text);
  return 0;
}
