/**
 * The drills this browser holds a seat in (facilitator or trainee), each checked against the
 * server: where it stands, and links to the console or the room, and once it has ended to the
 * postmortem and (for trainees once published) the report. A drill the
 * server no longer has (a reset data directory) says so and offers to forget the seat.
 * Forgetting fires `dh-forget-seat`; the page owns the session.
 */
import { css, html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ApiError, getDrill } from '../../lib/api.js';
import { href } from '../../lib/router.js';
import { seatDetail, type Seat } from '../../lib/session.js';
import type { DrillView } from '../../lib/api-types.js';
import { formatClock } from '../../../contract/duration.js';
import { base } from '../../styles/theme.js';

type Check =
  | { readonly state: 'checking' }
  | { readonly state: 'ok'; readonly title: string; readonly clock: DrillView['clock']; readonly people: number; readonly published: boolean }
  | { readonly state: 'gone'; readonly message: string }
  | { readonly state: 'error'; readonly message: string };

export class DhMyDrills extends LitElement {
  static override properties = {
    seats: { type: Array },
    _checks: { state: true },
    _confirming: { state: true },
  };

  declare seats: readonly Seat[];
  declare _checks: Readonly<Record<string, Check>>;
  /** the drill whose "forget" waits for a second click */
  declare _confirming: string | undefined;

  constructor() {
    super();
    this.seats = [];
    this._checks = {};
    this._confirming = undefined;
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('seats')) for (const s of this.seats) if (!this._checks[s.drillId]) void this._check(s);
  }

  private async _check(seat: Seat): Promise<void> {
    this._checks = { ...this._checks, [seat.drillId]: { state: 'checking' } };
    let check: Check;
    try {
      const v = await getDrill(seat.drillId, seat.token);
      check = { state: 'ok', title: v.scenario.title, clock: v.clock, people: v.participants.length, published: v.published };
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'error', String(err));
      check = e.status === 404 ? { state: 'gone', message: 'This drill no longer exists on this server (its data may have been reset).' }
        : e.status === 401 || e.status === 403 ? { state: 'gone', message: `The server no longer accepts this seat: ${e.message}` }
        : { state: 'error', message: `Could not check this drill: ${e.message}` };
    }
    this._checks = { ...this._checks, [seat.drillId]: check };
  }

  protected override render() {
    if (this.seats.length === 0) return html`<p class="muted empty">No drills yet. Start one from the library, or join one with a link from your facilitator.</p>`;
    return html`<ul>${repeat(this.seats, (s) => s.drillId, (s) => this._row(s))}</ul>`;
  }

  private _row(seat: Seat) {
    const c = this._checks[seat.drillId] ?? { state: 'checking' };
    const title = c.state === 'ok' ? c.title : seat.scenarioTitle ?? seat.scenarioId ?? 'Drill';
    const who = seat.audience === 'facilitator' ? 'Facilitator' : seatDetail(seat);
    const own = seat.audience === 'facilitator' ? { page: 'facilitator' as const, label: 'Open console' } : { page: 'room' as const, label: 'Open room' };
    return html`<li class=${c.state} data-drill=${seat.drillId}>
      <div class="top"><span class="title">${title}</span><span class="who">${who}</span></div>
      <div class="status">${this._status(c)}</div>
      <div class="actions">
        ${c.state === 'gone' ? nothing : html`<a href=${href({ page: own.page, drillId: seat.drillId })}>${own.label}</a>`}
        ${c.state === 'ok' && c.clock.phase === 'ended' ? html`<a href=${href({ page: 'postmortem', drillId: seat.drillId })}>Postmortem</a>` : nothing}
        ${c.state === 'ok' && c.clock.phase === 'ended' && (seat.audience === 'facilitator' || c.published) ? html`<a href=${href({ page: 'report', drillId: seat.drillId })}>Report</a>` : nothing}
        ${this._forget(seat, c)}
      </div>
    </li>`;
  }

  private _status(c: Check) {
    switch (c.state) {
      case 'checking': return html`<span class="muted">Checking…</span>`;
      case 'gone': return html`<span class="note">${c.message}</span>`;
      case 'error': return html`<span class="note">${c.message}</span>`;
      case 'ok': {
        const k = c.clock;
        const phase = k.phase === 'created' ? 'not started' : k.phase === 'running' ? `running at ${formatClock(k.t)} (${k.speed}x)` : k.phase === 'paused' ? `paused at ${formatClock(k.t)}` : `ended at ${formatClock(k.t)}`;
        return html`<span class="badge ${k.phase === 'running' ? 'ok' : k.phase === 'ended' ? '' : 'warn'}">${k.phase}</span>
          <span class="muted">${phase} · ${c.people} ${c.people === 1 ? 'trainee' : 'trainees'}</span>`;
      }
    }
  }

  private _forget(seat: Seat, c: Check) {
    if (c.state === 'gone') return html`<button class="small" @click=${() => this._emitForget(seat.drillId)}>Forget</button>`;
    if (this._confirming === seat.drillId) {
      return html`<span class="confirm" role="group" aria-label="Confirm forgetting this drill">
        <span>${seat.audience === 'facilitator' ? 'This browser would lose the console.' : 'You would lose your seat.'}</span>
        <button class="small danger" @click=${() => this._emitForget(seat.drillId)}>Forget</button>
        <button class="small" @click=${() => { this._confirming = undefined; }}>Keep</button></span>`;
    }
    return html`<button class="small quiet" @click=${() => { this._confirming = seat.drillId; }}>Forget…</button>`;
  }

  private _emitForget(drillId: string): void {
    this._confirming = undefined;
    this.dispatchEvent(new CustomEvent<{ drillId: string }>('dh-forget-seat', { detail: { drillId }, bubbles: true, composed: true }));
  }

  static override styles = [base, css`
    :host { display: block; }
    ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
    li { border: 1px solid var(--border); border-radius: var(--radius); padding: 8px 10px; background: var(--panel-2); }
    li.gone { border-color: #6b3a1a; background: #231a14; }
    .top { display: flex; justify-content: space-between; gap: 8px; align-items: baseline; }
    .title { font-weight: 600; }
    .who { color: var(--muted); font-size: 12px; white-space: nowrap; }
    .status { font-size: 12.5px; margin: 4px 0; display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
    .note { color: #f0b27a; }
    .actions { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; font-size: 13px; }
    .small { padding: 2px 8px; font-size: 12.5px; }
    .quiet { margin-left: auto; background: transparent; color: var(--muted); }
    .confirm { display: inline-flex; gap: 6px; align-items: center; margin-left: auto; font-size: 12px; color: var(--muted); }
    .empty { margin: 0; }
  `];
}

customElements.define('dh-my-drills', DhMyDrills);

declare global {
  interface HTMLElementTagNameMap { 'dh-my-drills': DhMyDrills }
  interface HTMLElementEventMap { 'dh-forget-seat': CustomEvent<{ drillId: string }> }
}
