/**
 * The facilitator's surprises: start any scenario fault now (`inject_fault`), make a scheduled
 * change happen now (`inject_change`), send a scripted stakeholder message early
 * (`inject_message { inject }`), or write one (`inject_message { from, text }`). What already
 * happened is marked and its button disabled; a refusal shows beside the button pressed.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { ClockView } from '../../../contract/messages.js';
import type { DrillEvent } from '../../../contract/events.js';
import type { DrillCommand } from '../../../contract/commands.js';
import type { Scenario } from '../../lib/api-types.js';
import { formatClock, formatDuration } from '../../../contract/duration.js';
import { sendCommand } from '../../lib/command-event.js';
import { sentence } from '../../lib/errors.js';
import { withoutTemplates } from '../../lib/story-text.js';
import { consumeConsole } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';

type Trigger = Scenario['faults'][number]['starts_after'];

function when(at: number | undefined, after: Trigger): string {
  if (at !== undefined) return `due ${formatClock(at)}`;
  if (after) {
    const what = after.change ? `change ${after.change}` : after.action ? `action ${after.action}` : after.fault ? `fault ${after.fault}` : 'a trigger';
    return `after ${what}${after.delay ? ` + ${formatDuration(after.delay)}` : ''}`;
  }
  return 'only when injected';
}

export class DhInjectPanel extends LitElement {
  static override properties = {
    scenario: { type: Object },
    events: { type: Array },
    phase: { type: String },
    _busy: { state: true },
    _errors: { state: true },
    _sent: { state: true },
  };

  declare scenario: Scenario | undefined;
  declare events: readonly DrillEvent[];
  declare phase: ClockView['phase'];
  declare _busy: string | undefined;
  declare _errors: Readonly<Record<string, string>>;
  declare _sent: string | undefined;

  constructor() {
    super();
    consumeConsole<DhInjectPanel>(this, (d) => ({ scenario: d.scenario, events: d.events, phase: d.clock.phase }));
    this.scenario = undefined;
    this.events = [];
    this.phase = 'created';
    this._busy = undefined;
    this._errors = {};
    this._sent = undefined;
  }

  protected override render() {
    const s = this.scenario;
    if (!s) return nothing;
    const started = new Set(this.events.flatMap((e) => (e.type === 'fault_started' ? [e.fault] : [])));
    const changed = new Set(this.events.flatMap((e) => (e.type === 'change' ? [e.change] : [])));
    const sent = new Set(this.events.flatMap((e) => (e.type === 'inject' && e.inject ? [e.inject] : [])));
    const closed = this.phase === 'created' || this.phase === 'ended';
    const future = s.changes.filter((c) => c.at >= 0);
    return html`
      <h2>Inject</h2>
      ${closed ? html`<p class="muted hint">${this.phase === 'created' ? 'Injects work once the drill has started.' : 'The drill has ended.'}</p>` : nothing}
      <h3>Faults</h3>
      <ul>${s.faults.map((f) => this._row(`fault:${f.id}`, f.title, `${f.service} · ${when(f.starts_at, f.starts_after)}`, started.has(f.id) ? 'started' : undefined,
        'Start now', { type: 'inject_fault', fault: f.id }, closed))}</ul>
      ${future.length ? html`<h3>Changes</h3>
        <ul>${future.map((c) => this._row(`change:${c.id}`, c.summary, `${c.type} · ${c.service} · due ${formatClock(c.at)}`, changed.has(c.id) ? 'happened' : undefined,
          'Happen now', { type: 'inject_change', change: c.id }, closed))}</ul>` : nothing}
      ${s.injects.length ? html`<h3>Stakeholder messages</h3>
        <ul>${s.injects.map((i) => this._row(`inject:${i.id}`, `${i.from}: “${withoutTemplates(i.text)}”`, `${i.channel} · ${when(i.at, i.after)}`, sent.has(i.id) ? 'sent' : undefined,
          'Send now', { type: 'inject_message', inject: i.id }, closed))}</ul>` : nothing}
      <h3>Your own message</h3>
      <form @submit=${this._onMessage}>
        <label for="from">From</label>
        <input id="from" name="from" maxlength="80" placeholder="Facilitator" autocomplete="off" />
        <label for="text">Message</label>
        <textarea id="text" name="text" rows="3" maxlength="4000" placeholder="VP of Sales: customers are calling about failed payments, what do I tell them?" required></textarea>
        <div class="row">
          <button type="submit" ?disabled=${closed || this._busy === 'message'}>${this._busy === 'message' ? 'Sending…' : 'Send message'}</button>
          ${this._sent ? html`<span class="ok" role="status">${this._sent}</span>` : nothing}
        </div>
        ${this._errors.message ? html`<p class="error" role="alert">${this._errors.message}</p>` : nothing}
      </form>`;
  }

  private _row(key: string, title: string, meta: string, done: string | undefined, verb: string, command: DrillCommand, closed: boolean) {
    const err = this._errors[key];
    return html`<li class=${done ? 'done' : ''}>
      <div class="what"><span class="title">${title}</span><span class="meta muted">${meta}</span></div>
      ${done ? html`<span class="badge ok">${done}</span>`
        : html`<button class="small" ?disabled=${closed || this._busy === key} @click=${() => this._send(key, command)} aria-label="${verb}: ${title}">${this._busy === key ? '…' : verb}</button>`}
      ${err ? html`<p class="error" role="alert">${err}</p>` : nothing}
    </li>`;
  }

  private async _send(key: string, command: DrillCommand): Promise<boolean> {
    this._busy = key;
    this._errors = { ...this._errors, [key]: '' };
    const r = await sendCommand(this, command);
    this._busy = undefined;
    if (!r.ok) this._errors = { ...this._errors, [key]: r.code === 'offline' ? sentence(r.message) : `Refused: ${sentence(r.message)}` };
    return r.ok;
  }

  private async _onMessage(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const from = String(data.get('from') ?? '').trim();
    const text = String(data.get('text') ?? '').trim();
    this._sent = undefined;
    if (!text) { this._errors = { ...this._errors, message: 'Write the message first.' }; return; }
    if (await this._send('message', { type: 'inject_message', text, ...(from ? { from } : {}) })) {
      form.reset();
      this._sent = 'Sent to the team.';
    }
  }

  static override styles = [base, css`
    :host { display: block; }
    h3 { margin: 14px 0 6px; font-size: 11.5px; }
    .hint { font-size: 12.5px; margin: 0; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 6px 0; border-bottom: 1px solid var(--border); }
    li.done .title { color: var(--muted); }
    .what { flex: 1; min-width: 0; display: flex; flex-direction: column; }
    .title { overflow-wrap: anywhere; }
    .meta { font-size: 11.5px; }
    .small { padding: 3px 10px; font-size: 12.5px; white-space: nowrap; }
    li .error { flex-basis: 100%; margin: 0; font-size: 12.5px; }
    form { display: flex; flex-direction: column; gap: 4px; }
    input { width: 100%; }
    label:not(:first-child) { margin-top: 6px; }
    .row { margin-top: 8px; }
    .ok { color: var(--ok); font-size: 12.5px; }
    .error { margin: 6px 0 0; }
  `];
}

customElements.define('dh-inject-panel', DhInjectPanel);

declare global {
  interface HTMLElementTagNameMap { 'dh-inject-panel': DhInjectPanel }
}
