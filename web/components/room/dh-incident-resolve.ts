/**
 * Resolution: state a root-cause hypothesis (`state_hypothesis`), check that the signals are
 * healthy again (`verify`, with the engine's verdict and its reason), resolve the incident
 * (`resolve_incident`, with a warning and a second click when recovery is not verified), and
 * flag a runbook that needs updating (`flag_doc`).
 */
import { css, html, LitElement, nothing } from 'lit';
import type { TraineeView } from '../../lib/api-types.js';
import type { DrillModel } from '../../lib/drill-model.js';
import { consumeRoom } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';
import { simTime } from './format.js';
import { CommandController } from './room-events.js';

export class DhIncidentResolve extends LitElement {
  static override properties = {
    scenario: { type: Object },
    model: { type: Object },
    now: { type: Number },
    lock: { type: String },
    _hypothesis: { state: true },
    _summary: { state: true },
    _confirm: { state: true },
    _runbook: { state: true },
    _docText: { state: true },
  };

  declare scenario: TraineeView['scenario'];
  declare model: DrillModel;
  declare now: number;
  declare lock: string;
  declare _hypothesis: string;
  declare _summary: string;
  declare _confirm: boolean;
  declare _runbook: string;
  declare _docText: string;
  #cmd = new CommandController(this);

  constructor() {
    super();
    consumeRoom<DhIncidentResolve>(this, (d) => ({ scenario: d.scenario, model: d.model, now: d.now, lock: d.lock }));
    this.now = 0;
    this.lock = '';
    this._hypothesis = '';
    this._summary = '';
    this._confirm = false;
    this._runbook = '';
    this._docText = '';
  }

  override render() {
    return html`${this.#hypothesis()}${this.#verify()}${this.#resolve()}${this.#flag()}`;
  }

