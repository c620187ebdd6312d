/**
 * Status updates: write one for the responders (internal) or for customers and the business
 * (external) and post it (`post_status`); the updates so far, newest first. A template reminds
 * the writer of what a good update says: impact, current status, next steps and when the next
 * update comes.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { DrillModel } from '../../lib/drill-model.js';
import { consumeRoom } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';
import { simTime } from './format.js';
import { CommandController } from './room-events.js';

type Audience = 'internal' | 'external';

const TEMPLATE: Readonly<Record<Audience, string>> = {
  internal: 'Impact: \nStatus: investigating / mitigating / monitoring\nSeverity: \nNext steps: \nNext update in: ',
  external: 'We are investigating reports of … Some customers may … We will post another update by … ',
};

export class DhIncidentStatus extends LitElement {
  static override properties = {
    model: { type: Object },
    now: { type: Number },
    lock: { type: String },
    _audience: { state: true },
    _text: { state: true },
  };

  declare model: DrillModel;
  declare now: number;
  declare lock: string;
  declare _audience: Audience;
  declare _text: string;
  #cmd = new CommandController(this);

  constructor() {
    super();
    consumeRoom<DhIncidentStatus>(this, (d) => ({ model: d.model, now: d.now, lock: d.lock }));
    this.now = 0;
    this.lock = '';
    this._audience = 'internal';
    this._text = '';
  }

  override render() {
    const key = 'post';
    const updates = [...this.model.statusUpdates].reverse();
    return html`
      <form @submit=${this._onPost}>
        <fieldset class="aud">
          <legend>Audience</legend>
          ${(['internal', 'external'] as const).map((a) => html`<label class="radio"><input type="radio" name="aud" value=${a} .checked=${this._audience === a}
            @change=${() => { this._audience = a; }} /> ${a === 'internal' ? 'Internal (responders, management)' : 'External (customers, status page)'}</label>`)}
        </fieldset>
        <label for="text">Update</label>
        <textarea id="text" rows="5" maxlength="4000" .value=${this._text} @input=${(e: Event) => { this._text = (e.target as HTMLTextAreaElement).value; }}
          placeholder="What is affected, what you are doing, when the next update comes."></textarea>
        <div class="row">
          <button type="button" @click=${() => { this._text = this._text.trim() ? this._text : TEMPLATE[this._audience]; }} ?disabled=${!!this._text.trim()}
            title="Fill in a skeleton of a good update">Use template</button>
          <span class="spacer"></span>
          <button class="primary" type="submit" ?disabled=${!!this.lock || !this._text.trim() || this.#cmd.busy(key)} title=${this.lock || `Post the ${this._audience} update`}>
            ${this.#cmd.busy(key) ? 'Posting…' : `Post ${this._audience} update`}</button>
        </div>
        ${this.#cmd.error(key) ? html`<p class="error" role="alert">${this.#cmd.error(key)}</p>` : nothing}
      </form>
      <h3>Posted (${updates.length})</h3>
      ${updates.length === 0 ? html`<p class="muted small">No status update yet.</p>` : nothing}
      <ol class="updates" reversed>
        ${updates.map((u) => html`<li class=${u.audience}>
          <div class="meta"><span class="badge ${u.audience === 'external' ? 'warn' : 'info'}">${u.audience}</span> ${u.by ?? ''} <span class="t">${simTime(u.t)}</span></div>
          <div class="text">${u.text}</div>
        </li>`)}
      </ol>
    `;
  }

  private async _onPost(e: Event): Promise<void> {
    e.preventDefault();
    const text = this._text.trim();
    if (!text || this.lock) return;
    if (await this.#cmd.send('post', { type: 'post_status', audience: this._audience, text })) this._text = '';
  }

  static override styles = [base, css`
    :host { display: block; overflow: auto; padding: 10px 12px; }
    form { display: grid; gap: 6px; margin-bottom: 12px; }
    fieldset.aud { border: 0; margin: 0; padding: 0; display: grid; gap: 2px; }
    legend { color: var(--muted); font-size: 12px; padding: 0; }
    label.radio { display: flex; gap: 6px; align-items: center; color: var(--text); font-size: 13px; margin: 0; }
    label { margin: 0; }
    .spacer { flex: 1; }
    h3 { margin-top: 4px; }
    .small { font-size: 12.5px; }
    .updates { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; }
    .updates li { background: var(--panel-2); border: 1px solid var(--border); border-radius: var(--radius); padding: 6px 9px; }
    .updates li.external { border-left: 3px solid var(--pending); }
    .updates li.internal { border-left: 3px solid var(--info); }
    .meta { font-size: 12.5px; display: flex; gap: 6px; align-items: center; }
    .t { color: var(--muted); font-family: var(--mono); font-size: 11.5px; }
    .text { white-space: pre-wrap; word-break: break-word; margin-top: 3px; }
    .error { margin: 0; font-size: 13px; }
  `];
}

customElements.define('dh-incident-status', DhIncidentStatus);

declare global {
  interface HTMLElementTagNameMap { 'dh-incident-status': DhIncidentStatus }
}
