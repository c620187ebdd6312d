/**
 * What the charts mark on their time axis, in words: deploys, config changes and flags from the
 * scenario's history and the drill, and the team's actions.
 */
import type { PublicScenario } from '../../lib/api-types.js';
import { clockLabel, type Marker } from '../../lib/chart-controller.js';
import type { DrillModel } from '../../lib/drill-model.js';

/**
 * The markers of a service's charts, in words: a deploy by its version, a config change or flag
 * by what it did, an action by its title, never by an id. `label` is what the markers lane has
 * room for; `detail`, the tooltip, tells the whole of it (who, when it completed, the outcome).
 * @example markersFor(scenario, model, 'checkout')[0].label // 'Deploy v2.4.0'
 */
export function markersFor(scenario: Pick<PublicScenario, 'changes' | 'actions'>, model: Pick<DrillModel, 'changes' | 'actions'>, service: string | undefined): Marker[] {
  const changes = [
    ...scenario.changes.map((c) => ({ ...c, t: c.at, kind: c.type as string })),
    ...model.changes.map((c) => ({ ...c, kind: c.kind as string })),
  ];
  const actions = new Map(scenario.actions.map((a) => [a.id, a]));
  const out: Marker[] = changes.filter((c) => service === undefined || c.service === service).map((c) => {
    const kind = `${c.kind[0]!.toUpperCase()}${c.kind.slice(1)}`;
    return {
      t: c.t, kind: 'change' as const,
      label: c.version ? `${kind} ${c.version}` : c.summary || kind,
      detail: `${kind} to ${c.service}${c.version ? ` ${c.version}` : ''}: ${c.summary}${c.author ? ` (${c.author})` : ''}`,
    };
  });
  for (const a of model.actions) {
    const def = actions.get(a.action);
    if (service !== undefined && def?.service !== undefined && def.service !== service) continue;
    const title = def?.label ?? a.label;
    const params = Object.entries(a.params).map(([k, v]) => `${k}=${v}`).join(', ');
    out.push({
      t: a.startedAt, kind: 'action', label: `▶ ${title}`, ...(a.completedAt !== undefined ? { end: a.completedAt } : {}),
      detail: `${title}${params ? ` (${params})` : ''}${a.by ? `, run by ${a.by}` : ''}${a.completedAt !== undefined ? `; done T+${clockLabel(a.completedAt)}${a.outcome ? `: ${a.outcome}` : ''}` : ''}`,
    });
  }
  return out;
}
