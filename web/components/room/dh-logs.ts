/**
 * Logs: a live tail of every service's log lines, filtered on the server by service, level and
 * text. New lines arrive by polling from the newest line held. Scrolling up stops the tail from
 * jumping and counts what arrived meanwhile ("12 new lines"), one click goes back to the end.
 * "Older lines" pages back through the whole drill a page at a time, each page the server's
 * newest 500 before the oldest line held within an hour of sim time, so the server's limits per
 * request stay as they are. A line can be pinned to the timeline as evidence (arrow keys pick a
 * line, Enter or P pins it).
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { LogLevel, LogLine } from '../../../contract/logs.js';
import { ApiError } from '../../lib/api.js';
import { consumeRoom } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';
import { simTime } from './format.js';
import { appendTail, EMPTY_TAIL, isGap, prependOlder, type Tail, type TailEntry } from './log-tail.js';
import { fetchLogs, type LogReply, type DrillAccess } from './room-api.js';
import { CommandController } from './room-events.js';

const LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];
const POLL_MS = 2000;
const LIMIT = 500;
const KEEP = 1500;
/** lines kept while someone reads back instead of following the tail */
const KEEP_READING = 20000;
/** the sim time one page of older lines may cover: the reads it costs grow with it */
const OLDER_WINDOW = 3600;

/** The scenario's service names, the same array while the scenario is the same (the room re-renders often). */
const names = new WeakMap<object, readonly string[]>();
function serviceNames(services: object): readonly string[] {
  let n = names.get(services);
  if (!n) names.set(services, (n = Object.keys(services)));
  return n;
}

export class DhLogs extends LitElement {
  static override properties = {
    access: { type: Object },
    services: { type: Array },
    t: { type: Number },
    active: { type: Boolean },
    lock: { type: String },
    _tail: { state: true },
    _services: { state: true },
    _levels: { state: true },
    _text: { state: true },
    _follow: { state: true },
    _unseen: { state: true },
    _error: { state: true },
    _selected: { state: true },
    _pinned: { state: true },
    _older: { state: true },
  };

  declare access: DrillAccess;
  declare services: readonly string[];
  declare t: number;
  declare active: boolean;
  declare lock: string;
  declare _tail: Tail;
  declare _services: ReadonlySet<string>;
  declare _levels: ReadonlySet<LogLevel>;
  declare _text: string;
  declare _follow: boolean;
  declare _unseen: number;
  declare _error: string;
  declare _selected: number;
  declare _pinned: ReadonlySet<string>;
  declare _older: boolean;

  #cmd = new CommandController(this);
  #timer?: ReturnType<typeof setInterval>;
  #textTimer?: ReturnType<typeof setTimeout>;
  #polling = false;
  #lastT = -1;
  #lastAt = 0;
  /** bumped when the filters change, so an answer to an older filter is dropped */
  #generation = 0;

  constructor() {
    super();
    consumeRoom<DhLogs>(this, (d) => ({ access: d.access, services: serviceNames(d.scenario.services), t: d.t, lock: d.lock }));
    this.access = { drillId: '', token: '' };
    this.services = [];
    this.t = 0;
    this.active = false;
    this.lock = '';
    this._tail = EMPTY_TAIL;
    this._services = new Set();
    this._levels = new Set();
    this._text = '';
    this._follow = true;
    this._unseen = 0;
    this._error = '';
    this._selected = -1;
    this._pinned = new Set();
    this._older = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => void this.#poll(), 500);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
    clearTimeout(this.#textTimer);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('active') && this.active) {
      void this.#poll();
      if (this._follow) this.#scrollToEnd();
    }
  }

