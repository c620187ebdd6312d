/**
 * Teams across drills: the history of every drill a team ran (scores by phase, who took part in
 * which role) and the action items it carries from one drill to the next. A team is just the
 * name given when a drill is created; whoever holds a facilitator token of one of its drills may
 * read its history and close its action items.
 */
import { timingSafeEqual } from 'node:crypto';
import type { PhaseId } from '../scoring/index.js';
import type { DrillRecord } from '../store/schema.js';
import { FACILITATOR_NAME, type Principal } from './access.js';
import { refusal, type Outcome } from '../../contract/refusal.js';
import { afterOf, type ActionItemRecord } from '../store/after-action.js';
import type { Role } from '../../contract/commands.js';
import { currentReport } from './reports.js';
import type { ReviewService } from './review.js';
import { teamRecords } from './team-records.js';
import { hashSecret } from './tokens.js';

export interface PhaseSummary {
  readonly phase: PhaseId;
  readonly earned: number;
  readonly possible: number;
  readonly pending: boolean;
}

export interface TeamDrill {
  readonly id: string;
  readonly scenarioId: string;
  readonly title: string;
  /** wall-clock ms */
  readonly createdAt: number;
  /** sim seconds at which the drill ended (its length); null while it runs */
  readonly endedAt: number | null;
  /** the reviewed report's total; null until the drill has ended */
  readonly total: number | null;
  /** the reviewed report's phases; empty until the drill has ended */
  readonly phases: readonly PhaseSummary[];
  readonly participants: readonly { readonly name: string; readonly role: Role }[];
}

export interface TeamHistory {
  readonly team: string;
  /** oldest first */
  readonly drills: readonly TeamDrill[];
  /** each person (by name, ignoring case) with the drills they took part in */
  readonly participants: readonly { readonly name: string; readonly drills: readonly { readonly id: string; readonly role: Role; readonly phases: readonly PhaseSummary[] }[] }[];
  /** every action item of the team's drills, open and done, oldest drill first */
  readonly actionItems: readonly ActionItemRecord[];
}

function sameHash(a: Buffer, hexHash: string): boolean {
  const b = Buffer.from(hexHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whose token is this, as far as team routes care? A facilitator token of one of the team's
 * drills passes; a trainee's of one of them is 403 `facilitator_only`; a token of another team's
 * drill 403 `wrong_team`; anything else 401. Every stored hash is compared, with no early exit.
 */
export function authenticateTeam(service: ReviewService, team: string, token: string | undefined): Outcome<{ principal: Principal }> {
  if (!token) return refusal(401, 'missing_token', 'send a facilitator token of one of the team\'s drills as "Authorization: Bearer <token>"');
  const hash = Buffer.from(hashSecret(token), 'hex');
  let facilitatorOf: Readonly<DrillRecord> | undefined;
  let traineeOfTeam = false;
  let known = false;
  for (const r of service.records()) {
    if (sameHash(hash, r.facilitatorTokenHash)) {
      known = true;
      if (r.team === team) facilitatorOf ??= r;
    }
    for (const p of r.participants) {
      if (sameHash(hash, p.tokenHash)) {
        known = true;
        if (r.team === team) traineeOfTeam = true;
      }
    }
  }
  if (facilitatorOf) return { ok: true, principal: { drillId: facilitatorOf.id, audience: 'facilitator', who: 'facilitator', name: FACILITATOR_NAME } };
  if (traineeOfTeam) return refusal(403, 'facilitator_only', 'a team\'s history is for its facilitators; use a facilitator token of one of its drills');
  if (known) return refusal(403, 'wrong_team', `this token belongs to a drill that is not team "${team}"'s`);
  return refusal(401, 'bad_token', 'the token is not a token of any drill');
}

/** GET /api/teams/:team/history. */
export function teamHistory(service: ReviewService, team: string): TeamHistory {
  const records = teamRecords(service, team);
  const drills = records.map((r) => teamDrill(service, r));
  const people = new Map<string, { name: string; drills: { id: string; role: Role; phases: readonly PhaseSummary[] }[] }>();
  for (const [i, r] of records.entries()) {
    for (const p of r.participants) {
      const key = p.name.toLowerCase();
      let person = people.get(key);
      if (!person) people.set(key, (person = { name: p.name, drills: [] }));
      person.drills.push({ id: r.id, role: p.role, phases: drills[i]!.phases });
    }
  }
  return { team, drills, participants: [...people.values()], actionItems: records.flatMap((r) => afterOf(r).actionItems) };
}

function teamDrill(service: ReviewService, r: Readonly<DrillRecord>): TeamDrill {
  const d = service.drill(r.id)!;
  const over = d.clock.phase === 'ended';
  const report = over ? currentReport(d, afterOf(r)) : undefined;
  return {
    id: r.id, scenarioId: r.scenarioId, title: d.scenario.title, createdAt: Date.parse(r.createdAt),
    endedAt: over ? d.clock.t : null,
    total: report?.total ?? null,
    phases: report?.phases.map((p) => ({ phase: p.phase, earned: p.earned, possible: p.possible, pending: p.pending })) ?? [],
    participants: r.participants.map((p) => ({ name: p.name, role: p.role })),
  };
}

/** PATCH /api/teams/:team/action-items/:itemId: mark an item done, or open again. */
export async function setActionItemStatus(service: ReviewService, team: string, itemId: string, status: 'open' | 'done'): Promise<Outcome<{ item: ActionItemRecord }>> {
  const record = teamRecords(service, team).find((r) => afterOf(r).actionItems.some((a) => a.id === itemId));
  if (!record) return refusal(404, 'unknown_action_item', `team "${team}" has no action item "${itemId}"`);
  const current = afterOf(record);
  const old = current.actionItems.find((a) => a.id === itemId)!;
  if (old.status === status) return { ok: true, item: old };
  const { doneAt: _doneAt, ...rest } = old;
  const item: ActionItemRecord = status === 'done' ? { ...rest, status, doneAt: service.now() } : { ...rest, status };
  const after = { ...current, actionItems: current.actionItems.map((a) => (a.id === itemId ? item : a)) };
  const r = await service.setAfterAction(record.id, after);
  if (!r.ok) return r;
  return { ok: true, item };
}
