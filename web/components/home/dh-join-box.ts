/**
 * Join a drill from the home page: paste the join link the facilitator shared, or type the
 * drill id and join code. It only finds the drill; the join page asks for name and role.
 */
import { css, html, LitElement, nothing } from 'lit';
import { href, parseJoinLink } from '../../lib/router.js';
import { base } from '../../styles/theme.js';

export class DhJoinBox extends LitElement {
  static override properties = { _error: { state: true } };

  declare _error: string | undefined;

  constructor() {
    super();
    this._error = undefined;
  }

  protected override render() {
    return html`<form @submit=${this._onSubmit} novalidate>
      <div class="field"><label for="link">Join link or drill id</label>
        <input id="link" name="link" autocomplete="off" spellcheck="false" placeholder="http://…/#/join/… or the drill id" @input=${this._onLinkInput} /></div>
      <div class="field"><label for="code">Join code</label>
        <input id="code" name="code" autocomplete="off" spellcheck="false" placeholder="e.g. K7QX-M2PD" class="mono" /></div>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      <button type="submit" class="primary">Continue</button>
    </form>`;
  }

  /** A pasted link carries the code too: fill it in so the trainee sees it was understood. */
  private _onLinkInput(e: Event): void {
    const parsed = parseJoinLink((e.target as HTMLInputElement).value);
    const code = this.renderRoot.querySelector<HTMLInputElement>('#code');
    if (parsed?.code && code && !code.value) code.value = parsed.code;
    this._error = undefined;
  }

  private _onSubmit(e: Event): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const link = String(data.get('link') ?? '').trim();
    let code = String(data.get('code') ?? '').trim();
    if (!link) { this._error = 'Paste the join link, or type the drill id.'; return; }
    const parsed = parseJoinLink(link);
    let drillId = parsed?.drillId;
    if (!drillId) {
      if (/[\s/#?]/.test(link)) { this._error = 'That is not a join link. A join link looks like http://host:8080/#/join/DRILL?code=CODE.'; return; }
      drillId = link;
    }
    code ||= parsed?.code ?? '';
    location.hash = href({ page: 'join', drillId, code });
  }

  static override styles = [base, css`
    :host { display: block; }
    form { display: flex; flex-direction: column; gap: 10px; }
    input { width: 100%; }
    button { align-self: flex-start; }
    .error { margin: 0; }
  `];
}

customElements.define('dh-join-box', DhJoinBox);

declare global {
  interface HTMLElementTagNameMap { 'dh-join-box': DhJoinBox }
}
