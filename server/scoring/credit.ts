/**
 * The few rules every phase shares: how lateness turns into partial credit, how criteria with
 * relative shares become points out of the phase's weight, and how a phase's total is clamped.
 * Kept in one place so docs/scoring.md can state each rule once.
 */
import { formatClock, formatDuration } from '../../contract/duration.js';
import { round2, type PhaseScore, type ScoreItem } from './types.js';
import { type PhaseId } from '../../contract/scoring.js';
import { PHASE_TITLES } from '../../contract/scoring.js';

/** Credit left at three times the target, and for anything later: done late beats not done. */
export const LATE_FLOOR = 0.25;

/**
 * Credit for doing something `elapsed` seconds after its reference, against a `target`:
 * full up to the target, then falling linearly to LATE_FLOOR at three times the target.
 * Monotone, so doing it sooner never scores less.
 * @example timeCredit(430, 300) // 0.8375: 2m10s late on a 5m target
 */
export function timeCredit(elapsed: number, target: number): number {
  if (elapsed <= target) return 1;
  return Math.max(LATE_FLOOR, 1 - (1 - LATE_FLOOR) * (elapsed - target) / (2 * target));
}

/** "target 5m" or "2m10s over the 5m target: 84% credit", for explanations. */
export function lateness(elapsed: number, target: number): string {
  if (elapsed <= target) return `target ${formatDuration(target)}`;
  return `target ${formatDuration(target)}, so ${formatDuration(elapsed - target)} late: ${Math.round(timeCredit(elapsed, target) * 100)}% credit`;
}

export const dur = formatDuration;
export const clock = formatClock;

/** A criterion before it is scaled to points: its share of the phase and the fraction earned. */
export interface Criterion {
  readonly id: string;
  readonly label: string;
  /** relative weight inside the phase; 0 when the criterion does not apply to this scenario */
  readonly share: number;
  /** 0..1 */
  readonly fraction: number;
  readonly explanation: string;
  readonly notes?: readonly string[];
}

/** A deduction, as a fraction of the phase's weight. */
export interface Penalty {
  readonly id: string;
  readonly label: string;
  readonly fraction: number;
  readonly explanation: string;
}

export interface PhaseDraft {
  readonly target: string;
  readonly did: readonly string[];
  readonly criteria: readonly Criterion[];
  readonly penalties?: readonly Penalty[];
}

/**
 * Scale a phase's criteria to its weight: each applicable criterion gets
 * weight * share / (sum of shares) possible points, so a perfect phase earns exactly its weight
 * whatever criteria apply. Penalties are items with 0 possible and negative points.
 */
export function buildPhase(phase: PhaseId, weight: number, draft: PhaseDraft): PhaseScore {
  const applicable = draft.criteria.filter((c) => c.share > 0);
  const possibles = splitPoints(weight, applicable.map((c) => c.share));
  const items: ScoreItem[] = applicable.map((c, i) => {
    const possible = possibles[i]!;
    return {
      id: `${phase}.${c.id}`, label: c.label, earned: round2(possible * clamp01(c.fraction)), possible, explanation: c.explanation,
      ...(c.notes && c.notes.length > 0 ? { notes: [...c.notes] } : {}),
    };
  });
  for (const p of draft.penalties ?? []) {
    items.push({ id: `${phase}.${p.id}`, label: p.label, earned: round2(-weight * p.fraction), possible: 0, explanation: p.explanation, penalty: true });
  }
  return sumPhase({
    phase, title: PHASE_TITLES[phase], weight, earned: 0, possible: 0, pending: false,
    target: draft.target, did: draft.did.length > 0 ? draft.did.join('; ') : 'Nothing recorded for this phase.', items,
  });
}

/**
 * Split `total` points in proportion to `shares`, in hundredths, handing leftover hundredths to
 * the largest remainders, so the parts always add up to exactly the phase's weight.
 * @example splitPoints(10, [1, 1, 1]) // [3.34, 3.33, 3.33]
 */
export function splitPoints(total: number, shares: readonly number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  if (sum <= 0 || shares.length === 0) return shares.map(() => 0);
  const cents = Math.round(total * 100);
  const raw = shares.map((s) => (cents * s) / sum);
  const out = raw.map(Math.floor);
  let left = cents - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, rem: r - Math.floor(r) })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) { if (left <= 0) break; out[i]! += 1; left--; }
  return out.map((c) => round2(c / 100));
}

/**
 * A phase's points are the sum of its items, at most its possible points. Penalties may take a
 * phase below zero, down to minus its weight: a harmful action must cost points even when the
 * team earned nothing else in that phase, yet one phase cannot swallow the whole score.
 */
export function sumPhase(p: PhaseScore): PhaseScore {
  const possible = round2(p.items.reduce((s, i) => s + i.possible, 0));
  const raw = p.items.reduce((s, i) => s + i.earned, 0);
  return { ...p, possible, earned: round2(Math.min(possible, Math.max(-p.weight, raw))) };
}

/** A phase that cannot be scored yet; reported with its weight but left out of the total. */
export function pendingPhase(phase: PhaseId, weight: number, target: string, explanation: string): PhaseScore {
  return {
    phase, title: PHASE_TITLES[phase], weight, earned: 0, possible: round2(weight), pending: true, target, did: explanation,
    items: [{ id: `${phase}.submitted`, label: 'Postmortem submitted', earned: 0, possible: round2(weight), explanation }],
  };
}

/** A fraction kept in 0..1, with NaN as 0, so a bad ratio can never mint points. */
export function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/** "a, b and c", for sentences. */
export function list(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
