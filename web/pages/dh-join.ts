/**
 * The join page a facilitator's link opens: a name, a role (each with what it does in the
 * response) and the join code, then straight into the incident room. A wrong code or a name
 * someone already has is reported at the field concerned.
 */
import { css, html, LitElement, nothing } from 'lit';
import { ROLE_NAMES, roleName, type Role } from '../../contract/commands.js';
import { ApiError, call, client, enc } from '../lib/api.js';
import { errorText } from '../lib/errors.js';
import { href } from '../lib/router.js';
import { saveSeat, seatFor } from '../lib/session.js';
import { base } from '../styles/theme.js';

/** The roles in the order people pick them, with one line on what each does. */
export const ROLES: readonly { readonly id: Role; readonly name: string; readonly does: string }[] = [
  { id: 'commander', name: ROLE_NAMES.commander, does: 'Runs the response: sets severity, pages teams, decides and delegates. The first to join as commander is the IC; after that the role is handed over under People.' },
  { id: 'communications', name: ROLE_NAMES.communications, does: 'Keeps stakeholders and customers informed with status updates.' },
  { id: 'operations', name: ROLE_NAMES.operations, does: 'Investigates metrics, logs and changes; runs the mitigation and the fix.' },
  { id: 'scribe', name: ROLE_NAMES.scribe, does: 'Keeps the timeline: notes, pinned evidence, decisions as they happen.' },
  { id: 'observer', name: ROLE_NAMES.observer, does: 'Watches everything the team sees, without acting (read-only).' },
];

type Field = 'name' | 'code' | 'form';

export class DhJoin extends LitElement {
  static override properties = {
    drillId: { type: String },
    code: { type: String },
    _role: { state: true },
    _busy: { state: true },
    _errors: { state: true },
  };

  declare drillId: string;
  /** the join code from the link, if it had one */
  declare code: string;
  declare _role: Role;
  declare _busy: boolean;
  declare _errors: Partial<Record<Field, string>>;

  constructor() {
    super();
    this.drillId = '';
    this.code = '';
    this._role = 'commander';
    this._busy = false;
    this._errors = {};
  }

  protected override render() {
    const seat = seatFor(this.drillId);
    if (seat?.audience === 'facilitator') {
      return html`<section class="panel card" aria-labelledby="h"><h1 id="h">You run this drill</h1>
        <p>This browser holds the facilitator seat for drill <code>${this.drillId}</code>. Joining here as a trainee would replace it.</p>
        <p>To try the trainee side, open the join link in another browser or a private window.</p>
        <p><a href=${href({ page: 'facilitator', drillId: this.drillId })}>Back to the facilitator console</a></p></section>`;
    }
    const e = this._errors;
    return html`<section class="panel card" aria-labelledby="h">
      <h1 id="h">Join the drill</h1>
      <p class="muted">Drill <code>${this.drillId}</code>. Pick a name the team will see and the role you will play.</p>
      ${seat ? html`<p class="note">You already joined this drill from this browser as <strong>${seat.name}</strong>${seat.role ? ` (${roleName(seat.role)})` : ''}.
        <a href=${href({ page: 'room', drillId: this.drillId })}>Go back to the room</a>, or join again under another name.</p>` : nothing}
      <form @submit=${this._onSubmit} novalidate>
        <div class="field">
          <label for="name">Your name</label>
          <input id="name" name="name" required maxlength="40" autocomplete="nickname" aria-invalid=${e.name ? 'true' : 'false'} aria-describedby=${e.name ? 'name-err' : nothing} @input=${() => this._clear('name')} />
          ${e.name ? html`<p id="name-err" class="error">${e.name}</p>` : nothing}
        </div>
        <fieldset>
          <legend>Role</legend>
          ${ROLES.map((r) => html`<label class="role ${this._role === r.id ? 'on' : ''}">
            <input type="radio" name="role" value=${r.id} .checked=${this._role === r.id} @change=${() => { this._role = r.id; }} />
            <span><strong>${r.name}</strong><span class="does">${r.does}</span></span>
          </label>`)}
        </fieldset>
        <div class="field">
          <label for="code">Join code</label>
          <input id="code" name="code" class="mono code" required maxlength="32" autocomplete="off" spellcheck="false" .value=${this.code} aria-invalid=${e.code ? 'true' : 'false'} aria-describedby=${e.code ? 'code-err' : nothing} @input=${() => this._clear('code')} />
          ${e.code ? html`<p id="code-err" class="error">${e.code}</p>` : nothing}
        </div>
        ${e.form ? html`<p class="error" role="alert">${e.form}</p>` : nothing}
        <button class="primary" type="submit" ?disabled=${this._busy}>${this._busy ? 'Joining…' : 'Join the drill'}</button>
      </form>
    </section>`;
  }

