/**
 * What an action's parameter is set to now, so its form starts from the system as it is and not
 * from the scenario's default, which is usually the value the incident left behind (a pool size
 * cut to 10). The latest of these, by sim time, says what it is:
 *
 * - a completed run of the action itself: what it ran with;
 * - a completed config revert on the action's service (a config action without parameters that
 *   rolls back or reverts): the value the service's latest config change took away, from the
 *   `- key: value` line of its diff that names the parameter.
 *
 * A diff line names a parameter when its key ends with the parameter's label or name, word by
 * word (`spring.datasource.hikari.maximum-pool-size` is "Maximum pool size"), and the value is
 * one the parameter takes. Undefined when nothing says: the scenario's default stands.
 */
import type { PublicScenario } from '../../lib/api-types.js';
import type { ActionRun } from '../../../contract/drill-state.js';

type Change = PublicScenario['changes'][number];
type ActionDef = PublicScenario['actions'][number];
type Param = ActionDef['params'][number];

const words = (s = '') => s.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).join(' ');

function takes(p: Param, v: string): boolean {
  if (p.type === 'choice') return (p.choices ?? []).map(String).includes(v);
  const n = Number(v);
  return p.type !== 'number' || (v !== '' && Number.isFinite(n) && n >= (p.min ?? -Infinity) && n <= (p.max ?? Infinity));
}

/** The value the diff's `-` (before) lines give `p`, if one names it. */
export function removedValue(diff: string | undefined, p: Param): string | undefined {
  let found: string | undefined;
  for (const [, key, value] of (diff ?? '').matchAll(/^-\s*([^:=\s][^:=\n]*?)\s*[:=][ \t]*["']?(.*?)["']?[ \t]*$/gm)) {
    const k = ` ${words(key)}`;
    if ([p.label, p.name].some((n) => words(n) && k.endsWith(` ${words(n)}`)) && takes(p, value!)) found = value;
  }
  return found;
}

/**
 * @example currentValue(actions, setPoolSize, size, changes, [rollbackDone]) // '50'
 */
export function currentValue(actions: readonly ActionDef[], a: ActionDef, p: Param, changes: readonly Change[], runs: readonly ActionRun[]): string | undefined {
  let at = -Infinity;
  let value: string | undefined;
  for (const r of runs) {
    const t = r.completedAt;
    const b = actions.find((x) => x.id === r.action);
    if (t === undefined || t < at || !b) continue;
    let v: string | undefined;
    if (b === a) v = r.params[p.name];
    else if (!b.params.length && b.service === a.service && b.kind === 'config' && /roll ?back|revert/i.test(b.label)) {
      v = removedValue(changes.filter((c) => c.service === a.service && c.type === 'config' && c.at <= t).sort((x, y) => x.at - y.at).at(-1)?.diff, p);
    }
    if (v !== undefined) { at = t; value = String(v); }
  }
  return value;
}
