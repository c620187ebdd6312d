/**
 * The facilitator console: invite the team, run the clock, inject surprises, follow every
 * move live, and watch the answer key fill in. One DrillConnection (the same controller and
 * model the incident room uses) with the facilitator's token; controls below fire
 * `dh-command`, which this page sends over the WebSocket and answers.
 */
import { ContextProvider } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import type { FacilitatorView } from '../lib/api-types.js';
import { ApiError, getDrill } from '../lib/api.js';
import type { CommandDetail } from '../lib/command-event.js';
import { DrillConnection } from '../lib/drill-connection.js';
import { consoleDrill } from '../lib/drill-context.js';
import { errorText } from '../lib/errors.js';
import { faultRows } from '../../contract/drill-state.js';
import { href } from '../lib/router.js';
import { forgetSeat, saveSeat, seatFor } from '../lib/session.js';
import { base } from '../styles/theme.js';
import '../components/dh-connection-indicator.js';
import '../components/facilitator/dh-answer-key.js';
import '../components/facilitator/dh-clock-panel.js';
import '../components/facilitator/dh-event-feed.js';
import '../components/facilitator/dh-fault-list.js';
import '../components/facilitator/dh-inject-panel.js';
import '../components/facilitator/dh-team-panel.js';
import '../components/room/dh-markdown.js';

export class DhFacilitator extends LitElement {
  static override properties = {
    drillId: { type: String },
    token: { type: String },
    _view: { state: true },
    _error: { state: true },
  };

  declare drillId: string;
  declare token: string;
  /** the facilitator's view from the last snapshot: scenario with its key, faults, join code */
  declare _view: FacilitatorView | undefined;
  /** how many of the model's events the view already covers */
  declare _error: { code: string; message: string } | undefined;
  #conn?: DrillConnection;
  /** what the console's panels read (drill-context.ts), given anew on every update */
  #drill = new ContextProvider(this, { context: consoleDrill });

