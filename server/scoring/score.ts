/**
 * The scorer's entry point: a drill (and, once written, its postmortem) in, one report out with
 * a section per phase. Pure and deterministic: the same drill scores the same, byte for byte.
 */
import type { Scenario } from '../scenario/schema.js';
import type { Simulation } from '../sim/engine.js';
import { buildPhase, clamp01, pendingPhase, type PhaseDraft } from './credit.js';
import { collectFacts } from './facts.js';
import { scoreCommunication, scoreResolution, scoreRootCause } from './phases-analysis.js';
import { scoreDetection, scoreEscalation, scoreMitigation, scoreTriage } from './phases-response.js';
import { gradePostmortem, type Postmortem } from './postmortem.js';
import { round2, type PhaseScore, type ScoreReport } from './types.js';

/**
 * Score a drill against its scenario's key. Without a postmortem, the postmortem and follow-up
 * phases are reported as pending and left out of the total, so a drill can be scored the moment
 * it ends (and `simulate --json` can show a score) without a missing document dragging it down.
 * @example scoreDrill(s, runScript(s, '1', scenarioScript(s, 'golden'), s.duration).drill).total // >= 90
 */
export function scoreDrill(scenario: Scenario, drill: Simulation, postmortem?: Postmortem): ScoreReport {
  const f = collectFacts(drill, scenario);
  const w = scenario.expected.weights;
  const drafts: [keyof typeof w, PhaseDraft][] = [
    ['detection', scoreDetection(f)],
    ['triage', scoreTriage(f)],
    ['escalation', scoreEscalation(f)],
    ['mitigation', scoreMitigation(f)],
    ['communication', scoreCommunication(f)],
    ['root_cause', scoreRootCause(f)],
    ['resolution', scoreResolution(f)],
  ];
  const phases = drafts.map(([id, d]) => buildPhase(id, w[id], d));
  if (postmortem) {
    const g = gradePostmortem(scenario, drill, postmortem, f);
    phases.push(buildPhase('postmortem', w.postmortem, g.postmortem), buildPhase('follow_up', w.follow_up, g.follow_up));
  } else {
    const none = 'No postmortem submitted';
    phases.push(
      pendingPhase('postmortem', w.postmortem, 'A complete, blameless postmortem true to the drill', `${none}; this phase is not scored yet.`),
      pendingPhase('follow_up', w.follow_up, 'Specific, owned, bounded action items covering the expected categories', `${none}; this phase is not scored yet.`),
    );
  }
  return withTotal({ scenario: scenario.id, seed: drill.seed, at: drill.t, total: 0, earned: 0, possible: 0, phases });
}

/** The part of the total that restoring service earns on its own. */
export const RESTORATION_SHARE = 0.4;
/** The phases count at least this share of theirs, the rest in proportion to the service restored. */
export const PROCESS_FLOOR = 0.5;
/** The item that says how much of the impact the team removed (phases-response.ts). */
export const RESTORED_ITEM = 'mitigation.restored';

/**
 * The total out of 100. Restoring service comes first: with R the share of the impact the team
 * removed (the "Service restored" item) and P the phases' points earned over possible (pending
 * phases and phases with nothing to score left out),
 *
 *     total = 100 * (0.4 * R + 0.6 * P * (0.5 + 0.5 * R))
 *
 * so a response that never relieves the customers stays at or under 30 however well it
 * communicated, and one that restores service in time starts from 40. Without anything to
 * restore (the fault never began) the total is 100 * P.
 * @example withTotal(report).total // 100 * (0.4 * 1 + 0.6 * 0.9 * 1) = 94 for R = 1, P = 0.9
 */
export function withTotal(r: ScoreReport): ScoreReport {
  const scored = r.phases.filter(isScored);
  const earned = scored.reduce((s, p) => s + p.earned, 0);
  const possible = scored.reduce((s, p) => s + p.possible, 0);
  const process = possible > 0 ? Math.max(0, earned / possible) : 0;
  const item = scored.flatMap((p) => p.items).find((i) => i.id === RESTORED_ITEM && i.possible > 0);
  const restored = item ? clamp01(item.earned / item.possible) : undefined;
  const raw = restored === undefined ? process
    : RESTORATION_SHARE * restored + (1 - RESTORATION_SHARE) * process * (PROCESS_FLOOR + (1 - PROCESS_FLOOR) * restored);
  const total = possible > 0 ? Math.min(100, Math.max(0, Math.round(1000 * raw) / 10)) : 0;
  const { restoration: _old, ...rest } = r;
  return {
    ...rest, earned: round2(earned), possible: round2(possible), total: total + 0,
    ...(restored !== undefined ? { restoration: { restored: Math.round(restored * 10_000) / 10_000, share: RESTORATION_SHARE, floor: PROCESS_FLOOR } } : {}),
  };
}

/** Whether a phase counts towards the total: not pending, and something to score. */
export function isScored(p: PhaseScore): boolean {
  return !p.pending && p.possible > 0;
}

/** One line for terminals: "score 98.8/100 (service restored 100%): detection 10/10, ..., postmortem pending". */
export function scoreSummary(r: ScoreReport): string {
  const parts = r.phases.map((p) => (p.pending ? `${p.phase} pending` : `${p.phase} ${p.earned}/${p.possible}`));
  const restored = r.restoration ? ` (service restored ${Math.round(r.restoration.restored * 100)}%)` : '';
  return `score ${r.total}/100${restored}: ${parts.join(', ')}`;
}
