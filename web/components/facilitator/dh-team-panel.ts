/**
 * Who is in the drill: the join link and code to share (with copy buttons), and every
 * participant with the role they joined as and any incident role the team gave them, live
 * from `participant_joined` and `role_assigned` events.
 */
import { css, html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { DrillModel } from '../../lib/drill-model.js';
import { joinLink } from '../../lib/router.js';
import { formatClock } from '../../../contract/duration.js';
import { ROLE_NAMES } from '../../../contract/commands.js';
import { consumeConsole } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';
import '../dh-copy-field.js';

export class DhTeamPanel extends LitElement {
  static override properties = {
    drillId: { type: String },
    joinCode: { type: String },
    participants: { type: Array },
    roles: { type: Object },
  };

  declare drillId: string;
  declare joinCode: string;
  declare participants: DrillModel['participants'];
  /** incident role -> name, from role_assigned */
  declare roles: DrillModel['roles'];

  constructor() {
    super();
    consumeConsole<DhTeamPanel>(this, (d) => ({ drillId: d.drillId, joinCode: d.joinCode, participants: d.model?.participants ?? [], roles: d.model?.roles ?? {} }));
    this.drillId = '';
    this.joinCode = '';
    this.participants = [];
    this.roles = {};
  }

  protected override render() {
    const link = joinLink(location.origin + location.pathname.replace(/\/index\.html$/, ''), this.drillId, this.joinCode);
    const others = Object.entries(this.roles).filter(([, n]) => !this.participants.some((p) => p.name === n));
    const named = (name: string) => Object.entries(this.roles).filter(([, n]) => n === name).map(([r]) => r);
    return html`
      <h2>Invite the team</h2>
      <div class="share">
        <dh-copy-field label="Join link" .value=${link}></dh-copy-field>
        <dh-copy-field label="Join code" .value=${this.joinCode} big></dh-copy-field>
        <p class="muted hint">Trainees open the link (or enter drill <span class="mono">${this.drillId}</span> and the code on the home page), pick a name and a role.</p>
      </div>
      <h2 class="people-h">Participants <span class="count">${this.participants.length}</span></h2>
      ${this.participants.length === 0
        ? html`<p class="muted empty">Nobody has joined yet.</p>`
        : html`<ul class="people" aria-live="polite">${repeat(this.participants, (p) => p.name, (p) => html`<li>
            <span class="name">${p.name}</span>
            <span class="role role-${p.role}">${ROLE_NAMES[p.role]}</span>
            ${named(p.name).map((r) => html`<span class="badge info" title="${p.name} holds the ${r} role">${r === 'commander' ? 'IC' : r}</span>`)}
            <span class="t muted" title="Joined at">${formatClock(p.t)}</span>
          </li>`)}</ul>`}
      ${others.length ? html`<p class="muted roles">Also named: ${others.map(([r, n], i) => html`${i ? ', ' : nothing}${n} (${r})`)}</p>` : nothing}`;
  }

  static override styles = [base, css`
    :host { display: block; }
    .share { display: flex; flex-direction: column; gap: 8px; }
    .hint { font-size: 12px; margin: 0; }
    .people-h { margin-top: 16px; display: flex; align-items: center; gap: 8px; }
    .count { font-size: 12px; background: var(--panel-2); border: 1px solid var(--border); border-radius: 999px; padding: 0 8px; color: var(--muted); }
    .people { list-style: none; margin: 0; padding: 0; }
    .people li { display: flex; gap: 6px 8px; align-items: center; flex-wrap: wrap; padding: 5px 0; border-bottom: 1px solid var(--border); }
    /* The name first and never squeezed out: the badges wrap under it when the column is narrow. */
    .name { font-weight: 600; flex: 1 0 5em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .badge { white-space: nowrap; }
    .role { font-size: 12px; padding: 0 7px; border-radius: 999px; background: var(--panel-2); border: 1px solid var(--border); }
    .role-commander { color: #ffa657; } .role-communications { color: #d2a8ff; } .role-operations { color: #79c0ff; } .role-scribe { color: #7ee787; } .role-observer { color: var(--muted); }
    .t { font-family: var(--mono); font-size: 11.5px; }
    .empty { margin: 0; }
    .roles { font-size: 12px; margin: 8px 0 0; }
  `];
}

customElements.define('dh-team-panel', DhTeamPanel);

declare global {
  interface HTMLElementTagNameMap { 'dh-team-panel': DhTeamPanel }
}
