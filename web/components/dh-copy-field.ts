/**
 * A value to hand to someone else (a join link, a join code) with a Copy button. The value is
 * in a read-only input so it can also be selected by hand; copying falls back to the old
 * selection API where the Clipboard API is unavailable (plain http on a LAN address).
 */
import { css, html, LitElement } from 'lit';
import { base } from '../styles/theme.js';
import { toast } from '../lib/toast.js';

export class DhCopyField extends LitElement {
  static override properties = {
    label: { type: String },
    value: { type: String },
    big: { type: Boolean, reflect: true },
    _copied: { state: true },
  };

  declare label: string;
  declare value: string;
  /** larger monospace text, for a code people read aloud */
  declare big: boolean;
  declare _copied: boolean;
  #timer?: ReturnType<typeof setTimeout>;

  constructor() {
    super();
    this.label = '';
    this.value = '';
    this.big = false;
    this._copied = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  protected override render() {
    return html`<label for="v">${this.label}</label>
      <div class="row">
        <input id="v" readonly .value=${this.value} @focus=${this._onFocus} spellcheck="false" />
        <button type="button" @click=${this._onCopy} aria-label="Copy ${this.label}">${this._copied ? 'Copied ✓' : 'Copy'}</button>
      </div>`;
  }

  private _onFocus(e: Event): void {
    (e.target as HTMLInputElement).select();
  }

  private async _onCopy(): Promise<void> {
    const ok = await this.#copy();
    if (!ok) { toast(this, `Could not copy; select the ${this.label.toLowerCase()} and copy it by hand.`, 'error'); return; }
    this._copied = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => { this._copied = false; }, 2000);
  }

  async #copy(): Promise<boolean> {
    try {
      if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(this.value); return true; }
    } catch { /* fall through to the selection API */ }
    const input = this.renderRoot.querySelector('input');
    if (!input) return false;
    input.focus();
    input.select();
    try { return document.execCommand('copy'); } catch { return false; }
  }

  static override styles = [base, css`
    :host { display: block; }
    .row { display: flex; gap: 6px; }
    input { flex: 1; min-width: 0; font-family: var(--mono); font-size: 12.5px; }
    :host([big]) input { font-size: 20px; letter-spacing: .12em; font-weight: 700; padding: 4px 10px; }
    button { white-space: nowrap; min-width: 84px; }
  `];
}

customElements.define('dh-copy-field', DhCopyField);

declare global {
  interface HTMLElementTagNameMap { 'dh-copy-field': DhCopyField }
}
