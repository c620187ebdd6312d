/**
 * The alert inbox: every alert instance the drill has seen, firing and unacknowledged first
 * (loud), then acknowledged, pending and resolved; when each went pending, fired and resolved
 * in sim time, its labels, summary and value; who acknowledged it and when. Acknowledge sends
 * the engine's `ack_alert` with the alert's name; Acknowledge all sends it once for each alert
 * nobody has acknowledged yet.
 *
 * A firing alert's value follows its series: while the inbox is on screen and sim time moves,
 * each firing rule's quantity is read with an instant query every few seconds (a handful of
 * reads a minute, well inside the seat's query allowance) and its summary redone with the value.
 */
import { css, html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { PublicScenario } from '../../lib/api-types.js';
import { inboxOrder, type AlertRow } from '../../../contract/drill-state.js';
import { consumeRoom } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';
import { renderAnnotation, seriesOfInstance, splitRule, valueFormat } from './alert-rules.js';
import { ago, formatDuration, formatValue, simTime } from './format.js';
import { queryInstant, type DrillAccess } from './room-api.js';
import { CommandController } from './room-events.js';

/** shown elsewhere on the card: the name in the title, the severity as a badge */
const HIDDEN_LABELS = new Set(['alertname', 'severity']);
/** Wall-clock time between reads of the firing alerts' values. */
export const LIVE_MS = 5000;

export class DhAlertInbox extends LitElement {
  static override properties = {
    alerts: { type: Array },
    rules: { type: Array },
    now: { type: Number },
    lock: { type: String },
    access: { type: Object },
    _live: { state: true },
  };

  declare alerts: readonly AlertRow[];
  declare rules: PublicScenario['alerts'];
  declare now: number;
  declare lock: string;
  /** the drill and seat to read live values with */
  declare access: DrillAccess | undefined;
  /** the latest value of each firing alert instance and its series' labels, by fingerprint */
  declare _live: ReadonlyMap<string, { readonly value: number; readonly labels: Readonly<Record<string, string>> }>;
  #cmd = new CommandController(this);
  #timer?: ReturnType<typeof setInterval>;
  #lastAt = 0;
  #lastNow = -1;

  constructor() {
    super();
    consumeRoom<DhAlertInbox>(this, (d) => ({ access: d.access, alerts: d.model.alerts, rules: d.scenario.alerts, now: d.t, lock: d.lock }));
    this.alerts = [];
    this.rules = [];
    this.now = 0;
    this.lock = '';
    this.access = undefined;
    this._live = new Map();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => void this.#readValues(), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
  }

  /** Read each firing rule's quantity now, when the inbox is on screen, sim time moved and the last read is old enough. */
  async #readValues(): Promise<void> {
    const firing = this.alerts.filter((a) => a.state === 'firing');
    const access = this.access;
    if (!firing.length || !access || document.visibilityState === 'hidden' || !this.checkVisibility()) return;
    if (this.now === this.#lastNow || Date.now() - this.#lastAt < LIVE_MS) return;
    this.#lastAt = Date.now();
    this.#lastNow = this.now;
    const live = new Map(this._live);
    for (const rule of this.rules.filter((r) => firing.some((a) => a.alert === r.alert))) {
      try {
        // The quantity, not the whole rule: its series stay in the answer as the value crosses back.
        const { data } = await queryInstant(access, splitRule(rule.expr)?.quantity ?? rule.expr);
        if (data.resultType !== 'vector') continue;
        for (const a of firing.filter((x) => x.alert === rule.alert)) {
          const s = seriesOfInstance(data.result, a.labels, rule.labels);
          if (s) live.set(a.fingerprint, { value: Number(s.value[1]), labels: s.metric });
        }
      } catch {
        // A refused or failed read keeps the last value; the next one tries again.
      }
    }
    this._live = live;
  }

  override render() {
    const sorted = [...this.alerts].sort(inboxOrder);
    const open = sorted.filter((a) => a.state !== 'resolved');
    const resolved = sorted.filter((a) => a.state === 'resolved');
    const loudAlerts = open.filter((a) => a.state === 'firing' && a.acknowledgedAt === undefined);
    const loud = loudAlerts.length;
    // One command per alert name (it acknowledges every instance of that alert), sent with the
    // key of its first card, so each card shows its own "Acknowledging…" and its own refusal.
    const first = new Map<string, string>();
    for (const a of loudAlerts) if (!first.has(a.alert)) first.set(a.alert, `ack:${a.fingerprint}`);
    const busy = [...first.values()].some((k) => this.#cmd.busy(k));
    return html`
      <div class="head">
        <h2>Alerts</h2>
        <span class="muted" aria-live="polite">${summary(open, loud)}</span>
        <span class="spacer"></span>
        ${first.size ? html`<button class="primary ack-all" ?disabled=${!!this.lock || busy}
            title=${this.lock || `Acknowledge ${[...first.keys()].join(', ')}: you are looking at them`}
            @click=${() => { for (const [alert, key] of first) void this.#cmd.send(key, { type: 'ack_alert', alert }); }}>
            ${busy ? 'Acknowledging…' : `Acknowledge all (${loud})`}</button>` : nothing}
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
    const loud = a.state === 'firing' && a.acknowledgedAt === undefined;
    const key = `ack:${a.fingerprint}`;
    const pinKey = `pin:${a.fingerprint}`;
    const labels = Object.entries(a.labels).filter(([k]) => !HIDDEN_LABELS.has(k));
    const rule = this.rules.find((r) => r.alert === a.alert);
    const live = a.state === 'firing' ? this._live.get(a.fingerprint) : undefined;
    const format = valueFormat(rule?.annotations.summary ?? rule?.annotations.description);
    // With a fresh value the rule's own template is rendered again; one that cannot be keeps the server's text.
    const text = (k: string) => (live && rule?.annotations[k] !== undefined ? renderAnnotation(rule.annotations[k], live.labels, live.value) : undefined) ?? a.annotations[k];
    const summaryText = text('summary') ?? text('description') ?? '';
    const description = a.annotations.summary ? text('description') : undefined;
    const shown = (format ?? formatValue)(live?.value ?? a.value);
    return html`
      <li class="card ${a.state} ${loud ? 'loud' : ''}" aria-label="${a.alert}, ${a.state}${loud ? ', not acknowledged' : ''}">
        <div class="top">
          ${loud ? html`<span class="dot" aria-hidden="true"></span>` : nothing}
          <strong class="name">${a.alert}</strong>
          <span class="badge ${a.state}">${a.state}</span>
          ${a.labels.severity ? html`<span class="badge sev">${a.labels.severity}</span>` : nothing}
          <span class="spacer"></span>
          <span class="value mono ${live ? 'live' : ''}" title="Value of the alert expression">${live ? 'now' : 'value'} ${shown}</span>
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
          ${a.acknowledgedAt !== undefined
            ? html`<span class="acked">✓ Acknowledged by <strong>${a.acknowledgedBy ?? 'someone'}</strong> at ${simTime(a.acknowledgedAt)}</span>`
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
    .head .ack-all { align-self: center; padding: 4px 12px; margin-bottom: 8px; }
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
    .value.live { color: var(--text); }
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
