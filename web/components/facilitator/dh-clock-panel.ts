/**
 * The facilitator's clock: the sim time large enough to read across a room, the phase and the
 * speed, and the controls: start (at the scenario's recommended speed, 1x unless it says
 * otherwise, or another chosen one), fast-forward to the next alert (60x until an alert fires,
 * then the server drops the clock back), pause, resume, speed 1x to 120x, end (after a
 * confirmation). Controls fire `dh-command` with the exact clock-control command;
 * the page sends it and hands the reply back, which shows here if it was refused.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { ClockView } from '../../../contract/messages.js';
import type { DrillCommand } from '../../../contract/commands.js';
import { formatClock, formatDuration } from '../../../contract/duration.js';
import { sendCommand } from '../../lib/command-event.js';
import { sentence } from '../../lib/errors.js';
import { href } from '../../lib/router.js';
import { estimateSimTime, TickController } from '../../lib/tick-controller.js';
import { consumeConsole } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';

export const SPEEDS = [1, 2, 5, 10, 30, 60, 120] as const;
/** How fast a fast-forward to the first alert runs. */
export const FAST_FORWARD_SPEED = 60;

const PHASE_TEXT: Record<ClockView['phase'], string> = { created: 'Not started', running: 'Running', paused: 'Paused', ended: 'Ended' };

export class DhClockPanel extends LitElement {
  static override properties = {
    clock: { type: Object },
    drillId: { type: String },
    duration: { type: Number },
    live: { type: Boolean },
    recommended: { type: Number },
    _startSpeed: { state: true },
    _confirmEnd: { state: true },
    _busy: { state: true },
    _error: { state: true },
  };

  declare clock: ClockView | undefined;
  declare drillId: string;
  /** the scenario's expected length in sim seconds */
  declare duration: number;
  /** connected: commands can be sent */
  declare live: boolean;
  /** the scenario's recommended speed: the start speed offered, and where a fast-forward ends */
  declare recommended: number;
  declare _startSpeed: number | undefined;
  declare _confirmEnd: boolean;
  declare _busy: boolean;
  declare _error: string | undefined;

  #receivedAt = 0;
  #shown = 0;
  #phase?: string;

