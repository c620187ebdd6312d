/**
 * What `#/drills/:id/postmortem` and `#/drills/:id/report` show while the app has no
 * postmortem editor or report page: where the drill stands, when those open, and the way back
 * to the console or the room.
 */
import { css, html, LitElement, nothing } from 'lit';
import { ApiError, getDrill } from '../lib/api.js';
import { href } from '../lib/router.js';
import type { Seat } from '../lib/session.js';
import type { DrillView } from '../lib/api-types.js';
import { formatClock } from '../../contract/duration.js';
import { base } from '../styles/theme.js';

type Kind = 'postmortem' | 'report';

const NAMES: Record<Kind, string> = { postmortem: 'Postmortem', report: 'Drill report' };

export class DhDrillPending extends LitElement {
  static override properties = {
    kind: { type: String },
    drillId: { type: String },
    seat: { type: Object },
    _view: { state: true },
    _error: { state: true },
  };

  declare kind: Kind;
  declare drillId: string;
  declare seat: Seat | undefined;
  declare _view: DrillView | undefined;
  declare _error: string | undefined;

  constructor() {
    super();
    this.kind = 'postmortem';
    this.drillId = '';
    this.seat = undefined;
    this._view = undefined;
    this._error = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this._load();
  }

  private async _load(): Promise<void> {
    if (!this.seat) return;
    try {
      this._view = await getDrill(this.drillId, this.seat.token);
    } catch (err) {
      this._error = err instanceof ApiError ? err.message : String(err);
    }
  }

  protected override render() {
    const name = NAMES[this.kind];
    return html`<section class="panel" aria-labelledby="h">
      <h1 id="h">${name}${this._view ? html`: <span class="scenario">${this._view.scenario.title}</span>` : nothing}</h1>
      ${this._status()}
      <p class="links">${this._links()}<a href="#/">Scenario library</a></p>
    </section>`;
  }

  private _status() {
    const what = this.kind === 'postmortem' ? 'The postmortem' : 'The report';
    if (!this.seat) return html`<p>This browser has no seat in drill <code>${this.drillId}</code>. ${what} opens for the drill's facilitator and trainees once the drill has ended.</p>`;
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    const v = this._view;
    if (!v) return html`<p class="muted" role="status">Checking the drill…</p>`;
    const c = v.clock;
    if (c.phase !== 'ended') {
      const where = c.phase === 'created' ? 'has not started yet' : `is ${c.phase === 'paused' ? 'paused' : 'running'} at ${formatClock(c.t)}`;
      return html`<p class="big">${what} opens once the drill has ended.</p>
        <p>The drill ${where}. ${this.seat.audience === 'facilitator' ? 'End it from the console when the team is done.' : 'The facilitator ends it when the team is done.'}</p>`;
    }
    return html`<p class="big">The drill ended at ${formatClock(c.t)}.</p>
      <p>${what} is not available on this Drillhall server yet. Everything the team did stays in the drill's timeline, which the
      ${this.seat.audience === 'facilitator' ? 'facilitator console' : 'incident room'} still shows.</p>`;
  }

  private _links() {
    if (this.seat?.audience === 'facilitator') return html`<a href=${href({ page: 'facilitator', drillId: this.drillId })}>Back to the facilitator console</a>`;
    if (this.seat?.audience === 'trainee') return html`<a href=${href({ page: 'room', drillId: this.drillId })}>Back to the incident room</a>`;
    return nothing;
  }

  static override styles = [base, css`
    :host { display: block; padding: 48px 20px; }
    section { max-width: 680px; margin: 0 auto; padding: 24px 28px; }
    .scenario { color: var(--muted); font-weight: 500; }
    .big { font-size: 17px; margin: 16px 0 8px; }
    .links { display: flex; gap: 20px; margin-top: 24px; }
    code { font-family: var(--mono); font-size: 12.5px; }
  `];
}

customElements.define('dh-drill-pending', DhDrillPending);

declare global {
  interface HTMLElementTagNameMap { 'dh-drill-pending': DhDrillPending }
}