  constructor() {
    super();
    this.drillId = '';
    this.token = '';
    this._view = undefined;
    this._error = undefined;
    this.addEventListener('dh-command', (e) => this._onCommand(e));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this._view && !this._error) void this._load();
  }

  /** Check the drill and the seat over HTTP first, so a bad link says why instead of reconnecting forever. */
  private async _load(): Promise<void> {
    try {
      const view = await getDrill(this.drillId, this.token);
      if (view.audience !== 'facilitator') { this._error = { code: 'not_facilitator', message: 'This seat is a trainee\'s: open the incident room instead.' }; return; }
      this._adopt(view);
      const seat = seatFor(this.drillId);
      if (seat && !seat.scenarioTitle) saveSeat({ ...seat, scenarioId: view.scenario.id, scenarioTitle: view.scenario.title });
      this.dispatchEvent(new CustomEvent('dh-drill-context', { detail: { drillId: this.drillId, title: view.scenario.title, detail: `facilitating · seed ${view.seed}` }, bubbles: true, composed: true }));
      if (!this.isConnected || this.#conn) return;
      this.#conn = new DrillConnection(this, {
        drillId: this.drillId,
        token: this.token,
        onSnapshot: (v) => { if (v.audience === 'facilitator') this._adopt(v); },
      });
    } catch (err) {
      this._error = { code: err instanceof ApiError ? err.code : 'error', message: errorText(err) };
    }
  }

  private _adopt(view: FacilitatorView): void {
    this._view = view;
  }

  private _onCommand(e: CustomEvent<CommandDetail>): void {
    e.preventDefault();
    const conn = this.#conn;
    if (!conn) { e.detail.reply({ ok: false, status: 503, code: 'offline', message: 'not connected to the drill yet' }); return; }
    void conn.send(e.detail.command).then(e.detail.reply);
  }

  protected override willUpdate(): void {
    const v = this._view;
    if (!v) return;
    const conn = this.#conn;
    const model = conn?.model;
    this.#drill.setValue({
      drillId: this.drillId, scenario: v.scenario, joinCode: v.joinCode, model, clock: conn?.clock ?? v.clock,
      events: model?.events ?? v.events.map((e) => e.event), live: conn?.status === 'live',
    });
  }

  protected override render() {
    if (this._error) return this._failed(this._error);
    const v = this._view;
    const conn = this.#conn;
    if (!v) return html`<p class="loading" role="status">Opening the console…</p>`;
    const model = conn?.model;
    const clock = conn?.clock ?? v.clock;
    const live = conn?.status === 'live';
    return html`<div class="console">
      <header class="panel clockbar">
        <div class="titlerow">
          <h1>Facilitator console</h1>
          <span class="muted small">drill <span class="mono">${v.id}</span> · seed <span class="mono">${v.seed}</span> · ${v.scenario.difficulty}</span>
          <dh-connection-indicator .status=${conn?.status ?? 'connecting'} .attempts=${conn?.attempts ?? 0}></dh-connection-indicator>
        </div>
        <dh-clock-panel></dh-clock-panel>
        ${conn?.refused && !live ? html`<p class="refused" role="alert">The server refused the live connection: ${conn.refused} Retrying on its own.</p>` : nothing}
      </header>
      <div class="cols">
        <div class="col left">
          <section class="panel"><dh-team-panel></dh-team-panel></section>
          <section class="panel">
            <details ?open=${clock.phase === 'created'}><summary>Briefing the trainees read</summary><dh-markdown class="briefing" .text=${v.scenario.briefing}></dh-markdown></details>
          </section>
          <section class="panel">
            <details class="objectives"><summary>Learning objectives (${v.scenario.objectives.length}, facilitator only)</summary>
              <ul>${v.scenario.objectives.map((o) => html`<li>${o}</li>`)}</ul>
              ${v.scenario.skills.length ? html`<p class="muted small">Trainees see these skills instead: ${v.scenario.skills.join('; ')}.</p>` : nothing}
            </details>
          </section>
          <section class="panel"><dh-inject-panel></dh-inject-panel></section>
        </div>
        <section class="col mid panel" aria-label="Live feed"><dh-event-feed></dh-event-feed></section>
        <div class="col right">
          ${model ? html`<section class="panel"><dh-answer-key></dh-answer-key></section>` : nothing}
          <section class="panel"><dh-fault-list .faults=${faultRows(v.scenario.faults, model ?? v.state)}></dh-fault-list></section>
        </div>
      </div>
    </div>`;
  }

  private _failed(e: { code: string; message: string }) {
    const gone = e.code === 'unknown_drill' || e.code === 'bad_token' || e.code === 'wrong_drill';
    return html`<section class="panel failed" aria-labelledby="fail-h">
      <h1 id="fail-h">${e.code === 'unknown_drill' ? 'This drill no longer exists' : 'The console cannot open'}</h1>
      <p class="error" role="alert">${e.message}</p>
      ${gone ? html`<p>The server may have been started with fresh data. Forget this drill on this browser and start a new one from the library.</p>
        <p><button @click=${this._onForget}>Forget this drill</button></p>` : html`<p><button @click=${() => { this._error = undefined; void this._load(); }}>Try again</button></p>`}
      <p><a href=${href({ page: 'home' })}>Back to the scenario library</a></p>
    </section>`;
  }

  private _onForget(): void {
    forgetSeat(this.drillId);
    location.hash = href({ page: 'home' });
  }

  static override styles = [base, css`
    :host { display: block; padding: 12px 16px; }
    .loading { color: var(--muted); padding: 32px; }
    .console { display: flex; flex-direction: column; gap: 12px; height: calc(100vh - 48px - 24px); min-height: 560px; }
    .clockbar { display: flex; flex-direction: column; gap: 8px; padding: 10px 14px; }
    .titlerow { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    .titlerow h1 { margin: 0; font-size: 16px; }
    .titlerow dh-connection-indicator { margin-left: auto; }
    .refused { margin: 8px 0 0; padding: 6px 10px; border: 1px solid var(--bad); border-radius: 6px; background: #2d1618; color: #ffb4ae; }
    .small { font-size: 12px; }
    .cols { flex: 1; min-height: 0; display: grid; grid-template-columns: 320px minmax(0, 1fr) 380px; gap: 12px; }
    /*
     * Positioned: screen-reader-only text (the answer key's marks) is absolutely placed, and a
     * scroller that is not its containing block lets it stretch the page into blank scroll.
     */
    .col { min-height: 0; overflow-y: auto; position: relative; }
    .left, .right { display: flex; flex-direction: column; gap: 12px; }
    .mid { display: flex; flex-direction: column; }
    .mid dh-event-feed { flex: 1; min-height: 0; }
    .briefing { display: block; font-size: 13px; margin-top: 8px; }
    .objectives ul { margin: 8px 0 0; padding-left: 18px; font-size: 13px; }
    details summary { cursor: pointer; color: var(--muted); }
    .failed { max-width: 640px; margin: 40px auto; padding: 24px; }
    @media (max-width: 1100px) {
      .console { height: auto; }
      .cols { grid-template-columns: 1fr; }
      .mid { max-height: 70vh; }
    }
  `];
}

customElements.define('dh-facilitator', DhFacilitator);

declare global {
  interface HTMLElementTagNameMap { 'dh-facilitator': DhFacilitator }
}
