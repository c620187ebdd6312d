/**
 * A guard at the edge for ids that are also names on Object.prototype (`"__proto__"`,
 * `"constructor"`, `"valueOf"`). The engine looks teams and faults up with Object.hasOwn
 * (sim/apply.ts), so it refuses them itself; this second line refuses every such id, in every
 * field, before a command reaches the engine or the journal, unless the scenario really has
 * something called that.
 */
import type { Scenario } from '../scenario/schema.js';
import type { Command } from '../../contract/commands.js';
import type { RuleCode, RuleRefusal } from '../../contract/refusal.js';

/** Names a plain object answers to without having them. */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

const FIELDS = ['alert', 'team', 'action', 'runbook', 'fault', 'change', 'inject'] as const;
type Field = (typeof FIELDS)[number];

function ids(s: Scenario, field: Field): readonly string[] {
  switch (field) {
    case 'alert': return s.alerts.map((a) => a.alert);
    case 'team': return Object.keys(s.teams);
    case 'action': return s.actions.map((a) => a.id);
    case 'runbook': return s.runbooks.map((r) => r.id);
    case 'fault': return s.faults.map((f) => f.id);
    case 'change': return s.changes.map((c) => c.id);
    case 'inject': return s.injects.map((i) => i.id);
  }
}

/**
 * The refusal the engine would give for an unknown id, when the id is a prototype name. Checked
 * for every command applied, live or replayed, so an old journal cannot bring one back either.
 */
export function prototypeNameRefusal(s: Scenario, command: Command): RuleRefusal | undefined {
  const c = command as Partial<Record<Field, unknown>>;
  for (const field of FIELDS) {
    const v = c[field];
    if (typeof v === 'string' && PROTOTYPE_NAMES.has(v) && !ids(s, field).includes(v)) {
      return { ok: false, status: 409, code: `unknown_${field}` satisfies RuleCode, message: `there is no ${field} "${v}" in this scenario` };
    }
  }
  return undefined;
}
