/**
 * Home: the scenario library (start a drill as its facilitator), joining a drill by link or
 * code, and the drills this browser has seats in.
 */
import { css, html, LitElement, nothing } from 'lit';
import { ApiError, call, client } from '../lib/api.js';
import { href } from '../lib/router.js';
import type { ScenarioSummary } from '../lib/scenarios.js';
import { forgetSeat, mySeats, saveSeat, type Seat } from '../lib/session.js';
import { toast } from '../lib/toast.js';
import { base } from '../styles/theme.js';
import '../components/home/dh-join-box.js';
import '../components/home/dh-my-drills.js';
import '../components/home/dh-scenario-library.js';
import type { StartDrillDetail } from '../components/home/dh-scenario-library.js';

export class DhHome extends LitElement {
  static override properties = {
    _scenarios: { state: true },
    _loadError: { state: true },
    _starting: { state: true },
    _startError: { state: true },
    _seats: { state: true },
  };

  declare _scenarios: readonly ScenarioSummary[] | undefined;
  declare _loadError: string | undefined;
  declare _starting: string | undefined;
  declare _startError: { scenarioId: string; message: string } | undefined;
  declare _seats: readonly Seat[];

  constructor() {
    super();
    this._scenarios = undefined;
    this._loadError = undefined;
    this._starting = undefined;
    this._startError = undefined;
    this._seats = mySeats();
    this.addEventListener('dh-start-drill', (e) => void this._onStart(e));
    this.addEventListener('dh-forget-seat', (e) => this._onForget(e));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this._load();
  }

  private async _load(): Promise<void> {
    this._loadError = undefined;
    try {
      const r = await call(client.api.scenarios.$get());
      this._scenarios = r.scenarios;
    } catch (err) {
      this._loadError = err instanceof ApiError ? err.message : String(err);
    }
  }

  private async _onStart(e: CustomEvent<StartDrillDetail>): Promise<void> {
    const { scenarioId, seed } = e.detail;
    const scenario = this._scenarios?.find((s) => s.id === scenarioId);
    this._starting = scenarioId;
    this._startError = undefined;
    try {
      const d = await call(client.api.drills.$post({ json: { scenarioId, ...(seed ? { seed } : {}) } }));
      saveSeat({ drillId: d.id, token: d.facilitatorToken, audience: 'facilitator', name: 'Facilitator', joinCode: d.joinCode, scenarioId, ...(scenario ? { scenarioTitle: scenario.title } : {}) });
      location.hash = href({ page: 'facilitator', drillId: d.id });
    } catch (err) {
      this._startError = { scenarioId, message: err instanceof ApiError ? err.message : String(err) };
    } finally {
      this._starting = undefined;
    }
  }

  private _onForget(e: CustomEvent<{ drillId: string }>): void {
    forgetSeat(e.detail.drillId);
    this._seats = mySeats();
    toast(this, 'Forgotten on this browser.', 'ok');
  }

  protected override render() {
    return html`<div class="layout">
      <section class="library" aria-labelledby="lib-h">
        <div class="intro">
          <h1 id="lib-h">Scenario library</h1>
          <p class="muted">Pick a scenario to run a drill as its facilitator: you get a join link for the team and a console to run the clock,
            inject surprises and follow the response against the answer key. The same seed replays the same incident.</p>
        </div>
        ${this._library()}
      </section>
      <aside class="side">
        <section class="panel" aria-labelledby="join-h">
          <h2 id="join-h">Join a drill</h2>
          <p class="muted small">Use the join link or the drill id and code your facilitator shared.</p>
          <dh-join-box></dh-join-box>
        </section>
        <section class="panel" aria-labelledby="mine-h">
          <h2 id="mine-h">Your drills</h2>
          <dh-my-drills .seats=${this._seats}></dh-my-drills>
        </section>
      </aside>
    </div>`;
  }

  private _library() {
    if (this._loadError) {
      return html`<div class="error" role="alert">Could not load the scenarios: ${this._loadError}
        <button @click=${() => void this._load()}>Try again</button></div>`;
    }
    if (!this._scenarios) return html`<p class="muted" role="status">Loading scenarios…</p>`;
    if (this._scenarios.length === 0) return html`<p>This server has no scenarios. Add YAML files under <code>scenarios/</code> and restart it.</p>`;
    return html`<dh-scenario-library .scenarios=${this._scenarios} .starting=${this._starting} .startError=${this._startError}></dh-scenario-library>
      ${this._starting ? html`<p class="sr-only" role="status">Starting the drill…</p>` : nothing}`;
  }

  static override styles = [base, css`
    :host { display: block; padding: 20px; }
    .layout { display: grid; grid-template-columns: minmax(0, 1fr) 340px; gap: 20px; max-width: 1400px; margin: 0 auto; align-items: start; }
    @media (max-width: 900px) { .layout { grid-template-columns: 1fr; } }
    .intro p { max-width: 760px; margin: 0 0 14px; }
    .side { display: flex; flex-direction: column; gap: 16px; }
    .small { font-size: 12.5px; margin: 0 0 10px; }
    .error { display: flex; gap: 10px; align-items: center; justify-content: space-between; }
  `];
}

customElements.define('dh-home', DhHome);

declare global {
  interface HTMLElementTagNameMap { 'dh-home': DhHome }
}
