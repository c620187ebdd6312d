/**
 * What a stored drill is, as one zod schema: the scenario it ran (source text and hash), the
 * seed, the journal (every accepted command, clock control and join, stamped with sim time and
 * who), participants (token hashes only) and the clock. Metrics and logs are never stored; a
 * replay of the journal regenerates them. Everything read back from disk is checked against it.
 */
import { z } from 'zod';
import { CLOCK_PHASES, type JournalEntry as JournalEntryType } from '../../contract/journal.js';
import { ClockControl, Command, Role } from '../scenario/commands.js';
import { AfterAction, TeamName } from './after-action.js';

/**
 * 2: each drill's journal is its own append-only file (store/journal.ts) and the data file holds
 * the catalogue with empty logs; 1: the journals inside the data file (migrated at start-up).
 */
export const STORE_VERSION = 2;

const Time = z.number().min(0);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest');

/** One journal line (contract/journal.ts says what each kind means). */
export const JournalEntry = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('command'), t: Time, who: z.string(), by: z.string(), command: Command }),
  z.strictObject({ kind: z.literal('control'), t: Time, who: z.string(), by: z.string(), control: ClockControl, reason: z.string().optional() }),
  z.strictObject({ kind: z.literal('join'), t: Time, who: z.string(), name: z.string(), role: Role }),
  z.strictObject({ kind: z.literal('publish'), t: Time, who: z.string(), by: z.string(), published: z.boolean() }),
  z.strictObject({ kind: z.literal('submit'), t: Time, who: z.string(), by: z.string() }),
]);
export type JournalEntry = JournalEntryType;
// A journal kind added on one side only fails the type check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
true satisfies Same<z.infer<typeof JournalEntry>, JournalEntryType>;

export const StoredClock = z.strictObject({
  t: Time,
  speed: z.number().min(1).max(120),
  phase: z.enum(CLOCK_PHASES),
});
export type StoredClock = z.infer<typeof StoredClock>;

export const ParticipantRecord = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  role: Role,
  tokenHash: Sha256,
  joinedAt: Time,
});
export type ParticipantRecord = z.infer<typeof ParticipantRecord>;

export const DrillRecord = z.strictObject({
  id: z.string().min(1),
  createdAt: z.string(),
  scenarioId: z.string(),
  scenarioHash: Sha256,
  seed: z.string(),
  /** shared with trainees by the facilitator, so kept readable; tokens are not */
  joinCode: z.string().min(1),
  facilitatorTokenHash: Sha256,
  participants: z.array(ParticipantRecord),
  log: z.array(JournalEntry),
  clock: StoredClock,
  /** the team running the drill, for its history and carried action items (absent in older files) */
  team: TeamName.optional(),
  /** postmortem draft, submission, reviews and action items (absent until someone writes one) */
  after: AfterAction.optional(),
});
export type DrillRecord = z.infer<typeof DrillRecord>;

/** Scenario sources by content hash: drills of the same scenario share one copy. */
export const StoredScenario = z.strictObject({ id: z.string(), file: z.string(), source: z.string() });
export type StoredScenario = z.infer<typeof StoredScenario>;

export const StoreData = z.strictObject({
  version: z.union([z.literal(1), z.literal(STORE_VERSION)]),
  scenarios: z.record(Sha256, StoredScenario),
  drills: z.record(z.string(), DrillRecord),
});
export type StoreData = z.infer<typeof StoreData>;

export function emptyStore(): StoreData {
  return { version: STORE_VERSION, scenarios: {}, drills: {} };
}
