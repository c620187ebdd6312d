/**
 * The app's toast area: short notices in the bottom right, each dismissable, gone by itself
 * after a few seconds (errors stay longer). Announced to screen readers: errors assertively,
 * the rest politely.
 */
import { css, html, LitElement } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ToastKind } from '../lib/toast.js';
import { base } from '../styles/theme.js';

interface Toast { readonly id: number; readonly message: string; readonly kind: ToastKind }

const LIFETIME_MS: Record<ToastKind, number> = { info: 4000, ok: 3000, error: 10000 };

export class DhToasts extends LitElement {
  static override properties = { _toasts: { state: true } };

  declare _toasts: readonly Toast[];
  #next = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  constructor() {
    super();
    this._toasts = [];
  }

  /** Show a notice; the same message twice in a row is shown once. */
  show(message: string, kind: ToastKind = 'info'): void {
    if (this._toasts.at(-1)?.message === message) return;
    const id = this.#next++;
    this._toasts = [...this._toasts.slice(-3), { id, message, kind }];
    this.#timers.set(id, setTimeout(() => this.#dismiss(id), LIFETIME_MS[kind]));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }

  #dismiss(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this._toasts = this._toasts.filter((t) => t.id !== id);
  }

  protected override render() {
    return html`<div class="polite" role="status" aria-live="polite">
        ${repeat(this._toasts.filter((t) => t.kind !== 'error'), (t) => t.id, (t) => this._toast(t))}
      </div>
      <div class="assertive" role="alert">
        ${repeat(this._toasts.filter((t) => t.kind === 'error'), (t) => t.id, (t) => this._toast(t))}
      </div>`;
  }

  private _toast(t: Toast) {
    return html`<div class="toast ${t.kind}">
      <span>${t.message}</span>
      <button class="close" aria-label="Dismiss" @click=${() => this.#dismiss(t.id)}>×</button>
    </div>`;
  }

  static override styles = [base, css`
    :host { position: fixed; right: 16px; bottom: 16px; z-index: 100; display: flex; flex-direction: column; gap: 8px; max-width: min(440px, calc(100vw - 32px)); pointer-events: none; }
    .polite, .assertive { display: flex; flex-direction: column; gap: 8px; }
    .toast { pointer-events: auto; display: flex; gap: 10px; align-items: flex-start; background: var(--panel-2); border: 1px solid var(--border); border-left: 4px solid var(--info); border-radius: var(--radius); padding: 10px 12px; box-shadow: 0 6px 24px #0008; }
    .toast span { flex: 1; }
    .toast.ok { border-left-color: var(--ok); }
    .toast.error { border-left-color: var(--bad); color: #ffd7d3; }
    .close { padding: 0 6px; background: transparent; border: none; font-size: 18px; line-height: 1; color: var(--muted); }
  `];
}

customElements.define('dh-toasts', DhToasts);

declare global {
  interface HTMLElementTagNameMap { 'dh-toasts': DhToasts }
}
