/**
 * The room's header: the drill clock (T+hh:mm:ss, its speed, paused), the incident's severity
 * and title, what needs acknowledging, the connection, and who you are (and who is Incident
 * Commander, when that is not you). The app's top bar above it names the drill. Read at a
 * glance, so it stays one line: a long incident title is cut there and shown whole in the
 * incident panel.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { ClockView } from '../../../contract/messages.js';
import { ROLE_NAMES, type Role } from '../../../contract/commands.js';
import type { ConnectionStatus } from '../../lib/drill-connection.js';
import type { DrillModel } from '../../lib/drill-model.js';
import { consumeRoom } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';
import { formatClock } from './format.js';

export class DhRoomHeader extends LitElement {
  static override properties = {
    scenarioTitle: { type: String },
    clock: { type: Object },
    now: { type: Number },
    incident: { type: Object },
    you: { type: Object },
    status: { type: String },
    attempts: { type: Number },
    firing: { type: Number },
    commander: { type: String },
  };

  declare scenarioTitle: string;
  declare clock: ClockView | undefined;
  declare now: number;
  declare incident: DrillModel['incident'];
  declare you: { name: string; role: Role };
  declare status: ConnectionStatus;
  declare attempts: number;
  declare firing: number;
  /** who holds the Incident Commander role, if anyone */
  declare commander: string | undefined;

  constructor() {
    super();
    consumeRoom<DhRoomHeader>(this, (d) => ({ scenarioTitle: d.scenario.title, clock: d.clock, now: d.now, incident: d.model.incident, you: d.you, status: d.status, attempts: d.attempts, commander: d.model.roles.commander }));
    this.scenarioTitle = '';
    this.clock = undefined;
    this.now = 0;
    this.incident = {};
    this.you = { name: '', role: 'observer' };
    this.status = 'connecting';
    this.attempts = 0;
    this.firing = 0;
  }

  override render() {
    const c = this.clock;
    const inc = this.incident;
    return html`
      <header>
        <h1 class="sr-only">Incident room: ${this.scenarioTitle}</h1>
        <div class="clock" role="timer" aria-label="Drill clock">
          <span class="t mono">${formatClock(this.now)}</span>
          ${c && c.phase !== 'ended' ? html`<span class="speed" title=${c.untilAlert !== undefined ? `Fast-forwarding until an alert fires, then ${c.untilAlert}x` : 'Sim seconds per wall second'}>${c.speed}x${c.untilAlert !== undefined ? html`<span class="ff-icon" aria-hidden="true">▶▶</span>` : nothing}</span>` : nothing}
          ${this.#phase(c)}
        </div>
        <div class="sev" aria-live="polite">
          ${inc.severity
            ? html`<span class="badge sev-${inc.severity.toLowerCase()}">${inc.severity}</span>
                   ${inc.resolvedAt !== undefined ? html`<span class="badge ok">Resolved</span>` : nothing}
                   <span class="inc-title" title=${inc.title ?? ''}>${inc.title}</span>`
            : html`<span class="badge none">No incident declared</span>`}
          ${this.firing ? html`<span class="badge firing pulse">${this.firing} firing, unacknowledged</span>` : nothing}
        </div>
        <span class="spacer"></span>
        <dh-connection-indicator .status=${this.status} .attempts=${this.attempts}></dh-connection-indicator>
        <div class="you" title="You are ${this.you.name}, ${this.#role()}">
          <span class="name">${this.you.name}</span>
          <span class="role">${this.#role()}</span>
        </div>
      </header>
    `;
  }

  /** The role you play; whoever holds Incident Commander is shown as that, whatever they joined as. */
  #role(): string {
    const ic = this.commander;
    if (ic === this.you.name) return ROLE_NAMES.commander;
    if (this.you.role === 'commander' && ic) return `Commander · IC is ${ic}`;
    return ROLE_NAMES[this.you.role];
  }

  #phase(c: ClockView | undefined) {
    if (!c) return nothing;
    if (c.phase === 'created') return html`<span class="badge info">Not started</span>`;
    if (c.phase === 'ended') return html`<span class="badge">Ended</span>`;
    if (c.paused || c.phase === 'paused') return html`<span class="badge warn">Paused</span>`;
    return nothing;
  }

  static override styles = [base, css`
    :host { display: block; background: var(--panel); border-bottom: 1px solid var(--border); }
    header { display: flex; align-items: center; gap: 14px; padding: 8px 14px; min-height: 48px; }
    .clock { display: flex; align-items: center; gap: 8px; flex: none; }
    dh-connection-indicator { flex: none; }
    .t { font-size: 18px; font-weight: 600; letter-spacing: .02em; font-variant-numeric: tabular-nums; }
    .speed { color: var(--muted); font-size: 12px; border: 1px solid var(--border); border-radius: 4px; padding: 0 5px; }
    .speed .ff-icon { margin: 0 0 0 .4em; }
    .sev { display: flex; gap: 8px; align-items: center; min-width: 0; flex: 0 1 auto; }
    .inc-title { font-size: 15px; font-weight: 600; color: var(--text); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 8em; }
    .sev .badge { flex: none; }
    .badge.none { color: var(--muted); border-color: var(--border); font-weight: 500; }
    .badge.sev-sev1 { background: #f85149; color: #0d1117; border-color: #f85149; }
    .badge.sev-sev2 { background: #f0883e; color: #0d1117; border-color: #f0883e; }
    .badge.sev-sev3 { background: #d29922; color: #0d1117; border-color: #d29922; }
    .badge.sev-sev4 { color: #9da7b3; }
    .pulse { animation: pulse 1.6s ease-in-out infinite; }
    @keyframes pulse { 50% { background: #5a1d1d; } }
    @media (prefers-reduced-motion: reduce) { .pulse { animation: none; } }
    .spacer { flex: 1; }
    .you { display: flex; flex-direction: column; align-items: flex-end; line-height: 1.2; max-width: 220px; flex: none; }
    .you .name { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 100%; }
    .you .role { color: var(--muted); font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 100%; }
  `];
}

customElements.define('dh-room-header', DhRoomHeader);

declare global {
  interface HTMLElementTagNameMap { 'dh-room-header': DhRoomHeader }
}
