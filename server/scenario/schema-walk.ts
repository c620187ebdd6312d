/**
 * Find the object schema that governs a path in the data, so an unknown key can be compared
 * with the keys that are allowed exactly there ("did you mean depends_on?").
 */
import type { z } from 'zod';

type AnySchema = z.core.$ZodType;
interface Def { type: string; [k: string]: unknown }

function defOf(s: AnySchema): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

/** Strip wrappers (optional, default, pipe, transform) down to the schema doing the work. */
function unwrap(s: AnySchema): AnySchema[] {
  const def = defOf(s);
  switch (def.type) {
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'nonoptional': case 'catch':
      return unwrap(def.innerType as AnySchema);
    case 'pipe': return unwrap(def.in as AnySchema);
    case 'lazy': return unwrap((def.getter as () => AnySchema)());
    case 'union': return (def.options as AnySchema[]).flatMap(unwrap);
    default: return [s];
  }
}

export function schemaAt(schema: AnySchema, path: readonly (string | number)[]): { shape: Record<string, unknown> } | undefined {
  let candidates = unwrap(schema);
  for (const key of path) {
    const next: AnySchema[] = [];
    for (const c of candidates) {
      const def = defOf(c);
      if (def.type === 'object' && typeof key === 'string') {
        const shape = def.shape as Record<string, AnySchema>;
        if (shape[key]) next.push(...unwrap(shape[key]));
      } else if (def.type === 'array' && typeof key === 'number') {
        next.push(...unwrap(def.element as AnySchema));
      } else if (def.type === 'record') {
        next.push(...unwrap(def.valueType as AnySchema));
      }
    }
    candidates = next;
  }
  const obj = candidates.find((c) => defOf(c).type === 'object');
  return obj ? { shape: defOf(obj).shape as Record<string, unknown> } : undefined;
}
