/**
 * The postmortem's impact section: duration and users or requests affected, each in words and
 * as a number (the grader checks numbers against the drill's own), and what users saw. The
 * drill's own numbers are shown when the server gives them (the facilitator, or after a
 * submission). Edits go up as `dh-impact-change`.
 */
import { css, html, LitElement, nothing } from 'lit';
import { base } from '../../styles/theme.js';
import { formatDuration } from './format.js';
import type { ImpactForm } from './postmortem-form.js';
import type { PostmortemState } from './review-api.js';

export class DhPmImpact extends LitElement {
  static override properties = {
    value: { type: Object },
    readonly: { type: Boolean },
    known: { type: Object },
  };

  declare value: ImpactForm;
  declare readonly: boolean;
  declare known: PostmortemState['impact'];

  constructor() {
    super();
    this.readonly = false;
    this.known = null;
  }

  override focus(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input')?.focus();
  }

  override render() {
    const i = this.value;
    if (!i) return nothing;
    const k = this.known;
    return html`
      <div class="grid2">
        <div><label for="i-duration">Duration, in words</label>${this._input('i-duration', 'duration', 'e.g. about 25 minutes')}</div>
        <div><label for="i-minutes">Duration, minutes</label>${this._input('i-minutes', 'minutes', 'e.g. 25', 'decimal')}</div>
        <div><label for="i-users">Users or requests affected, in words</label>${this._input('i-users', 'users_affected', 'e.g. about 3,500 checkout requests failed')}</div>
        <div><label for="i-failed">Failed requests, number</label>${this._input('i-failed', 'requests_failed', 'e.g. 3500', 'numeric')}</div>
      </div>
      <label for="i-desc">What users saw</label>
      <textarea id="i-desc" rows="2" .value=${i.description} ?readonly=${this.readonly} placeholder="e.g. Checkout timed out for most customers; orders could not be placed."
        @input=${(e: Event) => this._set('description', (e.target as HTMLTextAreaElement).value)}></textarea>
      ${k && (k.durationSeconds != null || k.failedRequests != null) ? html`<p class="known">The drill's own numbers:
        ${k.durationSeconds != null ? html`lasted <strong>${formatDuration(k.durationSeconds)}</strong>` : nothing}${k.durationSeconds != null && k.failedRequests != null ? ', ' : ''}
        ${k.failedRequests != null ? html`<strong>${k.failedRequests.toLocaleString('en')}</strong> failed requests` : nothing}.</p>` : nothing}`;
  }

  private _input(id: string, key: keyof ImpactForm, placeholder: string, mode?: 'decimal' | 'numeric') {
    return html`<input id=${id} .value=${this.value[key]} ?readonly=${this.readonly} placeholder=${placeholder} inputmode=${mode ?? 'text'}
      @input=${(e: Event) => this._set(key, (e.target as HTMLInputElement).value)} />`;
  }

  private _set(key: keyof ImpactForm, v: string): void {
    this.dispatchEvent(new CustomEvent<ImpactForm>('dh-impact-change', { detail: { ...this.value, [key]: v }, bubbles: true, composed: true }));
  }

  static override styles = [base, css`
    :host { display: block; }
    .grid2 { display: grid; grid-template-columns: 1fr 160px; gap: 8px 12px; margin-bottom: 8px; }
    input { width: 100%; }
    textarea { display: block; min-height: 48px; line-height: 1.45; }
    input::placeholder, textarea::placeholder { color: #6e7681; font-style: italic; }
    textarea[readonly], input[readonly] { background: transparent; border-style: dashed; }
    .known { margin: 8px 0 0; font-size: 12.5px; color: var(--muted); }
  `];
}

customElements.define('dh-pm-impact', DhPmImpact);

declare global {
  interface HTMLElementTagNameMap { 'dh-pm-impact': DhPmImpact }
  interface HTMLElementEventMap { 'dh-impact-change': CustomEvent<ImpactForm> }
}
