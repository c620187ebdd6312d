/**
 * The incident channel: pages, teams joining, questions and the responders' answers, messages
 * from stakeholders, and status updates, in sim-time order like a chat. Questions go to a team
 * that has joined (`ask`); an answer can be pinned to the timeline as evidence by its id.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { TraineeView } from '../../lib/api-types.js';
import type { ChannelEntry } from '../../../contract/drill-state.js';
import type { DrillModel } from '../../lib/drill-model.js';
import { consumeRoom } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';
import { formatDuration, simTime } from './format.js';
import { CommandController } from './room-events.js';
import { teamStates } from './teams.js';

export class DhIncidentChannel extends LitElement {
  static override properties = {
    scenario: { type: Object },
    model: { type: Object },
    now: { type: Number },
    lock: { type: String },
    _team: { state: true },
    _question: { state: true },
  };

  declare scenario: TraineeView['scenario'];
  declare model: DrillModel;
  declare now: number;
  declare lock: string;
  declare _team: string;
  declare _question: string;
  #cmd = new CommandController(this);
  #stick = true;

  constructor() {
    super();
    consumeRoom<DhIncidentChannel>(this, (d) => ({ scenario: d.scenario, model: d.model, now: d.now, lock: d.lock }));
    this.now = 0;
    this.lock = '';
    this._team = '';
    this._question = '';
  }

  protected override willUpdate(): void {
    const log = this.renderRoot?.querySelector?.('.log');
    this.#stick = !log || log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('model') && this.#stick) {
      const log = this.renderRoot.querySelector('.log');
      if (log) log.scrollTop = log.scrollHeight;
    }
  }

  override render() {
    const teams = teamStates(this.scenario, this.model).filter((t) => t.pagedAt !== undefined);
    const joined = teams.filter((t) => t.joinedAt !== undefined);
    const team = joined.some((t) => t.id === this._team) ? this._team : joined[0]?.id ?? '';
    const key = 'ask';
    return html`
      <ol class="log" aria-label="Incident channel" aria-live="polite">
        ${this.model.channel.length === 0 ? html`<li class="empty">Nothing here yet. Paged teams, their answers, stakeholder messages and status updates appear in this channel.</li>` : nothing}
        ${repeat(this.model.channel, (e, i) => `${e.t}:${i}`, (e) => this.#entry(e))}
      </ol>
      <form class="ask" @submit=${this._onAsk}>
        ${joined.length === 0
          ? html`<p class="muted small">${teams.length ? `Waiting for ${teams.map((t) => `${t.name} (joins in ${formatDuration(Math.max(0, Math.ceil((t.joinsAt ?? this.now) - this.now)))})`).join(', ')} to join before you can ask questions.` : 'Page a team under “People”; once it joins you can ask it questions here.'}</p>`
          : nothing}
        <div class="row">
          ${teams.length ? html`<label class="sr-only" for="team">Ask team</label>
          <select id="team" .value=${team} ?disabled=${joined.length === 0} @change=${(e: Event) => { this._team = (e.target as HTMLSelectElement).value; }}>
            ${teams.map((t) => html`<option value=${t.id} ?disabled=${t.joinedAt === undefined} ?selected=${t.id === team}>${t.name}${t.joinedAt === undefined ? ' (not joined yet)' : ''}</option>`)}
          </select>` : nothing}
          <label class="sr-only" for="q">Question</label>
          <input id="q" type="text" maxlength="4000" placeholder=${joined.length ? 'Ask the team a question…' : 'No team on the call yet'}
            .value=${this._question} ?disabled=${joined.length === 0} @input=${(e: Event) => { this._question = (e.target as HTMLInputElement).value; }} />
          <button class="primary" type="submit" ?disabled=${!!this.lock || joined.length === 0 || !this._question.trim() || this.#cmd.busy(key)}
            title=${this.lock || 'Ask the team'}>${this.#cmd.busy(key) ? 'Asking…' : 'Ask'}</button>
        </div>
        ${this.#cmd.error(key) ? html`<p class="error" role="alert">${this.#cmd.error(key)}</p>` : nothing}
      </form>
    `;
  }

  #entry(e: ChannelEntry) {
    const team = e.team ? this.scenario.teams[e.team]?.name ?? e.team : '';
    switch (e.kind) {
      case 'paged': return html`<li class="sys"><span class="t">${simTime(e.t)}</span> ${e.from} paged <strong>${team}</strong>.</li>`;
      case 'joined': return html`<li class="sys joined"><span class="t">${simTime(e.t)}</span> ${e.text}</li>`;
      case 'question': return html`<li class="msg q"><div class="meta"><strong>${e.from}</strong> → ${team} <span class="t">${simTime(e.t)}</span></div><div class="text">${e.text}</div></li>`;
      case 'answer': {
        const key = `pin:${e.answer}:${e.t}`;
        const pinned = this.model.events.some((x) => x.type === 'evidence_pinned' && x.kind === 'answer' && x.ref === e.answer);
        return html`<li class="msg a">
          <div class="meta"><strong>${e.from}</strong> <span class="muted">(${team})</span> <span class="t">${simTime(e.t)}</span>
            ${e.answer ? html`<button class="pin" ?disabled=${!!this.lock || pinned || this.#cmd.busy(key)} title=${this.lock || (pinned ? 'Already pinned' : 'Pin this answer to the timeline as evidence')}
              @click=${() => this.#cmd.send(key, { type: 'pin_evidence', kind: 'answer', ref: e.answer! })}>${pinned ? 'Pinned ✓' : 'Pin'}</button>` : nothing}</div>
          <div class="text">${e.text}</div>
          ${this.#cmd.error(key) ? html`<p class="error" role="alert">${this.#cmd.error(key)}</p>` : nothing}
        </li>`;
      }
      case 'inject': return html`<li class="msg inject"><div class="meta"><strong>${e.from}</strong> <span class="t">${simTime(e.t)}</span></div><div class="text">${e.text}</div></li>`;
      case 'status': return html`<li class="msg status"><div class="meta"><strong>${e.from}</strong> posted an <em>${e.audience}</em> status update <span class="t">${simTime(e.t)}</span></div><div class="text">${e.text}</div></li>`;
    }
  }

  private async _onAsk(e: Event): Promise<void> {
    e.preventDefault();
    const joined = teamStates(this.scenario, this.model).filter((t) => t.joinedAt !== undefined);
    const team = joined.some((t) => t.id === this._team) ? this._team : joined[0]?.id;
    const question = this._question.trim();
    if (!team || !question || this.lock) return;
    if (await this.#cmd.send('ask', { type: 'ask', team, question })) this._question = '';
  }

  static override styles = [base, css`
    :host { display: flex; flex-direction: column; min-height: 0; }
    .log { flex: 1; min-height: 0; overflow: auto; list-style: none; margin: 0; padding: 8px 12px; display: flex; flex-direction: column; gap: 8px; }
    .empty { color: var(--muted); font-size: 13px; }
    .t { color: var(--muted); font-size: 11.5px; font-family: var(--mono); }
    .sys { font-size: 12.5px; color: var(--muted); }
    .sys.joined { color: #7ee787; }
    .msg { border-radius: 8px; padding: 6px 9px; background: var(--panel-2); border: 1px solid var(--border); }
    .msg .meta { font-size: 12.5px; display: flex; gap: 6px; align-items: baseline; flex-wrap: wrap; }
    .msg .text { white-space: pre-wrap; word-break: break-word; margin-top: 2px; }
    .msg.q { align-self: flex-end; max-width: 92%; background: #132a46; border-color: #1f4b80; }
    .msg.a { max-width: 96%; border-left: 3px solid #7ee787; }
    .msg.inject { border-left: 3px solid var(--pending); background: #241f10; }
    .msg.status { border-left: 3px solid var(--info); }
    .pin { margin-left: auto; padding: 0 7px; font-size: 11.5px; }
    .ask { border-top: 1px solid var(--border); padding: 8px 12px; }
    .ask .row { flex-wrap: nowrap; }
    .ask select { max-width: 130px; }
    .ask input { flex: 1; min-width: 0; }
    .small { font-size: 12px; margin: 0 0 6px; }
    .error { margin: 6px 0 0; font-size: 12.5px; }
  `];
}

customElements.define('dh-incident-channel', DhIncidentChannel);

declare global {
  interface HTMLElementTagNameMap { 'dh-incident-channel': DhIncidentChannel }
}