  #reset(): void {
    this.#generation++;
    this._tail = EMPTY_TAIL;
    this._unseen = 0;
    this._follow = true;
    this._selected = -1;
    this.#lastT = -1;
    this._older = false;
    void this.#poll(true);
  }

  /** The page of lines before the oldest held. */
  async #loadOlder(): Promise<void> {
    const to = this._tail.floor;
    if (this._older || to === undefined || to <= 0) return;
    this._older = true;
    const gen = this.#generation;
    const s = this.#scroller();
    const height = s?.scrollHeight ?? 0;
    try {
      const reply = await this.#fetch(Math.max(0, to - OLDER_WINDOW), to);
      if (gen !== this.#generation || this._tail.floor !== to) return;
      const { tail, added } = prependOlder(this._tail, reply, LIMIT);
      this._tail = tail;
      this._error = '';
      if (this._selected >= 0) this._selected += added;
      await this.updateComplete;
      // Show the end of the new page, where it meets the lines that were there.
      if (s) s.scrollTop = Math.max(0, s.scrollHeight - height - s.clientHeight + 36);
    } catch (err) {
      if (gen === this.#generation) this._error = err instanceof ApiError ? err.message : String(err);
    } finally {
      this._older = false;
    }
  }

  async #poll(force = false): Promise<void> {
    if (!this.active || document.visibilityState === 'hidden' || !this.access.token || this.#polling) return;
    if (!force && (this.t === this.#lastT || Date.now() - this.#lastAt < POLL_MS)) return;
    this.#polling = true;
    const gen = this.#generation;
    this.#lastT = this.t;
    this.#lastAt = Date.now();
    try {
      const reply = await this.#fetch(this._tail.since);
      if (gen !== this.#generation) return;
      const { tail, added } = appendTail(this._tail, reply, LIMIT, this._follow ? KEEP : KEEP_READING);
      this._tail = tail;
      this._error = '';
      if (added > 0) {
        if (this._follow) { await this.updateComplete; this.#scrollToEnd(); } else this._unseen += added;
      }
    } catch (err) {
      if (gen === this.#generation) this._error = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.#polling = false;
    }
  }

  /** The newest LIMIT lines with from < t <= to under the filters (from and to default on the server). */
  #fetch(from?: number, to?: number): Promise<LogReply> {
    return fetchLogs(this.access, {
      limit: LIMIT, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}),
      services: [...this._services], levels: [...this._levels], text: this._text.trim(),
    });
  }

  #scroller(): HTMLElement | null { return this.renderRoot.querySelector('.scroller'); }

  #scrollToEnd(): void {
    const s = this.#scroller();
    if (s) s.scrollTop = s.scrollHeight;
  }

  private _onScroll(): void {
    const s = this.#scroller();
    if (!s) return;
    const atEnd = s.scrollHeight - s.scrollTop - s.clientHeight < 24;
    if (atEnd && !this._follow) { this._follow = true; this._unseen = 0; }
    else if (!atEnd && this._follow) this._follow = false;
  }

  private _jumpToEnd(): void {
    this._follow = true;
    this._unseen = 0;
    this.#scrollToEnd();
  }

  #toggle<T>(set: ReadonlySet<T>, v: T): Set<T> {
    const next = new Set(set);
    if (next.has(v)) next.delete(v); else next.add(v);
    return next;
  }

  override render() {
    const entries = this._tail.entries;
    return html`
      <div class="filters">
        <fieldset>
          <legend>Services</legend>
          ${this.services.map((s) => html`<button class="chip" aria-pressed=${this._services.has(s) ? 'true' : 'false'}
            @click=${() => { this._services = this.#toggle(this._services, s); this.#reset(); }}>${s}</button>`)}
        </fieldset>
        <fieldset>
          <legend>Levels</legend>
          ${LEVELS.map((l) => html`<button class="chip lvl-${l}" aria-pressed=${this._levels.has(l) ? 'true' : 'false'}
            @click=${() => { this._levels = this.#toggle(this._levels, l); this.#reset(); }}>${l}</button>`)}
        </fieldset>
        <label class="search">Search
          <input type="search" placeholder="text in the line, e.g. timeout" .value=${this._text} @input=${this._onText} />
        </label>
      </div>
      <p class="status muted" aria-live="polite">
        ${this._services.size || this._levels.size || this._text ? 'Filtered. ' : ''}${entries.length} lines${this._follow ? ', following the tail' : ', paused while you read'}.
        ${this._tail.since !== undefined ? `Up to ${simTime(this._tail.since)}.` : ''}
        ${this.#olderControl()}
      </p>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      ${this.#cmd.error('pin') ? html`<p class="error" role="alert">${this.#cmd.error('pin')}</p>` : nothing}
      <div class="frame">
        <div class="scroller" role="listbox" aria-label="Log lines, newest last" tabindex=${this._selected < 0 ? 0 : -1}
          @scroll=${this._onScroll} @keydown=${this._onKey} @focus=${this._onFocus}>
          ${entries.length === 0 ? html`<p class="empty">${this.t <= 0 ? 'No log lines yet: the drill has not started.' : 'No log lines match.'}</p>` : nothing}
          ${repeat(entries, (e, i) => (isGap(e) ? `gap${e.t}` : `${e.t}|${e.service}|${i}`), (e, i) => this.#line(e, i))}
        </div>
        ${!this._follow && this._unseen > 0 ? html`<button class="jump primary" @click=${this._jumpToEnd}>${this._unseen} new line${this._unseen === 1 ? '' : 's'} ↓</button>` : nothing}
        ${!this._follow && this._unseen === 0 ? html`<button class="jump" @click=${this._jumpToEnd}>Back to the end ↓</button>` : nothing}
      </div>
    `;
  }

  #olderControl() {
    const floor = this._tail.floor;
    if (floor === undefined) return nothing;
    if (floor <= 0) return html`<span>From the start of the drill.</span>`;
    return html`<button class="older" ?disabled=${this._older} @click=${() => void this.#loadOlder()}>${this._older ? 'Loading…' : `↑ Older lines (before ${simTime(floor)})`}</button>`;
  }

  #line(e: TailEntry, i: number) {
    if (isGap(e)) return html`<div class="gap" role="option" aria-selected="false">… more lines than one poll returns; older ones skipped (narrow the filters to see them) …</div>`;
    const key = lineKey(e);
    const pinned = this._pinned.has(key);
    return html`<div class="line lvl-${e.level} ${i === this._selected ? 'sel' : ''}" role="option" id="l${i}" aria-selected=${i === this._selected ? 'true' : 'false'}
        tabindex=${i === this._selected ? 0 : -1} @click=${() => { this._selected = i; }}>
      <span class="t">${simTime(e.t)}</span><span class="svc">${e.service}</span><span class="lvl">${e.level}</span><span class="txt">${e.text}</span>
      <button class="pin ${pinned ? 'done' : ''}" tabindex="-1" ?disabled=${!!this.lock} title=${this.lock || 'Pin this line as evidence (Enter)'} aria-label="Pin this line as evidence"
        @click=${(ev: Event) => { ev.stopPropagation(); void this.#pin(e); }}>${pinned ? 'Pinned ✓' : 'Pin'}</button>
    </div>`;
  }

  async #pin(line: LogLine): Promise<void> {
    if (this.lock) return;
    if (await this.#cmd.send('pin', { type: 'pin_evidence', kind: 'log', ref: line.text })) this._pinned = new Set([...this._pinned, lineKey(line)]);
  }

  private _onFocus(e: FocusEvent): void {
    if (e.target === this.#scroller() && this._selected < 0 && this._tail.entries.length) this.#select(this._tail.entries.length - 1);
  }

  private _onKey(e: KeyboardEvent): void {
    const n = this._tail.entries.length;
    if (!n) return;
    let next = this._selected;
    if (e.key === 'ArrowDown') next = Math.min(n - 1, this._selected + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, this._selected < 0 ? n - 1 : this._selected - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') { e.preventDefault(); this._jumpToEnd(); next = n - 1; }
    else if ((e.key === 'Enter' || e.key === 'p' || e.key === 'P') && this._selected >= 0) {
      e.preventDefault();
      const line = this._tail.entries[this._selected];
      if (line && !isGap(line)) void this.#pin(line);
      return;
    } else return;
    e.preventDefault();
    this.#select(next);
  }

  #select(i: number): void {
    this._selected = i;
    void this.updateComplete.then(() => {
      const el = this.renderRoot.querySelector<HTMLElement>(`#l${i}`);
      el?.focus({ preventScroll: true });
      el?.scrollIntoView({ block: 'nearest' });
    });
  }

  private _onText(e: Event): void {
    this._text = (e.target as HTMLInputElement).value;
    clearTimeout(this.#textTimer);
    this.#textTimer = setTimeout(() => this.#reset(), 350);
  }

  static override styles = [base, css`
    :host { display: flex; flex-direction: column; height: 100%; min-height: 0; }
    .filters { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: flex-end; }
    fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
    legend { color: var(--muted); font-size: 12px; padding: 0; margin-bottom: 2px; float: left; width: 100%; }
    .chip { padding: 2px 9px; font-size: 12.5px; border-radius: 999px; }
    .chip[aria-pressed='true'] { background: var(--accent); color: var(--accent-text); border-color: var(--accent); font-weight: 600; }
    .search { margin: 0; flex: 1; min-width: 180px; }
    .search input { width: 100%; }
    .status { font-size: 12px; margin: 6px 0; display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; }
    .older { padding: 2px 10px; font-size: 12px; }
    .frame { position: relative; flex: 1; min-height: 240px; }
    .scroller { position: absolute; inset: 0; overflow: auto; background: #0a0d12; border: 1px solid var(--border); border-radius: var(--radius);
      font-family: var(--mono); font-size: 12px; line-height: 1.5; padding: 4px 0; }
    .line { display: grid; grid-template-columns: 82px 104px 40px minmax(0, 1fr) auto; gap: 8px; padding: 0 8px; align-items: start; }
    .line:hover, .line.sel { background: #161f2c; }
    .line:focus { outline: 1px solid var(--accent); outline-offset: -1px; }
    .t { color: var(--muted); }
    .svc { color: #79c0ff; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .lvl { text-transform: uppercase; font-size: 11px; }
    .txt { white-space: pre-wrap; word-break: break-word; }
    .lvl-error .lvl, .lvl-error .txt { color: #ff9d95; }
    .lvl-warn .lvl { color: var(--pending); }
    .lvl-info .lvl { color: #7ee787; }
    .lvl-debug .lvl, .lvl-debug .txt { color: var(--muted); }
    .chip.lvl-error[aria-pressed='true'] { background: var(--bad); border-color: var(--bad); }
    .chip.lvl-warn[aria-pressed='true'] { background: var(--pending); border-color: var(--pending); }
    .pin { visibility: hidden; padding: 0 6px; font-size: 11px; }
    .line:hover .pin, .line.sel .pin, .pin.done { visibility: visible; }
    .pin.done { color: #7ee787; border-color: transparent; background: none; }
    .gap { color: var(--pending); text-align: center; padding: 2px 8px; font-size: 11.5px; }
    .empty { color: var(--muted); padding: 16px; font-family: system-ui, sans-serif; }
    .jump { position: absolute; bottom: 12px; left: 50%; transform: translateX(-50%); box-shadow: 0 4px 16px #000a; }
    .error { margin: 4px 0; }
  `];
}

function lineKey(l: LogLine): string { return `${l.t}|${l.service}|${l.text}`; }

customElements.define('dh-logs', DhLogs);

declare global {
  interface HTMLElementTagNameMap { 'dh-logs': DhLogs }
}