  #hypothesis() {
    const key = 'hyp';
    const stated = this.model.events.filter((e) => e.type === 'hypothesis_stated');
    return html`<section>
      <h3>Root-cause hypothesis</h3>
      <form @submit=${async (e: Event) => {
        e.preventDefault();
        const text = this._hypothesis.trim();
        if (text && await this.#cmd.send(key, { type: 'state_hypothesis', text })) this._hypothesis = '';
      }}>
        <label class="sr-only" for="hyp">Hypothesis</label>
        <textarea id="hyp" rows="3" maxlength="4000" placeholder="What is broken, by what mechanism, and what triggered it?"
          .value=${this._hypothesis} @input=${(e: Event) => { this._hypothesis = (e.target as HTMLTextAreaElement).value; }}></textarea>
        <button class="primary" type="submit" ?disabled=${!!this.lock || !this._hypothesis.trim() || this.#cmd.busy(key)} title=${this.lock || 'Record this hypothesis on the timeline'}>State hypothesis</button>
      </form>
      ${this.#cmd.error(key) ? html`<p class="error" role="alert">${this.#cmd.error(key)}</p>` : nothing}
      ${stated.length ? html`<ol class="items">${stated.map((h) => html`<li><span class="t">${simTime(h.t)}</span> ${h.by ? html`<strong>${h.by}</strong>: ` : ''}${'text' in h ? h.text : ''}</li>`)}</ol>` : nothing}
    </section>`;
  }

  #verify() {
    const key = 'verify';
    const last = this.model.verifications.at(-1);
    return html`<section>
      <h3>Verify recovery</h3>
      <p class="muted small">Checks that no alert is pending or firing and that the signals have stayed healthy for the verification window (${Math.round(this.scenario.settings.verification_window / 60)} min).</p>
      <button ?disabled=${!!this.lock || this.#cmd.busy(key)} title=${this.lock || 'Ask the system whether it has recovered'}
        @click=${() => this.#cmd.send(key, { type: 'verify' })}>${this.#cmd.busy(key) ? 'Checking…' : 'Verify recovery'}</button>
      ${this.#cmd.error(key) ? html`<p class="error" role="alert">${this.#cmd.error(key)}</p>` : nothing}
      ${last ? html`<p class="verdict ${last.passed ? 'pass' : 'fail'}" role="status">
          <strong>${last.passed ? '✓ Verified' : '✗ Not recovered yet'}</strong> at ${simTime(last.t)}: ${last.reason}</p>` : nothing}
    </section>`;
  }

  #resolve() {
    const key = 'resolve';
    const inc = this.model.incident;
    if (inc.resolvedAt !== undefined) {
      return html`<section><h3>Resolve</h3><p class="verdict pass">Resolved at ${simTime(inc.resolvedAt)}${inc.verified ? ' after a passing verification.' : ', without a passing verification.'}</p></section>`;
    }
    const last = this.model.verifications.at(-1);
    const verified = !!last?.passed;
    const declared = inc.severity !== undefined;
    return html`<section>
      <h3>Resolve the incident</h3>
      <label for="sum">Resolution summary (optional)</label>
      <textarea id="sum" rows="2" maxlength="4000" .value=${this._summary} @input=${(e: Event) => { this._summary = (e.target as HTMLTextAreaElement).value; }}
        placeholder="What fixed it"></textarea>
      ${!verified && declared ? html`<p class="warnbox">${last ? 'The last verification failed.' : 'Recovery has not been verified.'} Resolving now may close an incident that is still hurting users.</p>` : nothing}
      <div class="row">
        ${this._confirm && !verified
          ? html`<button class="danger" ?disabled=${!!this.lock || this.#cmd.busy(key)} @click=${() => this.#resolveNow()}>Resolve without verifying</button>
                 <button @click=${() => { this._confirm = false; }}>Cancel</button>`
          : html`<button class="primary" ?disabled=${!!this.lock || !declared || this.#cmd.busy(key)} title=${this.lock || (declared ? 'Resolve the incident' : 'Declare the incident first')}
              @click=${() => { if (verified) void this.#resolveNow(); else this._confirm = true; }}>Resolve incident</button>`}
      </div>
      ${this.#cmd.error(key) ? html`<p class="error" role="alert">${this.#cmd.error(key)}</p>` : nothing}
    </section>`;
  }

  async #resolveNow(): Promise<void> {
    const summary = this._summary.trim();
    if (await this.#cmd.send('resolve', { type: 'resolve_incident', ...(summary ? { summary } : {}) })) { this._summary = ''; this._confirm = false; }
  }

  #flag() {
    const key = 'flag';
    const runbooks = this.scenario.runbooks;
    const runbook = runbooks.some((r) => r.id === this._runbook) ? this._runbook : runbooks[0]?.id ?? '';
    const flagged = this.model.events.filter((e) => e.type === 'doc_flagged');
    return html`<section>
      <h3>Flag a runbook for updating</h3>
      ${runbooks.length === 0 ? html`<p class="muted small">This scenario has no runbooks.</p>` : html`
      <form @submit=${async (e: Event) => {
        e.preventDefault();
        const text = this._docText.trim();
        if (runbook && text && await this.#cmd.send(key, { type: 'flag_doc', runbook, text })) this._docText = '';
      }}>
        <label for="rb">Runbook</label>
        <select id="rb" .value=${runbook} @change=${(e: Event) => { this._runbook = (e.target as HTMLSelectElement).value; }}>
          ${runbooks.map((r) => html`<option value=${r.id} ?selected=${r.id === runbook}>${r.title}</option>`)}
        </select>
        <label for="doc">What is missing or wrong</label>
        <textarea id="doc" rows="2" maxlength="4000" .value=${this._docText} @input=${(e: Event) => { this._docText = (e.target as HTMLTextAreaElement).value; }}
          placeholder="Which step is missing, wrong or misleading, and what it should say"></textarea>
        <button type="submit" ?disabled=${!!this.lock || !this._docText.trim() || this.#cmd.busy(key)} title=${this.lock || 'Flag the runbook'}>Flag runbook</button>
      </form>`}
      ${this.#cmd.error(key) ? html`<p class="error" role="alert">${this.#cmd.error(key)}</p>` : nothing}
      ${flagged.length ? html`<ol class="items">${flagged.map((f) => html`<li><span class="t">${simTime(f.t)}</span> <strong>${'runbook' in f ? runbooks.find((r) => r.id === f.runbook)?.title ?? f.runbook : ''}</strong>: ${'text' in f ? f.text : ''}</li>`)}</ol>` : nothing}
    </section>`;
  }

  static override styles = [base, css`
    :host { display: block; overflow: auto; padding: 10px 12px; }
    section { margin-bottom: 16px; }
    form { display: grid; gap: 6px; }
    label { margin: 0; }
    form button { justify-self: start; }
    .small { font-size: 12.5px; margin: 0 0 6px; }
    .items { list-style: none; padding: 0; margin: 8px 0 0; display: grid; gap: 4px; font-size: 13px; }
    .t { color: var(--muted); font-family: var(--mono); font-size: 11.5px; }
    .verdict { margin: 8px 0 0; padding: 6px 9px; border-radius: var(--radius); font-size: 13px; }
    .verdict.pass { background: #0f2a17; border: 1px solid #238636; color: #aff5b4; }
    .verdict.fail { background: #3d1618; border: 1px solid var(--bad); color: #ffb4ae; }
    .warnbox { background: #2b2410; border: 1px solid var(--warn); color: #f5d28a; border-radius: var(--radius); padding: 6px 9px; font-size: 12.5px; margin: 6px 0; }
    .row { margin-top: 6px; }
    .error { margin: 6px 0 0; font-size: 13px; }
  `];
}

customElements.define('dh-incident-resolve', DhIncidentResolve);

declare global {
  interface HTMLElementTagNameMap { 'dh-incident-resolve': DhIncidentResolve }
}
