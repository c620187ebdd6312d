/**
 * People: the scenario's teams with what they own, whether they are paged, when they join and
 * who is on the call (`page_team`) first, since paging is what is urgent; then who holds each
 * incident role (`assign_role`), and everyone in the room.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { TraineeView } from '../../lib/api-types.js';
import type { DrillModel } from '../../lib/drill-model.js';
import { consumeRoom } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';
import { formatDuration, simTime } from './format.js';
import { CommandController } from './room-events.js';
import { teamStates, type TeamState } from './teams.js';
import { ASSIGNABLE_ROLES, ROLE_NAMES, roleName, type AssignableRole as IncidentRole } from '../../../contract/commands.js';

export class DhIncidentPeople extends LitElement {
  static override properties = {
    scenario: { type: Object },
    model: { type: Object },
    now: { type: Number },
    participants: { type: Array },
    lock: { type: String },
    _names: { state: true },
  };

  declare scenario: TraineeView['scenario'];
  declare model: DrillModel;
  declare now: number;
  declare participants: TraineeView['participants'];
  declare lock: string;
  declare _names: Readonly<Partial<Record<IncidentRole, string>>>;
  #cmd = new CommandController(this);

  constructor() {
    super();
    consumeRoom<DhIncidentPeople>(this, (d) => ({ scenario: d.scenario, model: d.model, now: d.now, participants: d.participants, lock: d.lock }));
    this.now = 0;
    this.participants = [];
    this.lock = '';
    this._names = {};
  }

  #people(): { name: string; role: string }[] {
    const byName = new Map<string, string>();
    for (const p of this.participants) byName.set(p.name, p.role);
    for (const p of this.model.participants) byName.set(p.name, p.role);
    return [...byName].map(([name, role]) => ({ name, role }));
  }

  override render() {
    const people = this.#people();
    return html`
      <section aria-labelledby="teams-h">
        <h3 id="teams-h">Teams to page</h3>
        <p class="muted small">Page the teams that own what is broken; each joins after its own delay.</p>
        <ul class="teams">${teamStates(this.scenario, this.model).map((t) => this.#team(t))}</ul>
      </section>
      <section aria-labelledby="roles-h">
        <h3 id="roles-h">Incident roles</h3>
        <datalist id="people">${people.map((p) => html`<option value=${p.name}></option>`)}</datalist>
        <ul class="roles">${ASSIGNABLE_ROLES.map((r) => this.#role(r, ROLE_NAMES[r]))}</ul>
      </section>
      <section aria-labelledby="people-h">
        <h3 id="people-h">In the room (${people.length})</h3>
        <ul class="people">${people.map((p) => html`<li><strong>${p.name}</strong> <span class="muted">joined as ${roleName(p.role)}</span>
          ${this.model.roles.commander === p.name ? html`<span class="badge ok" title="Incident Commander">IC</span>` : nothing}</li>`)}</ul>
      </section>
    `;
  }

  #role(role: IncidentRole, label: string) {
    const holder = this.model.roles[role];
    const key = `role:${role}`;
    const value = this._names[role] ?? '';
    return html`<li>
      <form class="role" @submit=${(e: Event) => { e.preventDefault(); void this.#assign(role); }}>
        <div class="role-head"><span class="role-name">${label}</span>${holder ? html`<strong class="holder">${holder}</strong>` : html`<span class="muted">unassigned</span>`}</div>
        <label class="sr-only" for="r-${role}">Name for ${label}</label>
        <input id="r-${role}" list="people" maxlength="80" placeholder="name" .value=${value}
          @input=${(e: Event) => { this._names = { ...this._names, [role]: (e.target as HTMLInputElement).value }; }} />
        <button type="submit" ?disabled=${!!this.lock || !value.trim() || this.#cmd.busy(key)} title=${this.lock || `Make ${value || 'someone'} the ${label}`}>Assign</button>
      </form>
      ${this.#cmd.error(key) ? html`<p class="error" role="alert">${this.#cmd.error(key)}</p>` : nothing}
    </li>`;
  }

  async #assign(role: IncidentRole): Promise<void> {
    const name = (this._names[role] ?? '').trim();
    if (!name || this.lock) return;
    if (await this.#cmd.send(`role:${role}`, { type: 'assign_role', role, name })) this._names = { ...this._names, [role]: '' };
  }

  #team(t: TeamState) {
    const key = `page:${t.id}`;
    const owns = Object.entries(this.scenario.services).filter(([, s]) => s.team === t.id).map(([id]) => id);
    let state;
    if (t.joinedAt !== undefined) state = html`<span class="badge ok">joined ${simTime(t.joinedAt)}</span>`;
    else if (t.pagedAt !== undefined) {
      const eta = Math.max(0, (t.joinsAt ?? t.pagedAt + t.joinDelay) - this.now);
      const share = t.joinDelay > 0 ? Math.min(1, Math.max(0, 1 - eta / t.joinDelay)) : 1;
      state = html`<span class="badge warn">paged ${simTime(t.pagedAt)}</span> <span class="eta">joins in ${formatDuration(Math.ceil(eta))}</span>
        <progress max="1" .value=${share} aria-label="${t.name} joining"></progress>`;
    } else state = html`<span class="muted">not paged · joins ${formatDuration(t.joinDelay)} after a page</span>`;
    return html`<li class="team">
      <div class="team-head">
        <strong>${t.name}</strong>
        ${t.pagedAt === undefined ? html`<button class="page" ?disabled=${!!this.lock || this.#cmd.busy(key)} title=${this.lock || `Page ${t.name}`}
          @click=${() => this.#cmd.send(key, { type: 'page_team', team: t.id })}>${this.#cmd.busy(key) ? 'Paging…' : 'Page'}</button>` : nothing}
      </div>
      <div class="small">${state}</div>
      <div class="muted small">${owns.length ? `Owns ${owns.join(', ')}. ` : ''}${t.responders.map((r) => `${r.name} (${r.role})`).join(', ')}</div>
      ${this.#cmd.error(key) ? html`<p class="error" role="alert">${this.#cmd.error(key)}</p>` : nothing}
    </li>`;
  }

  static override styles = [base, css`
    :host { display: block; overflow: auto; padding: 10px 12px; position: relative; }
    section { margin-bottom: 14px; }
    ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; }
    .small { font-size: 12.5px; margin: 2px 0; }
    .roles { gap: 6px; }
    form.role { display: grid; grid-template-columns: 130px minmax(0, 1fr) auto; gap: 6px; align-items: center; }
    .role-head { display: flex; flex-direction: column; font-size: 12.5px; line-height: 1.25; min-width: 0; }
    .role-name { color: var(--muted); }
    .holder { color: #7ee787; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .roles input { min-width: 0; padding: 4px 8px; }
    .roles button { padding: 4px 10px; }
    .team { background: var(--panel-2); border: 1px solid var(--border); border-radius: var(--radius); padding: 7px 9px; }
    .team-head { display: flex; justify-content: space-between; align-items: center; }
    .page { padding: 2px 12px; }
    .eta { font-size: 12px; }
    progress { width: 90px; height: 8px; vertical-align: middle; accent-color: var(--pending); }
    .people li { font-size: 13px; }
    .error { margin: 4px 0 0; font-size: 12.5px; }
  `];
}

customElements.define('dh-incident-people', DhIncidentPeople);

declare global {
  interface HTMLElementTagNameMap { 'dh-incident-people': DhIncidentPeople }
}
