/**
 * A team's action items carried from drill to drill: what, who, priority, type, due, where it
 * came from, and whether it is done. Editable (a done checkbox per item, firing
 * `dh-action-item-toggle`) on the team history; read-only in the postmortem editor, where it
 * reminds the team what they promised last time.
 */
import { css, html, LitElement, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { base } from '../../styles/theme.js';
import { wallDate } from './format.js';
import type { ActionItemRecord } from './review-api.js';

export interface ActionItemToggle { readonly id: string; readonly status: 'open' | 'done' }

export class DhActionItemBoard extends LitElement {
  static override properties = {
    items: { type: Array },
    editable: { type: Boolean },
    busy: { type: Object },
    errors: { type: Object },
    drillTitles: { type: Object },
    heading: { type: String },
    empty: { type: String },
  };

  declare items: readonly ActionItemRecord[];
  declare editable: boolean;
  /** ids with a change in flight */
  declare busy: ReadonlySet<string>;
  /** the server's refusal per id */
  declare errors: Readonly<Record<string, string>>;
  /** drill id -> how to name it ("checkout-db-pool, 2025-06-01") */
  declare drillTitles: Readonly<Record<string, string>>;
  declare heading: string;
  declare empty: string;

  constructor() {
    super();
    this.items = [];
    this.editable = false;
    this.busy = new Set();
    this.errors = {};
    this.drillTitles = {};
    this.heading = '';
    this.empty = 'No action items yet.';
  }

  override render() {
    const open = this.items.filter((i) => i.status === 'open').length;
    return html`
      ${this.heading ? html`<h2>${this.heading} <span class="count">${open} open of ${this.items.length}</span></h2>` : nothing}
      ${this.items.length === 0 ? html`<p class="muted">${this.empty}</p>` : html`
        <table>
          <thead><tr>
            <th class="st">${this.editable ? 'Done' : 'Status'}</th><th>Action</th><th>Owner</th><th>Priority</th><th>Type</th><th>Due</th><th>From</th>
          </tr></thead>
          <tbody>${repeat(this.items, (i) => i.id, (i) => this._row(i))}</tbody>
        </table>`}`;
  }

  private _row(i: ActionItemRecord) {
    const done = i.status === 'done';
    const err = this.errors[i.id];
    return html`<tr class=${done ? 'done' : ''}>
      <td class="st">${this.editable
        ? html`<input type="checkbox" .checked=${live(done)} ?disabled=${this.busy.has(i.id)} aria-label="Mark “${i.title}” ${done ? 'open again' : 'done'}"
            @change=${(e: Event) => this._onToggle(i, (e.target as HTMLInputElement).checked)} />`
        : html`<span class="badge ${done ? 'ok' : 'warn'}">${done ? 'done' : 'open'}</span>`}</td>
      <td class="title">${i.title}${done && i.doneAt ? html`<div class="sub">done ${wallDate(i.doneAt)}</div>` : nothing}
        ${err ? html`<div class="error" role="alert">${err}</div>` : nothing}</td>
      <td>${i.owner || html`<span class="muted">no owner</span>`}</td>
      <td>${i.priority ?? html`<span class="muted">–</span>`}</td>
      <td>${i.type ?? html`<span class="muted">–</span>`}</td>
      <td>${i.due || html`<span class="muted">–</span>`}</td>
      <td class="from">${this.drillTitles[i.drillId] ?? 'An earlier drill'}<div class="sub">${wallDate(i.createdAt)}</div></td>
    </tr>`;
  }

  private _onToggle(i: ActionItemRecord, checked: boolean): void {
    this.dispatchEvent(new CustomEvent<ActionItemToggle>('dh-action-item-toggle', { detail: { id: i.id, status: checked ? 'done' : 'open' }, bubbles: true, composed: true }));
  }

  static override styles = [base, css`
    :host { display: block; }
    h2 { display: flex; align-items: baseline; gap: 10px; }
    .count { color: var(--muted); font-size: 12.5px; font-weight: 400; }
    .st { width: 64px; text-align: center; }
    td.st input { width: 18px; height: 18px; accent-color: var(--ok); cursor: pointer; }
    tr.done .title { color: var(--muted); text-decoration: line-through; text-decoration-color: #6e7681; }
    .sub { color: var(--muted); font-size: 12px; }
    .from { font-size: 12.5px; max-width: 220px; }
    .error { margin-top: 4px; font-size: 12.5px; }
  `];
}

customElements.define('dh-action-item-board', DhActionItemBoard);

declare global {
  interface HTMLElementTagNameMap { 'dh-action-item-board': DhActionItemBoard }
  interface HTMLElementEventMap { 'dh-action-item-toggle': CustomEvent<ActionItemToggle> }
}
