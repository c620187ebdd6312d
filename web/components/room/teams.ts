/**
 * The roster as the room shows it: each team of the scenario with whether it has been paged,
 * when it joins (from the `team_paged` event's joinsAt) and when it joined.
 */
import type { PublicScenario } from '../../lib/api-types.js';
import type { DrillModel } from '../../lib/drill-model.js';

export interface TeamState {
  readonly id: string;
  readonly name: string;
  readonly joinDelay: number;
  readonly responders: readonly { readonly name: string; readonly role: string }[];
  readonly pagedAt?: number;
  readonly pagedBy?: string;
  readonly joinsAt?: number;
  readonly joinedAt?: number;
}

export function teamStates(scenario: Pick<PublicScenario, 'teams'>, model: Pick<DrillModel, 'teams' | 'events'>): TeamState[] {
  const paged = new Map<string, { joinsAt: number; by?: string }>();
  for (const e of model.events) if (e.type === 'team_paged') paged.set(e.team, { joinsAt: e.joinsAt, ...(e.by ? { by: e.by } : {}) });
  return Object.entries(scenario.teams).map(([id, t]) => {
    const st = model.teams[id];
    const p = paged.get(id);
    return {
      id, name: t.name, joinDelay: t.join_delay, responders: t.responders,
      ...(st?.pagedAt !== undefined ? { pagedAt: st.pagedAt } : {}),
      ...(p?.by ? { pagedBy: p.by } : {}),
      ...(p ? { joinsAt: p.joinsAt } : {}),
      ...(st?.joinedAt !== undefined ? { joinedAt: st.joinedAt } : {}),
    };
  });
}
