/**
 * The after-action review service: everything after the drill, beside the live drill service.
 * Its operations are in reports.ts (the postmortem, the report, its reviews, publishing, the
 * exports, the backtest lab) and teams.ts (a team's history and action items).
 *
 * It reads the live drills (engine, clock, scenario) from the drill service, and journals what
 * the whole team must see in order (a submission, publishing) through it, so those go the way
 * commands go. It writes only a drill's after-action record, through the narrow path the drill
 * service hands it (`AfterActionRecords`), never the store itself.
 */
import type { JournalEntry } from '../../contract/journal.js';
import type { Outcome } from '../../contract/refusal.js';
import type { AfterAction } from '../store/after-action.js';
import type { DrillRecord } from '../store/schema.js';
import type { LiveDrill } from './live.js';
import type { DrillService } from './service.js';
import type { AfterActionRecords } from './store-guard.js';

export class ReviewService {
  readonly #live: DrillService;
  readonly #records: AfterActionRecords;

  constructor(live: DrillService) {
    this.#live = live;
    this.#records = live.afterActionRecords();
  }

  /** wall clock in ms */
  now(): number { return this.#live.now(); }
  get maxQueryCost(): number { return this.#live.limits.maxQueryCost; }

  /** The drill in memory. */
  drill(id: string): LiveDrill | undefined { return this.#live.drill(id); }

  /** The drill as stored (its after-action record, its journal, its team). */
  record(id: string): Readonly<DrillRecord> | undefined { return this.#records.get(id); }

  /** Every stored drill, in stored order. */
  records(): readonly Readonly<DrillRecord>[] { return this.#records.list(); }

  /**
   * Make sure what a report is computed from is on disk. The engine can be a step ahead of what
   * is durable while a write is in flight; an ended drill never is.
   */
  async settled(d: LiveDrill): Promise<void> {
    if (d.clock.phase === 'ended' && d.latestSeq('facilitator') === d.timeline.length) return;
    await this.#records.flush();
  }

  /** Replace a drill's after-action record (see AfterActionRecords.setAfterAction). */
  setAfterAction(drillId: string, after: AfterAction): Promise<Outcome<object>> {
    return this.#records.setAfterAction(drillId, after);
  }

  /** Journal a line of the drill's (a submission, publishing) the way commands are (DrillService.journal). */
  journal(drillId: string, make: (t: number) => JournalEntry): Promise<Outcome<{ mark: number }>> {
    return this.#live.journal(drillId, make);
  }
}
