/**
 * The alert inbox: every alert instance the drill has seen, firing and unacknowledged first
 * (loud), then acknowledged, pending and resolved; when each went pending, fired and resolved
 * in sim time, its labels, summary and value; who acknowledged it and when. Acknowledge sends
 * the engine's `ack_alert` with the alert's name.
 */
import { css, html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { PublicScenario } from '../../../server/drills/visibility.js';
import { alertOrder, type AlertRow } from '../../lib/drill-model.js';
import { base } from '../../styles/theme.js';
import { ago, formatDuration, formatValue, simTime } from './format.js';
import { CommandController } from './room-events.js';

/** shown elsewhere on the card: the name in the title, the severity as a badge */
const HIDDEN_LABELS = new Set(['alertname', 'severity']);

export class DhAlertInbox extends LitElement {
  static override properties = {
    alerts: { type: Array },
    rules: { type: Array },
    now: { type: Number },
    lock: { type: String },
  };

  declare alerts: readonly AlertRow[];
  declare rules: PublicScenario['alerts'];
  declare now: number;
  declare lock: string;
  #cmd = new CommandController(this);

  constructor() {
    super();
    this.alerts = [];
    this.rules = [];
    this.now = 0;
    this.lock = '';
  }

  override render() {
    const sorted = [...this.alerts].sort((a, b) => alertOrder(a) - alertOrder(b) || (b.firedAt ?? b.activeAt) - (a.firedAt ?? a.activeAt));
    const open = sorted.filter((a) => a.state !== 'resolved');
    const resolved = sorted.filter((a) => a.state === 'resolved');
    const loud = open.filter((a) => a.state === 'firing' && a.ackedAt === undefined).length;
    return html`
      <div class="head">
        <h2>Alerts</h2>
        <span class="muted" aria-live="polite">${summary(open, loud)}</span>
      </div>
      ${open.length === 0 && resolved.length === 0
        ? html`<p class="empty">No alert has gone off yet. Alert rules are evaluated every scrape; anything pending or firing shows up here at once.</p>`
        : nothing}
      <ul class="list" aria-label="Open alerts">
        ${repeat(open, (a) => `${a.fingerprint}@${a.activeAt}`, (a) => this.#card(a))}
      </ul>
      ${resolved.length
        ? html`<details ?open=${open.length === 0}>
            <summary>Resolved (${resolved.length})</summary>
            <ul class="list" aria-label="Resolved alerts">${repeat(resolved, (a) => `${a.fingerprint}@${a.activeAt}`, (a) => this.#card(a))}</ul>
          </details>`
        : nothing}
      <details class="rules">
        <summary>Alert rules (${this.rules.length})</summary>
        <ul class="rule-list">${this.rules.map((r) => html`<li><strong>${r.alert}</strong> <span class="muted">for ${formatDuration(r.for)}</span><pre class="mono">${r.expr}</pre></li>`)}</ul>
      </details>
    `;
  }

  #card(a: AlertRow) {
    const loud = a.state === 'firing' && a.ackedAt === undefined;
    const key = `ack:${a.fingerprint}`;
    const pinKey = `pin:${a.fingerprint}`;
    const labels = Object.entries(a.labels).filter(([k]) => !HIDDEN_LABELS.has(k));
    const summaryText = a.annotations.summary ?? a.annotations.description ?? '';
    const description = a.annotations.summary ? a.annotations.description : undefined;
    return html`
      <li class="card ${a.state} ${loud ? 'loud' : ''}" aria-label="${a.alert}, ${a.state}${loud ? ', not acknowledged' : ''}">
        <div class="top">
          ${loud ? html`<span class="dot" aria-hidden="true"></span>` : nothing}
          <strong class="name">${a.alert}</strong>
          <span class="badge ${a.state}">${a.state}</span>
          ${a.labels.severity ? html`<span class="badge sev">${a.labels.severity}</span>` : nothing}
          <span class="spacer"></span>
          <span class="value mono" title="Value of the alert expression">value ${formatValue(a.value)}</span>
        </div>
        ${summaryText ? html`<p class="summary">${summaryText}</p>` : nothing}
        ${description ? html`<p class="desc muted">${description}</p>` : nothing}
        <div class="meta">
        ${labels.map(([k, v]) => html`<span class="label mono">${k}=${v}</span>`)}
        <span class="times muted">
          <span>pending ${simTime(a.activeAt)}</span>
          ${a.firedAt !== undefined ? html`<span>· fired ${simTime(a.firedAt)}${a.state === 'firing' ? ` (${ago(a.firedAt, this.now)})` : ''}</span>` : nothing}
          ${a.resolvedAt !== undefined ? html`<span>· resolved ${simTime(a.resolvedAt)}</span>` : nothing}
        </span>
        </div>
        <div class="actions">
          ${a.ackedAt !== undefined
            ? html`<span class="acked">✓ Acknowledged by <strong>${a.ackedBy ?? 'someone'}</strong> at ${simTime(a.ackedAt)}</span>`
            : a.state === 'firing'
              ? html`<button class="primary ack" ?disabled=${!!this.lock || this.#cmd.busy(key)} title=${this.lock || `Acknowledge ${a.alert}: you are looking at it`}
                  @click=${() => this.#cmd.send(key, { type: 'ack_alert', alert: a.alert })}>${this.#cmd.busy(key) ? 'Acknowledging…' : 'Acknowledge'}</button>`
              : nothing}
          <button class="pin" ?disabled=${!!this.lock || this.#cmd.busy(pinKey)} title=${this.lock || 'Pin this alert to the incident timeline as evidence'}
            @click=${() => this.#cmd.send(pinKey, { type: 'pin_evidence', kind: 'alert', ref: a.alert })}>Pin as evidence</button>
        </div>
        ${this.#cmd.error(key) ? html`<p class="error" role="alert">${this.#cmd.error(key)}</p>` : nothing}
        ${this.#cmd.error(pinKey) ? html`<p class="error" role="alert">${this.#cmd.error(pinKey)}</p>` : nothing}
      </li>`;
  }

  static override styles = [base, css`
    :host { display: block; }
    .head { display: flex; align-items: baseline; gap: 12px; }
    .empty { color: var(--muted); padding: 24px; border: 1px dashed var(--border); border-radius: var(--radius); text-align: center; }
    .list { list-style: none; margin: 0 0 12px; padding: 0; display: grid; gap: 8px; }
    .card { background: var(--panel); border: 1px solid var(--border); border-left: 4px solid var(--border); border-radius: var(--radius); padding: 8px 12px; }
    .card.pending { border-left-color: var(--pending); }
    .card.firing { border-left-color: var(--bad); }
    .card.resolved { border-left-color: var(--ok); opacity: .85; }
    .card.loud { background: #2a1215; border-color: var(--bad); box-shadow: 0 0 0 1px var(--bad) inset; }
    .top { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
    .name { font-size: 15px; }
    .badge { text-transform: uppercase; font-size: 11px; }
    .badge.sev { color: var(--muted); }
    .spacer { flex: 1; }
    .value { color: var(--muted); }
    .dot { width: 10px; height: 10px; border-radius: 50%; background: var(--bad); animation: blink 1.2s ease-in-out infinite; }
    @keyframes blink { 50% { opacity: .25; } }
    @media (prefers-reduced-motion: reduce) { .dot { animation: none; } }
    .summary { margin: 4px 0 2px; }
    .desc { margin: 0 0 4px; font-size: 13px; }
    .meta { display: flex; flex-wrap: wrap; gap: 4px 6px; align-items: center; margin: 4px 0; }
    .label { background: var(--panel-2); border: 1px solid var(--border); border-radius: 4px; padding: 0 6px; font-size: 12px; }
    .times { font-size: 12.5px; display: inline-flex; gap: 6px; flex-wrap: wrap; margin-left: 4px; }
    .actions { display: flex; gap: 8px; align-items: center; margin-top: 6px; flex-wrap: wrap; }
    .actions button { padding: 4px 12px; }
    .acked { color: #7ee787; font-size: 13px; }
    .error { margin: 8px 0 0; }
    details > summary { cursor: pointer; color: var(--muted); margin: 8px 0; }
    .rule-list { list-style: none; padding: 0; margin: 0; display: grid; gap: 6px; }
    .rule-list pre { margin: 2px 0 0; white-space: pre-wrap; word-break: break-word; color: var(--muted); }
  `];
}

function summary(open: readonly AlertRow[], loud: number): string {
  if (open.length === 0) return 'Nothing open.';
  const firing = open.filter((a) => a.state === 'firing').length;
  const pending = open.length - firing;
  return [loud ? `${loud} need acknowledging` : '', firing ? `${firing} firing` : '', pending ? `${pending} pending` : ''].filter(Boolean).join(' · ');
}

customElements.define('dh-alert-inbox', DhAlertInbox);

declare global {
  interface HTMLElementTagNameMap { 'dh-alert-inbox': DhAlertInbox }
}