  constructor() {
    super();
    consumeConsole<DhClockPanel>(this, (d) => ({ clock: d.clock, drillId: d.drillId, duration: d.scenario.duration, recommended: d.scenario.settings.recommended_speed, live: d.live }));
    this.clock = undefined;
    this.drillId = '';
    this.duration = 0;
    this.live = false;
    this.recommended = 1;
    this._startSpeed = undefined;
    this._confirmEnd = false;
    this._busy = false;
    this._error = undefined;
    new TickController(this, 200, () => this.clock?.phase === 'running');
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('clock')) this.#receivedAt = performance.now();
  }

  /** The time on show: estimated between server ticks, never running backwards while running. */
  private _simTime(): number {
    const c = this.clock;
    if (!c) return 0;
    // Offline, the last known time is shown as it was: guessing on would be wrong after a restart.
    const est = this.live ? estimateSimTime(c, performance.now() - this.#receivedAt) : c.t;
    this.#shown = c.phase === 'running' && this.#phase === 'running' ? Math.max(est, this.#shown) : est;
    this.#phase = c.phase;
    return this.#shown;
  }

  protected override render() {
    const c = this.clock;
    const t = this._simTime();
    const phase = c?.phase ?? 'created';
    const pct = this.duration > 0 ? Math.min(100, (t / this.duration) * 100) : 0;
    return html`<div class="bar">
      <div class="clock ${c && !this.live ? 'stale' : ''}" role="timer" aria-label="Sim time ${formatDuration(t)}${c && !this.live ? ', last known' : ''}">
        <span class="time mono-big" aria-hidden="true">${formatClock(t)}</span>
        <div class="meta">
          <span class="phase ${phase}" title=${c && !this.live ? 'Last known state; reconnecting to the server' : ''}>${PHASE_TEXT[phase]}${c && !this.live ? '?' : ''}</span>
          ${phase === 'created' || phase === 'ended' ? nothing : html`<span class="speed" title="Sim seconds per wall second">${c ? `${c.speed}x` : ''}</span>`}
          ${c?.untilAlert !== undefined && phase !== 'ended' ? html`<span class="ff" role="status">Fast-forward until an alert fires, then ${c.untilAlert}x</span>` : nothing}
        </div>
      </div>
      <div class="progress" title="Expected length ${formatDuration(this.duration)}">
        <progress max="100" .value=${pct} aria-label="Drill progress against the expected length"></progress>
        <span class="muted">expected length ${formatDuration(this.duration)}</span>
      </div>
      <div class="controls">${this._controls(phase)}</div>
    </div>
    ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}`;
  }

  private _controls(phase: ClockView['phase']) {
    const off = !this.live || this._busy;
    if (phase === 'ended') {
      return html`<span class="ended">The drill is over.</span>
        <a class="button primary" href=${href({ page: 'report', drillId: this.drillId })}>Open the report</a>
        <a class="button" href=${href({ page: 'postmortem', drillId: this.drillId })}>Postmortem</a>`;
    }
    if (this._confirmEnd) {
      return html`<span class="confirm" role="group" aria-label="Confirm ending the drill">
        <span>End the drill now? The team can no longer act.</span>
        <button class="danger" ?disabled=${off} @click=${this._onEnd}>End drill</button>
        <button @click=${() => { this._confirmEnd = false; }}>Keep running</button></span>`;
    }
    const start = this._startSpeed ?? this.recommended;
    const current = phase === 'created' ? start : this.clock?.speed;
    const ff = this.clock?.untilAlert !== undefined;
    return html`
      ${phase === 'created' ? html`<button class="primary big" ?disabled=${off} @click=${this._onStart}>▶ Start drill at ${start}x</button>
        <button ?disabled=${off} @click=${() => this._send({ type: 'start', speed: FAST_FORWARD_SPEED, until_alert: true })}
          title="Run at ${FAST_FORWARD_SPEED}x through the quiet minutes; the clock drops to ${this.recommended}x when the first alert fires"><span class="ff-icon" aria-hidden="true">▶▶</span>Fast-forward to the first alert</button>` : nothing}
      ${phase !== 'created' && !ff ? html`<button ?disabled=${off} @click=${() => this._send({ type: 'set_speed', speed: FAST_FORWARD_SPEED, until_alert: true })}
          title="Run at ${FAST_FORWARD_SPEED}x until the next alert fires, then ${this.recommended}x"><span class="ff-icon" aria-hidden="true">▶▶</span>Fast-forward to the next alert</button>` : nothing}
      ${phase !== 'created' && ff ? html`<button ?disabled=${off} @click=${() => this._send({ type: 'set_speed', speed: this.clock!.untilAlert! })}>Stop fast-forward</button>` : nothing}
      ${phase === 'running' ? html`<button class="big" ?disabled=${off} @click=${() => this._send({ type: 'pause' })}>❚❚ Pause</button>` : nothing}
      ${phase === 'paused' ? html`<button class="primary big" ?disabled=${off} @click=${() => this._send({ type: 'resume' })}>▶ Resume</button>` : nothing}
      <div class="speeds" role="group" aria-label="Speed">
        ${SPEEDS.map((s) => html`<button aria-pressed=${s === current ? 'true' : 'false'} ?disabled=${phase !== 'created' && off} @click=${() => this._onSpeed(s)} title="${s} sim seconds per second">${s}x</button>`)}
      </div>
      ${phase !== 'created' ? html`<button class="danger" ?disabled=${off} @click=${() => { this._confirmEnd = true; }}>End drill…</button>` : nothing}`;
  }

  private _onStart(): void { void this._send({ type: 'start', speed: this._startSpeed ?? this.recommended }); }

  private _onSpeed(speed: number): void {
    if (this.clock?.phase === 'created' || !this.clock) { this._startSpeed = speed; return; }
    if (speed !== this.clock.speed) void this._send({ type: 'set_speed', speed });
  }

  private async _onEnd(): Promise<void> {
    await this._send({ type: 'end' });
    this._confirmEnd = false;
  }

  private async _send(command: DrillCommand): Promise<void> {
    this._busy = true;
    this._error = undefined;
    const r = await sendCommand(this, command);
    this._busy = false;
    if (!r.ok) this._error = r.code === 'offline' ? sentence(r.message) : `${command.type === 'set_speed' ? 'Speed' : cap(command.type)} refused: ${sentence(r.message)}`;
  }

  static override styles = [base, css`
    :host { display: block; }
    .bar { display: flex; align-items: center; gap: 24px; flex-wrap: wrap; }
    .clock { display: flex; align-items: center; gap: 14px; }
    .clock.stale .mono-big { opacity: .45; }
    .mono-big { font-family: var(--mono); font-size: 40px; font-weight: 700; letter-spacing: .02em; font-variant-numeric: tabular-nums; line-height: 1; }
    .meta { display: flex; flex-direction: column; gap: 4px; }
    .phase { font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .06em; padding: 1px 8px; border-radius: 999px; border: 1px solid currentColor; text-align: center; }
    .phase.running { color: var(--ok); } .phase.paused { color: var(--pending); } .phase.created { color: var(--muted); } .phase.ended { color: var(--info); }
    .speed { font-family: var(--mono); font-size: 18px; font-weight: 700; text-align: center; }
    .ff { font-size: 12px; color: var(--pending); max-width: 170px; }
    .progress { display: flex; flex-direction: column; gap: 4px; width: 160px; font-size: 11.5px; }
    /* a native progress bar: no inline style needed (the server's CSP forbids style attributes) */
    progress { appearance: none; width: 100%; height: 6px; border: 1px solid var(--border); border-radius: 3px; background: var(--panel-2); overflow: hidden; }
    progress::-webkit-progress-bar { background: var(--panel-2); }
    progress::-webkit-progress-value { background: var(--accent); }
    progress::-moz-progress-bar { background: var(--accent); }
    .controls { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; margin-left: auto; }
    .speeds { display: inline-flex; }
    .speeds button { border-radius: 0; margin-left: -1px; padding: 6px 9px; font-family: var(--mono); font-size: 12.5px; }
    .speeds button:first-child { border-radius: var(--radius) 0 0 var(--radius); margin-left: 0; }
    .speeds button:last-child { border-radius: 0 var(--radius) var(--radius) 0; }
    .speeds button[aria-pressed='true'] { background: var(--accent); color: var(--accent-text); border-color: var(--accent); font-weight: 700; position: relative; }
    .big { padding: 8px 16px; font-size: 15px; }
    .confirm { display: inline-flex; gap: 8px; align-items: center; background: #2d1416; border: 1px solid var(--bad); border-radius: var(--radius); padding: 6px 10px; }
    .ended { color: var(--muted); }
    a.button { display: inline-block; padding: 6px 12px; border-radius: var(--radius); border: 1px solid var(--border); background: var(--panel-2); color: var(--text); text-decoration: none; }
    a.button.primary { background: var(--accent); color: var(--accent-text); border-color: var(--accent); font-weight: 600; }
    .error { margin: 10px 0 0; }
  `];
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

customElements.define('dh-clock-panel', DhClockPanel);

declare global {
  interface HTMLElementTagNameMap { 'dh-clock-panel': DhClockPanel }
}
