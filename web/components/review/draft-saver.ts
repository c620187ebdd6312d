/**
 * Autosave for the postmortem draft as a reactive controller: each change restarts a short
 * timer, one save is in flight at a time (changes made meanwhile go in the next one), and the
 * host re-renders on every state change so the indicator is always true. Leaving the page saves
 * what is pending; closing the tab with unsaved text asks first.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { errorText } from '../../lib/errors.js';
import type { SaveState } from './format.js';
import type { PostmortemDraft, SavedDraft } from './review-api.js';

export const SAVE_DELAY_MS = 800;

export class DraftSaver implements ReactiveController {
  state: SaveState = { kind: 'idle' };
  #timer?: ReturnType<typeof setTimeout>;
  #pending?: PostmortemDraft;
  #flight?: Promise<void>;
  /** called after each successful save with the server's stamp */
  onSaved?: (s: SavedDraft, draft: PostmortemDraft) => void;

  constructor(private readonly host: ReactiveControllerHost, private readonly save: (d: PostmortemDraft) => Promise<SavedDraft>, private readonly delayMs = SAVE_DELAY_MS) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('beforeunload', this.#onBeforeUnload);
    document.addEventListener('visibilitychange', this.#onHidden);
  }

  hostDisconnected(): void {
    window.removeEventListener('beforeunload', this.#onBeforeUnload);
    document.removeEventListener('visibilitychange', this.#onHidden);
    // Navigating inside the app: save what is pending now rather than lose it.
    void this.flush();
  }

  /** Something changed: save it after a short pause in typing. */
  schedule(draft: PostmortemDraft): void {
    this.#pending = draft;
    if (this.state.kind !== 'saving') this.#set({ kind: 'dirty' });
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** True while there is text the server does not have yet. */
  get unsaved(): boolean {
    return this.#pending !== undefined || this.#flight !== undefined;
  }

  /** Forget pending changes (the page replaced the form with someone else's save). */
  discard(): void {
    clearTimeout(this.#timer);
    this.#pending = undefined;
    if (this.state.kind === 'dirty') this.#set({ kind: 'idle' });
  }

  /** Save now whatever is pending, after any save in flight; resolves when the server has it (or refused it). */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    while (this.#flight) await this.#flight;
    const draft = this.#pending;
    if (draft === undefined) return;
    this.#pending = undefined;
    this.#set({ kind: 'saving' });
    this.#flight = (async () => {
      try {
        const saved = await this.save(draft);
        if (this.#pending === undefined) this.#set({ kind: 'saved', at: saved.savedAt, by: saved.savedBy });
        this.onSaved?.(saved, draft);
      } catch (err) {
        // Keep the text to retry with the next change (or the retry button).
        this.#pending ??= draft;
        this.#set({ kind: 'error', reason: errorText(err) });
      }
    })();
    await this.#flight;
    this.#flight = undefined;
    if (this.#pending !== undefined && this.state.kind !== 'error') await this.flush();
  }

  /** Try the last failed save again. */
  retry(): Promise<void> {
    return this.flush();
  }

  #set(s: SaveState): void {
    this.state = s;
    this.host.requestUpdate();
  }

  #onBeforeUnload = (e: BeforeUnloadEvent): void => {
    if (!this.unsaved) return;
    void this.flush();
    e.preventDefault();
  };

  #onHidden = (): void => {
    if (document.visibilityState === 'hidden') void this.flush();
  };
}
