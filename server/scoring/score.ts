/**
 * The scorer's entry point: a drill (and, once written, its postmortem) in, one report out with
 * a section per phase. Pure and deterministic: the same drill scores the same, byte for byte.
 */
import type { Scenario } from '../scenario/schema.js';
import type { Drill } from '../sim/engine.js';
import { buildPhase, pendingPhase, type PhaseDraft } from './credit.js';
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
export function scoreDrill(scenario: Scenario, drill: Drill, postmortem?: Postmortem): ScoreReport {
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

/**
 * The total out of 100: points earned over points possible across the scored phases (pending
 * phases and phases with nothing to score are left out). Each phase's possible points equal its
 * weight, so this is the weighted score, renormalised to the phases that count.
 */
export function withTotal(r: ScoreReport): ScoreReport {
  const scored = r.phases.filter(isScored);
  const earned = scored.reduce((s, p) => s + p.earned, 0);
  const possible = scored.reduce((s, p) => s + p.possible, 0);
  const total = possible > 0 ? Math.min(100, Math.max(0, Math.round((1000 * earned) / possible) / 10)) : 0;
  return { ...r, earned: round2(earned), possible: round2(possible), total: total + 0 };
}

/** Whether a phase counts towards the total: not pending, and something to score. */
export function isScored(p: PhaseScore): boolean {
  return !p.pending && p.possible > 0;
}

/** One line for terminals: "score 98.8/100: detection 10/10, ..., postmortem pending". */
export function scoreSummary(r: ScoreReport): string {
  const parts = r.phases.map((p) => (p.pending ? `${p.phase} pending` : `${p.phase} ${p.earned}/${p.possible}`));
  return `score ${r.total}/100: ${parts.join(', ')}`;
}
