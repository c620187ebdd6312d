/**
 * The store behind the drill services, with the one rule about failure: once a write has failed
 * (or the data file was replaced, or its lock lost), the server keeps serving reads but accepts
 * no more changes, each refused with 503 `store_unavailable`, until it is restarted.
 *
 * The live drill service (service.ts) holds the guard and the whole store. The after-action
 * review (review.ts) gets only `AfterActionRecords`: it reads the stored drills and replaces a
 * drill's after-action record, under the same rule.
 */
import { refusal, type Outcome, type Refusal } from '../../contract/refusal.js';
import type { AfterAction } from '../store/after-action.js';
import type { DrillRecord } from '../store/schema.js';
import { StoreError, type DrillStore } from '../store/store.js';

/** What the after-action review may do with the stored drills. */
export interface AfterActionRecords {
  get(id: string): Readonly<DrillRecord> | undefined;
  list(): readonly Readonly<DrillRecord>[];
  /**
   * Resolves once everything written so far is durable (at once after a failed write, when
   * nothing more becomes durable). A failure here is left for the live service to notice on
   * its next change or check.
   */
  flush(): Promise<void>;
  /**
   * Replace a drill's after-action record, whole, acknowledged once it is on disk. Hand it a
   * changed copy of the current one without awaiting in between, so two changes never
   * interleave. After a failed write: 503, as for any change.
   */
  setAfterAction(drillId: string, after: AfterAction): Promise<Outcome<object>>;
}

export class StoreGuard {
  #failure: StoreError | undefined;

  /** `onFailure` runs once, at the first failure: the live service drops what never became durable. */
  constructor(readonly store: DrillStore, private readonly onFailure: () => void) {}

  /** a store write failed: reads go on, changes are refused */
  get failure(): StoreError | undefined { return this.#failure; }

  /** The refusal for a change while the store is failing, else undefined. */
  refuseChange(): Refusal | undefined {
    return this.#failure ? this.#unavailable() : undefined;
  }

  /** Record a failed write (the first one wins) and answer with the 503. */
  failed(err: unknown): Refusal {
    if (!this.#failure) {
      this.#failure = err instanceof StoreError ? err : new StoreError('write_failed', (err as Error).message);
      this.onFailure();
    }
    return this.#unavailable();
  }

  /**
   * Check the data file is still there and still ours (see DrillStore.verify). A deleted file is
   * written again; a replaced one, or a lost lock, stops changes like a failed write.
   */
  async check(): Promise<StoreError | undefined> {
    if (this.#failure) return this.#failure;
    try {
      await this.store.verify?.();
    } catch (err) {
      this.failed(err);
    }
    return this.#failure;
  }

  /** Everything written so far on disk; a failing flush stops changes like a failed write. */
  async flush(): Promise<void> {
    if (this.#failure) return;
    try {
      await this.store.flush();
    } catch (err) {
      this.failed(err);
    }
  }

  /** The narrow view the after-action review gets. */
  afterActionRecords(): AfterActionRecords {
    const store = this.store;
    return {
      get: (id) => store.get(id),
      list: () => store.list(),
      flush: async () => {
        if (this.#failure) return;
        try {
          await store.flush();
        } catch {
          // The live service notices the failed store on its next change or check.
        }
      },
      setAfterAction: async (drillId, after) => {
        const refused = this.refuseChange();
        if (refused) return refused;
        try {
          await store.setAfterAction(drillId, after);
        } catch (err) {
          return this.failed(err);
        }
        return { ok: true };
      },
    };
  }

  #unavailable(): Refusal {
    return refusal(503, 'store_unavailable', `the server cannot save changes (${this.#failure?.message}); restart it once the disk is fixed`);
  }
}
