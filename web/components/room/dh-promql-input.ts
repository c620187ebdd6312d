/**
 * The PromQL box: a text field with metric-name completion in a listbox (the ARIA combobox
 * pattern: arrows move, Enter or Tab take the suggestion, Escape closes it). Enter with no list
 * open runs the query; Shift+Enter adds a line.
 */
import { css, html, LitElement, nothing } from 'lit';
import { base } from '../../styles/theme.js';
import { applySuggestion, complete, type Completion } from './promql-complete.js';

export class DhPromqlInput extends LitElement {
  static override properties = {
    value: { type: String },
    names: { type: Array },
    label: { type: String },
    _completion: { state: true },
    _active: { state: true },
  };

  declare value: string;
  declare names: readonly string[];
  declare label: string;
  declare _completion: Completion | undefined;
  declare _active: number;

  constructor() {
    super();
    this.value = '';
    this.names = [];
    this.label = 'PromQL expression';
    this._completion = undefined;
    this._active = 0;
  }

  override focus(): void {
    this.renderRoot.querySelector('textarea')?.focus();
  }

  override render() {
    const c = this._completion;
    const open = !!c && c.options.length > 0;
    return html`
      <label for="q">${this.label}</label>
      <div class="wrap">
        <textarea id="q" rows="2" spellcheck="false" autocomplete="off" autocapitalize="off"
          role="combobox" aria-autocomplete="list" aria-expanded=${open ? 'true' : 'false'} aria-controls="suggestions"
          aria-activedescendant=${open ? `s-${this._active}` : ''}
          placeholder='e.g. sum by (code) (rate(http_requests_total{service="checkout"}[1m]))'
          .value=${this.value} @input=${this._onInput} @keydown=${this._onKeydown} @blur=${() => setTimeout(() => { this._completion = undefined; }, 150)}
          @click=${this._onInput}></textarea>
        ${open ? html`
          <ul id="suggestions" role="listbox" aria-label="Suggestions">
            ${c.options.map((o, i) => html`
              <li id="s-${i}" role="option" aria-selected=${i === this._active ? 'true' : 'false'} class=${i === this._active ? 'active' : ''}
                @mousedown=${(e: Event) => { e.preventDefault(); this.#choose(i); }}>
                <span class="mono">${o.text}</span><span class="kind">${o.kind}</span>
              </li>`)}
          </ul>` : nothing}
      </div>
      <p class="hint muted">Enter runs the query · Shift+Enter for a new line · ↑↓ and Tab pick a suggestion</p>
    `;
  }

  #textarea(): HTMLTextAreaElement { return this.renderRoot.querySelector('textarea')!; }

  private _onInput(): void {
    const ta = this.#textarea();
    this.value = ta.value;
    this.dispatchEvent(new CustomEvent('dh-promql-change', { detail: { value: ta.value }, bubbles: true, composed: true }));
    this._completion = complete(ta.value, ta.selectionStart ?? ta.value.length, this.names);
    this._active = 0;
  }

  private _onKeydown(e: KeyboardEvent): void {
    const c = this._completion;
    if (c && c.options.length) {
      if (e.key === 'ArrowDown') { e.preventDefault(); this._active = (this._active + 1) % c.options.length; return; }
      if (e.key === 'ArrowUp') { e.preventDefault(); this._active = (this._active - 1 + c.options.length) % c.options.length; return; }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') { e.preventDefault(); this.#choose(this._active); return; }
      if (e.key === 'Escape') { e.preventDefault(); this._completion = undefined; return; }
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      this.dispatchEvent(new CustomEvent('dh-promql-run', { detail: { value: this.#textarea().value }, bubbles: true, composed: true }));
    }
  }

  #choose(i: number): void {
    const c = this._completion;
    const s = c?.options[i];
    if (!c || !s) return;
    const ta = this.#textarea();
    const next = applySuggestion(ta.value, c, s);
    ta.value = next.text;
    this.value = next.text;
    ta.setSelectionRange(next.caret, next.caret);
    this._completion = undefined;
    this.dispatchEvent(new CustomEvent('dh-promql-change', { detail: { value: next.text }, bubbles: true, composed: true }));
    ta.focus();
  }

  static override styles = [base, css`
    :host { display: block; }
    .wrap { position: relative; }
    textarea { font-family: var(--mono); font-size: 13px; min-height: 52px; }
    ul { position: absolute; z-index: 5; left: 0; top: 100%; margin: 2px 0 0; padding: 4px 0; list-style: none; min-width: 320px; max-height: 260px; overflow: auto;
      background: var(--panel-2); border: 1px solid var(--accent); border-radius: var(--radius); box-shadow: 0 8px 24px #0008; }
    li { display: flex; justify-content: space-between; gap: 16px; padding: 3px 10px; cursor: pointer; }
    li.active, li:hover { background: #1f3a5c; }
    .kind { color: var(--muted); font-size: 11px; }
    .hint { font-size: 11.5px; margin: 2px 0 0; }
  `];
}

customElements.define('dh-promql-input', DhPromqlInput);

declare global {
  interface HTMLElementTagNameMap { 'dh-promql-input': DhPromqlInput }
  interface HTMLElementEventMap {
    'dh-promql-change': CustomEvent<{ value: string }>;
    'dh-promql-run': CustomEvent<{ value: string }>;
  }
}
