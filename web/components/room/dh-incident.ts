/**
 * The incident panel, always beside the investigation: declare the incident and change its
 * severity, the status-update reminder, and four sections: the incident channel (paged teams
 * answering questions, stakeholder messages), status updates, people (roles, paging teams) and
 * resolution (hypothesis, verify, resolve, flag a runbook).
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Role } from '../../../contract/commands.js';
import type { TraineeView } from '../../lib/api-types.js';
import type { Severity } from '../../../contract/commands.js';
import type { DrillModel } from '../../lib/drill-model.js';
import { consumeRoom } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';
import { cadence } from './cadence.js';
import './dh-incident-channel.js';
import './dh-incident-people.js';
import './dh-incident-resolve.js';
import './dh-incident-status.js';
import { formatDuration, simTime } from './format.js';
import { CommandController } from './room-events.js';

export const SEVERITIES: readonly { readonly id: Severity; readonly short: string; readonly hint: string }[] = [
  { id: 'SEV1', short: 'critical', hint: 'critical: most users or revenue affected' },
  { id: 'SEV2', short: 'major', hint: 'major: a core feature broken for many' },
  { id: 'SEV3', short: 'minor', hint: 'minor: degraded, workaround exists' },
  { id: 'SEV4', short: 'low', hint: 'low: little user impact' },
];

type Section = 'channel' | 'status' | 'people' | 'resolve';
const SECTIONS: readonly { readonly id: Section; readonly label: string }[] = [
  { id: 'channel', label: 'Channel' }, { id: 'status', label: 'Updates' }, { id: 'people', label: 'People' }, { id: 'resolve', label: 'Resolve' },
];

export class DhIncident extends LitElement {
  static override properties = {
    scenario: { type: Object },
    model: { type: Object },
    now: { type: Number },
    you: { type: Object },
    participants: { type: Array },
    lock: { type: String },
    _section: { state: true },
    _severity: { state: true },
    _title: { state: true },
    _seenChannel: { state: true },
  };

  declare scenario: TraineeView['scenario'];
  declare model: DrillModel;
  declare now: number;
  declare you: { name: string; role: Role };
  declare participants: TraineeView['participants'];
  declare lock: string;
  declare _section: Section;
  declare _severity: Severity;
  declare _title: string;
  declare _seenChannel: number;
  #cmd = new CommandController(this);

  constructor() {
    super();
    consumeRoom<DhIncident>(this, (d) => ({ scenario: d.scenario, model: d.model, now: d.now, you: d.you, participants: d.participants, lock: d.lock }));
    this.now = 0;
    this.participants = [];
    this.lock = '';
    this._section = 'channel';
    this._severity = 'SEV2';
    this._title = '';
    this._seenChannel = 0;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this._section === 'channel' && this.model && this._seenChannel !== this.model.channel.length) this._seenChannel = this.model.channel.length;
    if (changed.has('model')) {
      // Follow the incident's severity when it changes (here or by a teammate).
      const before = (changed.get('model') as DrillModel | undefined)?.incident.severity;
      const now = this.model?.incident.severity;
      if (now && now !== before) this._severity = now;
    }
  }

  override render() {
    if (!this.model || !this.scenario) return nothing;
    const unseen = this.model.channel.length - this._seenChannel;
    return html`
      <section class="summary" aria-label="Incident">${this.#summary()}</section>
      <div class="sections" role="tablist" aria-label="Incident sections">
        ${SECTIONS.map((s) => html`<button role="tab" aria-selected=${this._section === s.id ? 'true' : 'false'} @click=${() => { this._section = s.id; }}>
          ${s.label}${s.id === 'channel' && unseen > 0 ? html` <span class="new" aria-label="${unseen} new">${unseen}</span>` : nothing}</button>`)}
      </div>
      <div class="body" role="tabpanel">
        ${this._section === 'channel' ? html`<dh-incident-channel></dh-incident-channel>` : nothing}
        ${this._section === 'status' ? html`<dh-incident-status></dh-incident-status>` : nothing}
        ${this._section === 'people' ? html`<dh-incident-people></dh-incident-people>` : nothing}
        ${this._section === 'resolve' ? html`<dh-incident-resolve></dh-incident-resolve>` : nothing}
      </div>
    `;
  }

  #summary() {
    const inc = this.model.incident;
    const lock = this.lock;
    if (inc.severity === undefined) {
      const key = 'declare';
      return html`
        <h2>No incident declared</h2>
        <p class="muted small">Declare as soon as you know users are affected; you can change the severity later.</p>
        <div class="declare">
          <label>Severity
            <select .value=${this._severity} @change=${(e: Event) => { this._severity = (e.target as HTMLSelectElement).value as Severity; }}>
              ${SEVERITIES.map((s) => html`<option value=${s.id} ?selected=${s.id === this._severity}>${s.id}: ${s.hint}</option>`)}
            </select>
          </label>
          <label>Title (optional)
            <input type="text" maxlength="200" placeholder="What users see, in a few words" .value=${this._title} @input=${(e: Event) => { this._title = (e.target as HTMLInputElement).value; }} />
          </label>
          <button class="primary danger-bg" ?disabled=${!!lock || this.#cmd.busy(key)} title=${lock || 'Declare the incident'}
            @click=${this._onDeclare}>${this.#cmd.busy(key) ? 'Declaring…' : `Declare ${this._severity} incident`}</button>
        </div>
        ${this.#cmd.error(key) ? html`<p class="error" role="alert">${this.#cmd.error(key)}</p>` : nothing}`;
    }
    const declared = this.model.events.find((e) => e.type === 'incident_declared');
    const resolved = inc.resolvedAt !== undefined;
    const key = 'severity';
    return html`
      <div class="title-row">
        <span class="sev sev-${inc.severity.toLowerCase()}">${inc.severity}</span>
        <h2 title=${inc.title ?? ''}>${inc.title}</h2>
      </div>
      <p class="muted small">Declared ${simTime(inc.declaredAt ?? 0)}${declared?.by ? ` by ${declared.by}` : ''}${resolved
        ? html` · <strong class="ok-text">resolved ${simTime(inc.resolvedAt!)}${inc.verified ? ', verified' : ', not verified'}</strong>` : nothing}</p>
      ${resolved ? nothing : html`
        <div class="row sevrow">
          <label class="inline">Severity
            <select .value=${this._severity} title=${SEVERITIES.find((s) => s.id === this._severity)?.hint ?? ''}
              @change=${(e: Event) => { this._severity = (e.target as HTMLSelectElement).value as Severity; }}>
              ${SEVERITIES.map((s) => html`<option value=${s.id} title=${s.hint} ?selected=${s.id === this._severity}>${s.id} (${s.short})</option>`)}
            </select>
          </label>
          <button ?disabled=${!!lock || this._severity === inc.severity || this.#cmd.busy(key)} title=${lock || (this._severity === inc.severity ? 'Pick a different severity first' : `Change to ${this._severity}`)}
            @click=${() => this.#cmd.send(key, { type: 'set_severity', severity: this._severity })}>Change</button>
        </div>
        ${this.#cmd.error(key) ? html`<p class="error" role="alert">${this.#cmd.error(key)}</p>` : nothing}
        ${this.#cadence()}`}
    `;
  }

  #cadence() {
    const inc = this.model.incident;
    const last = this.model.statusUpdates.at(-1);
    const c = cadence(this.now, inc.severity, inc.declaredAt, last?.t);
    const since = last ? `Last update ${formatDuration(Math.floor(c.since))} ago` : `No update yet (declared ${formatDuration(Math.floor(c.since))} ago)`;
    if (c.level === 'none') return html`<p class="cadence none">${since}. ${inc.severity} has no fixed update cadence.</p>`;
    const due = c.dueIn! >= 0 ? `next due in ${formatDuration(Math.ceil(c.dueIn!))}` : `overdue by ${formatDuration(Math.floor(-c.dueIn!))}`;
    return html`<p class="cadence ${c.level}" role=${c.level === 'overdue' ? 'alert' : 'status'}>
      <span>${since}; ${due}.</span> <span class="muted">${inc.severity}: every ${formatDuration(c.every!)}.</span>
      ${c.level !== 'ok' ? html`<button class="linkish" @click=${() => { this._section = 'status'; }}>Post an update</button>` : nothing}
    </p>`;
  }

  private async _onDeclare(): Promise<void> {
    const title = this._title.trim();
    if (await this.#cmd.send('declare', { type: 'declare_incident', severity: this._severity, ...(title ? { title } : {}) })) this._title = '';
  }

  static override styles = [base, css`
    :host { display: flex; flex-direction: column; height: 100%; min-height: 0; background: var(--panel); }
    .summary { padding: 10px 12px; border-bottom: 1px solid var(--border); }
    .summary h2 { margin: 0; }
    .small { font-size: 12px; margin: 2px 0 6px; }
    .declare { display: grid; gap: 6px; }
    .declare label { margin: 0; }
    .declare select, .declare input { width: 100%; }
    .primary.danger-bg { background: var(--bad); border-color: var(--bad); color: #fff; }
    .title-row { display: flex; align-items: flex-start; gap: 8px; }
    /* The whole title, on up to three lines: the header cuts it to one. */
    .title-row h2 { font-size: 15px; line-height: 1.35; overflow-wrap: anywhere; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; line-clamp: 3; overflow: hidden; }
    .sev { font-weight: 700; padding: 1px 8px; border-radius: 4px; color: #0d1117; background: #9da7b3; flex: none; }
    .sev-sev1 { background: #f85149; } .sev-sev2 { background: #f0883e; } .sev-sev3 { background: #d29922; }
    .sevrow { margin: 4px 0 6px; flex-wrap: nowrap; }
    .sevrow button { padding: 4px 12px; }
    label.inline { display: flex; align-items: center; gap: 6px; margin: 0; }
    .ok-text { color: #7ee787; }
    .cadence { margin: 4px 0 0; font-size: 12.5px; padding: 5px 8px; border-radius: var(--radius); border: 1px solid var(--border); }
    .cadence.ok { border-color: #238636; }
    .cadence.soon { border-color: var(--warn); background: #2b2410; color: #f5d28a; }
    .cadence.overdue { border-color: var(--bad); background: #3d1618; color: #ffb4ae; font-weight: 600; }
    .cadence.none { color: var(--muted); }
    .linkish { padding: 0 6px; font-size: 12px; margin-left: 4px; }
    .sections { display: flex; border-bottom: 1px solid var(--border); padding: 0 6px; }
    .sections button { flex: 1; border: 0; border-bottom: 2px solid transparent; border-radius: 0; background: none; color: var(--muted); padding: 7px 4px; font-size: 13px; }
    .sections button[aria-selected='true'] { color: var(--text); border-bottom-color: var(--accent); font-weight: 600; }
    .new { background: var(--info); color: var(--bg); border-radius: 999px; padding: 0 6px; font-size: 11px; font-weight: 700; }
    .body { flex: 1; min-height: 0; display: flex; flex-direction: column; }
    .body > * { flex: 1; min-height: 0; }
    .error { margin: 6px 0 0; font-size: 13px; }
  `];
}

customElements.define('dh-incident', DhIncident);

declare global {
  interface HTMLElementTagNameMap { 'dh-incident': DhIncident }
}
