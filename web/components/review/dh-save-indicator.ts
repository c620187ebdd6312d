/**
 * The autosave indicator: "Saved at 14:02:09 (by Ada)", "Saving…", "Not saved: <reason>" with a
 * retry button. Announced politely to screen readers; the failure is announced at once.
 */
import { css, html, LitElement, nothing } from 'lit';
import { base } from '../../styles/theme.js';
import { saveLabel, type SaveState } from './format.js';

export class DhSaveIndicator extends LitElement {
  static override properties = {
    state: { type: Object },
    me: { type: String },
  };

  declare state: SaveState;
  declare me: string;

  constructor() {
    super();
    this.state = { kind: 'idle' };
    this.me = '';
  }

  override render() {
    const s = this.state;
    const error = s.kind === 'error';
    return html`<span class="ind ${s.kind}" role=${error ? 'alert' : 'status'} aria-live=${error ? 'assertive' : 'polite'}>
      <span class="dot" aria-hidden="true"></span><span class="text">${saveLabel(s, this.me)}</span>
    </span>${error ? html`<button class="retry" @click=${this._onRetry}>Retry</button>` : nothing}`;
  }

  private _onRetry(): void {
    this.dispatchEvent(new CustomEvent('dh-save-retry', { bubbles: true, composed: true }));
  }

  static override styles = [base, css`
    :host { display: inline-flex; align-items: center; gap: 8px; min-width: 0; }
    .ind { display: inline-flex; align-items: center; gap: 6px; font-size: 12.5px; color: var(--muted); min-width: 0; }
    .text { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 420px; }
    .dot { width: 8px; height: 8px; border-radius: 50%; background: var(--border); flex: none; }
    .saved .dot { background: var(--ok); }
    .saving .dot, .dirty .dot { background: var(--pending); }
    .error { color: #ffb4ae; }
    .error .dot { background: var(--bad); }
    .retry { padding: 2px 8px; font-size: 12px; }
  `];
}

customElements.define('dh-save-indicator', DhSaveIndicator);

declare global {
  interface HTMLElementTagNameMap { 'dh-save-indicator': DhSaveIndicator }
  interface HTMLElementEventMap { 'dh-save-retry': CustomEvent<void> }
}
