/**
 * The scorer's constants that screens show or mirror live: the phases in order with their titles,
 * the status-update cadence per severity, how many extra pages are tolerated, and which faults the
 * answer key is about. The facilitator's live answer key and the scorer agree because both read
 * these.
 */
import type { Severity } from './commands.js';

/** The scored phases, in the order a drill exercises them; keys match `expected.weights`. */
export const PHASES = [
  'detection', 'triage', 'escalation', 'mitigation', 'communication', 'root_cause', 'resolution', 'postmortem', 'follow_up',
] as const;
export type PhaseId = (typeof PHASES)[number];

export const PHASE_TITLES: Readonly<Record<PhaseId, string>> = {
  detection: 'Detection',
  triage: 'Triage',
  escalation: 'Escalation',
  mitigation: 'Response and mitigation',
  communication: 'Communication',
  root_cause: 'Root cause analysis',
  resolution: 'Resolution and verification',
  postmortem: 'Postmortem',
  follow_up: 'Follow-up (action items)',
};

/** Seconds between status updates per declared severity when the key does not set one (SEV4: none). */
export const DEFAULT_CADENCE: Readonly<Record<Severity, number | undefined>> = { SEV1: 900, SEV2: 1800, SEV3: 3600, SEV4: undefined };

/** Teams beyond the key that may be paged without penalty. */
export const EXTRA_PAGE_TOLERANCE = 1;

/** The parts of a scenario `mainFaults` reads (any scenario fits). */
export interface FaultKey {
  readonly faults: readonly { readonly id: string }[];
  readonly actions: readonly { readonly id: string; readonly effects: readonly { readonly effect: string; readonly fault?: string }[] }[];
  readonly expected: { readonly fix: { readonly any_of: readonly string[] } };
}

/**
 * The faults the expected fix actions resolve: the incident's real cause. Mitigation and fix
 * times are measured from their start, so a red-herring fault that starts earlier cannot move
 * the reference. Without any, the scenario's first fault.
 * @example mainFaults(checkout) // ['pool-exhaustion']
 */
export function mainFaults(s: FaultKey): string[] {
  const fixes = new Set(s.expected.fix.any_of);
  const out = new Set(s.actions.filter((a) => fixes.has(a.id)).flatMap((a) => a.effects.flatMap((e) => (e.effect === 'resolve' && e.fault !== undefined ? [e.fault] : []))));
  if (out.size === 0 && s.faults[0]) out.add(s.faults[0].id);
  return s.faults.map((f) => f.id).filter((id) => out.has(id));
}
