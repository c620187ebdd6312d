/**
 * The postmortem's timeline: rows of drill time and what happened, pre-filled from the drill's
 * own log and edited freely (add a row below any row, remove, move up and down, sort by time,
 * bring back drill events that are missing). The rows arrive as a property; every edit goes up
 * as `dh-timeline-change` with the new rows.
 */
import { css, html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { base } from '../../styles/theme.js';
import { moveRow, parseSimTime, sortTimeline, timelineRow, type TimelineRow } from './postmortem-form.js';

/** After the page has handled the change event and both elements have rendered. */
export const afterRender = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

export class DhPmTimeline extends LitElement {
  static override properties = {
    rows: { type: Array },
    readonly: { type: Boolean },
    canMerge: { type: Boolean },
    mergeNote: { type: String },
  };

  declare rows: readonly TimelineRow[];
  declare readonly: boolean;
  /** show "add missing drill events" (the page does the merge, it has the drill's log) */
  declare canMerge: boolean;
  declare mergeNote: string;

  constructor() {
    super();
    this.rows = [];
    this.readonly = false;
    this.canMerge = true;
    this.mergeNote = '';
  }

  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('input')?.focus();
  }

  override render() {
    const sorted = this.rows.every((r, i) => i === 0 || this.rows[i - 1]!.t <= r.t);
    return html`
      ${this.rows.length === 0 ? html`<p class="muted empty">No entries. Add one, or bring in the drill's events.</p>` : html`
      <ol class="rows">
        ${repeat(this.rows, (r) => r.key, (r, i) => this._row(r, i))}
      </ol>`}
      ${this.readonly ? nothing : html`<div class="row tools">
        <button @click=${() => this._insert(this.rows.length)}>+ Add entry</button>
        <button ?disabled=${sorted} title=${sorted ? 'Already in time order' : 'Put the entries in drill-time order'} @click=${this._onSort}>Sort by time</button>
        ${this.canMerge ? html`<button @click=${this._onMerge}>Add missing drill events</button>` : nothing}
        ${this.mergeNote ? html`<span class="muted note" role="status">${this.mergeNote}</span>` : nothing}
      </div>`}`;
  }

  private _row(r: TimelineRow, i: number) {
    const bad = parseSimTime(r.time) === undefined;
    const n = i + 1;
    return html`<li class="entry" id="row-${r.key}">
      <label class="sr-only" for="t-${r.key}">Entry ${n} drill time</label>
      <div class="time">
        <span class="tplus" aria-hidden="true">T+</span>
        <input id="t-${r.key}" class="mono ${bad ? 'bad' : ''}" .value=${r.time} ?readonly=${this.readonly} aria-invalid=${bad ? 'true' : 'false'}
          placeholder="00:12:30" inputmode="numeric" spellcheck="false" autocomplete="off"
          @input=${(e: Event) => this._onTime(i, (e.target as HTMLInputElement).value)} />
      </div>
      <label class="sr-only" for="x-${r.key}">Entry ${n} text</label>
      <input id="x-${r.key}" class="text" .value=${r.text} title=${r.text} ?readonly=${this.readonly} placeholder="What happened"
        @input=${(e: Event) => this._set(i, { ...r, text: (e.target as HTMLInputElement).value })} />
      ${this.readonly ? nothing : html`<div class="ops">
        <button class="icon" ?disabled=${i === 0} data-move="up" aria-label="Move entry ${n} up" title="Move up" @click=${() => this._move(i, -1)}>↑</button>
        <button class="icon" ?disabled=${i === this.rows.length - 1} data-move="down" aria-label="Move entry ${n} down" title="Move down" @click=${() => this._move(i, 1)}>↓</button>
        <button class="icon" aria-label="Add an entry after entry ${n}" title="Add an entry below" @click=${() => this._insert(i + 1)}>+</button>
        <button class="icon del" aria-label="Remove entry ${n}" title="Remove" @click=${() => this._remove(i)}>✕</button>
      </div>`}
    </li>`;
  }

  private _emit(rows: readonly TimelineRow[]): void {
    this.dispatchEvent(new CustomEvent('dh-timeline-change', { detail: rows, bubbles: true, composed: true }));
  }

  private _set(i: number, row: TimelineRow): void {
    const next = this.rows.slice();
    next[i] = row;
    this._emit(next);
  }

  private _onTime(i: number, time: string): void {
    const r = this.rows[i]!;
    const t = parseSimTime(time);
    this._set(i, { ...r, time, t: t ?? r.t });
  }

  private _move(i: number, by: -1 | 1): void {
    this._emit(moveRow(this.rows, i, by));
    // Keep the keyboard on the moved row's button, or its other one at the ends.
    const key = this.rows[i]!.key;
    void afterRender().then(() => {
      const li = this.renderRoot.querySelector(`#row-${key}`);
      const same = li?.querySelector<HTMLButtonElement>(`button[data-move=${by < 0 ? 'up' : 'down'}]`);
      (same && !same.disabled ? same : li?.querySelector<HTMLButtonElement>(`button[data-move=${by < 0 ? 'down' : 'up'}]`))?.focus();
    });
  }

  private _insert(at: number): void {
    const prev = this.rows[at - 1];
    const row = timelineRow(prev?.t ?? 0, '');
    const next = [...this.rows.slice(0, at), row, ...this.rows.slice(at)];
    this._emit(next);
    void afterRender().then(() => this.renderRoot.querySelector<HTMLInputElement>(`#x-${row.key}`)?.focus());
  }

  private _remove(i: number): void {
    this._emit([...this.rows.slice(0, i), ...this.rows.slice(i + 1)]);
    void afterRender().then(() => {
      const near = this.rows[Math.min(i, this.rows.length - 1)];
      (near ? this.renderRoot.querySelector<HTMLInputElement>(`#x-${near.key}`) : this.renderRoot.querySelector<HTMLButtonElement>('.tools button'))?.focus();
    });
  }

  private _onSort(): void {
    this._emit(sortTimeline(this.rows));
  }

  private _onMerge(): void {
    this.dispatchEvent(new CustomEvent('dh-timeline-merge', { bubbles: true, composed: true }));
  }

  static override styles = [base, css`
    :host { display: block; }
    .rows { list-style: none; margin: 0; padding: 0; display: grid; gap: 4px; }
    .entry { display: grid; grid-template-columns: 118px 1fr auto; gap: 6px; align-items: center; }
    .time { display: flex; align-items: center; gap: 2px; }
    .tplus { color: var(--muted); font-family: var(--mono); font-size: 12.5px; }
    .time input { width: 92px; padding: 5px 6px; }
    input.bad { border-color: var(--bad); background: #2a1517; }
    .text { width: 100%; min-width: 0; padding: 5px 8px; }
    .ops { display: flex; gap: 2px; }
    button.icon { width: 28px; height: 28px; padding: 0; font-size: 13px; line-height: 1; }
    button.del:hover:not(:disabled) { color: #ffb4ae; border-color: var(--bad); }
    .tools { margin-top: 8px; }
    .note { font-size: 12.5px; }
    .empty { margin: 0 0 4px; }
    input[readonly] { background: transparent; border-color: transparent; }
  `];
}

customElements.define('dh-pm-timeline', DhPmTimeline);

declare global {
  interface HTMLElementTagNameMap { 'dh-pm-timeline': DhPmTimeline }
  interface HTMLElementEventMap { 'dh-timeline-change': CustomEvent<readonly TimelineRow[]>; 'dh-timeline-merge': CustomEvent<void> }
}
