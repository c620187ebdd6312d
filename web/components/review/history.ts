/**
 * A team's history turned into what the history page draws: one line per phase across drills
 * (as a share of the phase's points, since phases weigh differently), and each participant's
 * progress per phase over the drills they took part in. Pure.
 */
import type { PhaseId } from '../../../contract/scoring.js';
import type { SeriesData } from '../../lib/chart-controller.js';
import { percentOf, wallDate } from './format.js';
import type { HistoryDrill, HistoryReply, PhasePoints } from './review-api.js';

/**
 * The scorer's phases and titles (server/scoring/types.ts), repeated here because a value
 * import would bring zod into the web bundle; test/web/history-helpers.test.ts checks they match.
 */
export const PHASES = ['detection', 'triage', 'escalation', 'mitigation', 'communication', 'root_cause', 'resolution', 'postmortem', 'follow_up'] as const satisfies readonly PhaseId[];
export const PHASE_TITLES: Readonly<Record<PhaseId, string>> = {
  detection: 'Detection', triage: 'Triage', escalation: 'Escalation', mitigation: 'Response and mitigation', communication: 'Communication',
  root_cause: 'Root cause analysis', resolution: 'Resolution and verification', postmortem: 'Postmortem', follow_up: 'Follow-up (action items)',
};
/** Phase names short enough for a column header or a tile. */
export const PHASE_SHORT: Readonly<Record<PhaseId, string>> = {
  detection: 'Detection', triage: 'Triage', escalation: 'Escalation', mitigation: 'Mitigation', communication: 'Comms',
  root_cause: 'Root cause', resolution: 'Resolution', postmortem: 'Postmortem', follow_up: 'Follow-up',
};
export type { PhaseId };

/** A phase's share of its points, or undefined when it was pending or worth nothing. */
export function phasePercent(p: PhasePoints | undefined): number | undefined {
  if (!p || p.pending || !(p.possible > 0)) return undefined;
  return Math.round(percentOf(p.earned, p.possible) * 10) / 10;
}

/**
 * One series per phase: x is the drill's number (1 = the oldest), y the phase's share of its
 * points. Pending phases leave a gap rather than a misleading zero; phases never scored in any
 * drill are left out, and so is a series line for the total, which the table shows.
 */
export function phaseSeries(drills: readonly HistoryDrill[]): SeriesData[] {
  return PHASES.flatMap((phase) => {
    const pts = drills.flatMap((d, i) => {
      const v = phasePercent(d.phases.find((p) => p.phase === phase));
      return v === undefined ? [] : [[i + 1, v] as const];
    });
    return pts.length ? [{ label: PHASE_TITLES[phase], points: pts }] : [];
  });
}

/** The x axis of the history chart: drills by number, labelled `#3`. */
export function drillTicks(min: number, max: number): number[] {
  const out: number[] = [];
  const lo = Math.max(1, Math.ceil(min));
  const step = Math.max(1, Math.ceil((max - lo + 1) / 10));
  for (let x = lo; x <= max; x += step) out.push(x);
  return out;
}

/** How a drill is named in lists: its number, scenario title and date. */
export function drillName(d: HistoryDrill, index: number): string {
  return `#${index + 1} ${d.title} (${wallDate(d.createdAt)})`;
}

export interface ParticipantRow {
  readonly name: string;
  /** per phase, the share of points in each drill the person was in, oldest first (undefined: pending) */
  readonly phases: Readonly<Record<PhaseId, readonly { drill: number; pct: number | undefined }[]>>;
  readonly drills: number;
}

/** Per-participant progress: for each person, each phase's share in each of their drills. */
export function participantRows(h: Pick<HistoryReply, 'drills' | 'participants'>): ParticipantRow[] {
  const index = new Map(h.drills.map((d, i) => [d.id, i + 1]));
  return h.participants.map((p) => {
    const drills = [...p.drills].sort((a, b) => (index.get(a.id) ?? 0) - (index.get(b.id) ?? 0));
    const phases = Object.fromEntries(PHASES.map((phase) => [phase, drills.map((d) => ({ drill: index.get(d.id) ?? 0, pct: phasePercent(d.phases.find((x) => x.phase === phase)) }))])) as unknown as ParticipantRow['phases'];
    return { name: p.name, phases, drills: drills.length };
  });
}

/**
 * The change from someone's first scored drill in a phase to their last, in percentage points;
 * undefined with fewer than two scored drills.
 * @example trend([{ drill: 1, pct: 40 }, { drill: 3, pct: 75 }]) // 35
 */
export function trend(xs: readonly { pct: number | undefined }[]): number | undefined {
  const scored = xs.map((x) => x.pct).filter((v): v is number => v !== undefined);
  if (scored.length < 2) return undefined;
  return Math.round((scored[scored.length - 1]! - scored[0]!) * 10) / 10;
}
