/**
 * The postmortem's action items as an editable table: what will change, owner, priority
 * (P0-P3), type (detection, prevention, mitigation, process, documentation, testing) and due
 * date. Rows arrive as a property; edits go up as `dh-action-items-change`.
 */
import { css, html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { base } from '../../styles/theme.js';
import { afterRender } from './dh-pm-timeline.js';
import { ACTION_ITEM_TYPES as ITEM_TYPES, PRIORITIES } from '../../../contract/postmortem.js';
import { emptyActionRow, type ActionRow } from './postmortem-form.js';

const TYPE_HINT: Record<(typeof ITEM_TYPES)[number], string> = {
  detection: 'see it sooner: alerts, dashboards',
  prevention: 'stop it happening: validation, limits, reviews',
  mitigation: 'hurt less when it happens: runbooks, failover, flags',
  process: 'how people work: on-call, reviews, drills',
  documentation: 'runbooks and docs',
  testing: 'tests, load tests, game days',
};

export class DhPmActionItems extends LitElement {
  static override properties = {
    rows: { type: Array },
    readonly: { type: Boolean },
  };

  declare rows: readonly ActionRow[];
  declare readonly: boolean;

  constructor() {
    super();
    this.rows = [];
    this.readonly = false;
  }

  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('input, button')?.focus();
  }

  override render() {
    return html`
      ${this.rows.length === 0 ? html`<p class="muted">No action items yet. Each one: a specific change, an owner, a priority, a type and a due date.</p>` : html`
      <table>
        <thead><tr>
          <th class="n">#</th><th>Action (what will change)</th><th class="owner">Owner</th><th class="prio">Priority</th><th class="type">Type</th><th class="due">Due</th>
          ${this.readonly ? nothing : html`<th class="ops"><span class="sr-only">Remove</span></th>`}
        </tr></thead>
        <tbody>${repeat(this.rows, (r) => r.key, (r, i) => this._row(r, i))}</tbody>
      </table>`}
      ${this.readonly ? nothing : html`<div class="row tools">
        <button @click=${this._onAdd}>+ Add action item</button>
        <span class="muted hint">Due: a date (2025-07-01) or relative (2w, next sprint).</span>
      </div>`}`;
  }

  private _row(r: ActionRow, i: number) {
    const n = i + 1;
    const set = (patch: Partial<ActionRow>) => this._set(i, { ...r, ...patch });
    const val = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
    return html`<tr>
      <td class="n">${n}</td>
      <td><input id="title-${r.key}" .value=${r.title} ?readonly=${this.readonly} aria-label="Action item ${n}: what will change"
        placeholder="e.g. Alert on db_pool_pending_threads above 5 for 2m" @input=${(e: Event) => set({ title: val(e) })} /></td>
      <td><input .value=${r.owner} ?readonly=${this.readonly} aria-label="Action item ${n} owner" placeholder="team or person" @input=${(e: Event) => set({ owner: val(e) })} /></td>
      <td><select .value=${r.priority} ?disabled=${this.readonly} aria-label="Action item ${n} priority" @change=${(e: Event) => set({ priority: val(e) as ActionRow['priority'] })}>
        <option value="" ?selected=${r.priority === ''}>–</option>
        ${PRIORITIES.map((p) => html`<option value=${p} ?selected=${r.priority === p}>${p}</option>`)}
      </select></td>
      <td><select .value=${r.type} ?disabled=${this.readonly} aria-label="Action item ${n} type" @change=${(e: Event) => set({ type: val(e) as ActionRow['type'] })}>
        <option value="" ?selected=${r.type === ''}>–</option>
        ${ITEM_TYPES.map((t) => html`<option value=${t} title=${TYPE_HINT[t]} ?selected=${r.type === t}>${t}</option>`)}
      </select></td>
      <td><input .value=${r.due} ?readonly=${this.readonly} aria-label="Action item ${n} due date" placeholder="e.g. 2w" @input=${(e: Event) => set({ due: val(e) })} /></td>
      ${this.readonly ? nothing : html`<td class="ops"><button class="icon del" aria-label="Remove action item ${n}" title="Remove" @click=${() => this._remove(i)}>✕</button></td>`}
    </tr>`;
  }

  private _emit(rows: readonly ActionRow[]): void {
    this.dispatchEvent(new CustomEvent('dh-action-items-change', { detail: rows, bubbles: true, composed: true }));
  }

  private _set(i: number, row: ActionRow): void {
    const next = this.rows.slice();
    next[i] = row;
    this._emit(next);
  }

  private _onAdd(): void {
    const row = emptyActionRow();
    this._emit([...this.rows, row]);
    void afterRender().then(() => this.renderRoot.querySelector<HTMLInputElement>(`#title-${row.key}`)?.focus());
  }

  private _remove(i: number): void {
    this._emit([...this.rows.slice(0, i), ...this.rows.slice(i + 1)]);
    void afterRender().then(() => this.renderRoot.querySelector<HTMLButtonElement>('.tools button')?.focus());
  }

  static override styles = [base, css`
    :host { display: block; }
    table { table-layout: fixed; }
    th, td { padding: 3px 4px; }
    .n { width: 28px; color: var(--muted); text-align: right; }
    td.n { padding-top: 9px; }
    .owner { width: 140px; } .prio { width: 76px; } .type { width: 136px; } .due { width: 100px; } .ops { width: 38px; }
    input, select { width: 100%; min-width: 0; padding: 5px 6px; }
    button.icon { width: 28px; height: 28px; padding: 0; }
    button.del:hover:not(:disabled) { color: #ffb4ae; border-color: var(--bad); }
    .tools { margin-top: 8px; }
    .hint { font-size: 12.5px; }
    input[readonly] { background: transparent; border-color: transparent; }
  `];
}

customElements.define('dh-pm-action-items', DhPmActionItems);

declare global {
  interface HTMLElementTagNameMap { 'dh-pm-action-items': DhPmActionItems }
  interface HTMLElementEventMap { 'dh-action-items-change': CustomEvent<readonly ActionRow[]> }
}