  protected override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#name')?.focus();
  }

  private _clear(f: Field): void {
    if (this._errors[f] || this._errors.form) this._errors = { ...this._errors, [f]: undefined, form: undefined };
  }

  private async _onSubmit(ev: Event): Promise<void> {
    ev.preventDefault();
    const data = new FormData(ev.target as HTMLFormElement);
    const name = String(data.get('name') ?? '').trim();
    const joinCode = String(data.get('code') ?? '').trim();
    const errors: Partial<Record<Field, string>> = {};
    if (!name) errors.name = 'Type the name the team will see.';
    if (!joinCode) errors.code = 'Type the join code from the facilitator.';
    this._errors = errors;
    if (Object.keys(errors).length) { this._focusError(); return; }
    this._busy = true;
    try {
      const r = await call(client.api.drills[':id'].participants.$post({ param: { id: enc(this.drillId) }, json: { joinCode, name, role: this._role } }));
      saveSeat({ drillId: this.drillId, token: r.token, audience: 'trainee', name, role: this._role, joinCode });
      location.hash = href({ page: 'room', drillId: this.drillId });
    } catch (err) {
      const code = err instanceof ApiError ? err.code : '';
      const field: Field = code === 'name_taken' || code === 'invalid_body' && /name/.test(errorText(err)) ? 'name' : code === 'bad_join_code' ? 'code' : 'form';
      const text = code === 'unknown_drill' ? `There is no drill "${this.drillId}" on this server. Check the join link with your facilitator.` : errorText(err);
      this._errors = { [field]: text };
      this._focusError();
    } finally {
      this._busy = false;
    }
  }

  private _focusError(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  static override styles = [base, css`
    :host { display: block; padding: 32px 20px; }
    .card { max-width: 620px; margin: 0 auto; padding: 24px 28px; }
    form { display: flex; flex-direction: column; gap: 14px; margin-top: 14px; }
    .field input { width: 100%; }
    .code { font-size: 16px; letter-spacing: .08em; text-transform: uppercase; }
    fieldset { border: 1px solid var(--border); border-radius: var(--radius); padding: 8px 12px 12px; margin: 0; }
    legend { color: var(--muted); font-size: 12px; padding: 0 4px; }
    .role { display: flex; gap: 10px; align-items: flex-start; padding: 5px 8px; border-radius: var(--radius); color: var(--text); font-size: 14px; cursor: pointer; margin: 1px 0; border: 1px solid transparent; }
    input[aria-invalid='true'] { border-color: var(--bad); }
    .role.on { background: var(--panel-2); border-color: var(--accent); }
    .role input { margin-top: 4px; accent-color: var(--accent); }
    .does { display: block; color: var(--muted); font-size: 12.5px; }
    .error { margin: 6px 0 0; }
    .note { background: #16263b; border: 1px solid #24456e; border-radius: var(--radius); padding: 8px 10px; }
    button.primary { align-self: flex-start; padding: 8px 18px; }
    code { font-family: var(--mono); font-size: 12.5px; }
  `];
}

customElements.define('dh-join', DhJoin);

declare global {
  interface HTMLElementTagNameMap { 'dh-join': DhJoin }
}
