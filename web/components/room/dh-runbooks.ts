/**
 * Runbooks and change history. A runbook's Markdown is rendered from a safe subset (dh-markdown)
 * and the actions it names link to the Actions panel. The history lists deploys, config changes
 * and flag flips, from before the drill (`T-2h`) and as they happen, each with its diff when it
 * has one, and can be pinned to the timeline as evidence.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { TraineeView } from '../../lib/api-types.js';
import type { DrillModel } from '../../lib/drill-model.js';
import { consumeRoom } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';
import './dh-markdown.js';
import { simTime } from './format.js';
import { CommandController, navigate } from './room-events.js';

type Change = TraineeView['changes'][number];
const HISTORY = '__history';

export class DhRunbooks extends LitElement {
  static override properties = {
    scenario: { type: Object },
    changes: { type: Array },
    model: { type: Object },
    reveal: { type: Object },
    lock: { type: String },
    _open: { state: true },
  };

  declare scenario: TraineeView['scenario'];
  declare changes: TraineeView['changes'];
  declare model: DrillModel;
  declare reveal: { focus?: string; n: number } | undefined;
  declare lock: string;
  declare _open: string;
  #cmd = new CommandController(this);

  constructor() {
    super();
    consumeRoom<DhRunbooks>(this, (d) => ({ scenario: d.scenario, changes: d.changes, model: d.model, lock: d.lock }));
    this.changes = [];
    this.reveal = undefined;
    this.lock = '';
    this._open = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('reveal') && this.reveal?.focus) this._open = this.reveal.focus;
    if (!this._open && this.scenario) this._open = this.scenario.runbooks[0]?.id ?? HISTORY;
  }

  /** The history the drill view had, plus changes that happened since it was fetched. */
  #history(): Change[] {
    const known = new Set(this.changes.map((c) => `${c.id}@${c.at}`));
    const live: Change[] = this.model.changes
      .filter((e) => !this.changes.some((c) => c.id === e.change && c.at === e.t) && !known.has(`${e.change}@${e.t}`))
      .map((e) => ({ id: e.change, at: e.t, type: e.kind, service: e.service, summary: e.summary, author: e.author, ...(e.version ? { version: e.version } : {}) }));
    return [...this.changes, ...live].sort((a, b) => b.at - a.at);
  }

  override render() {
    if (!this.scenario) return nothing;
    const history = this.#history();
    const rb = this.scenario.runbooks.find((r) => r.id === this._open);
    return html`
      <nav aria-label="Runbooks and history">
        <h3>Runbooks</h3>
        <ul>
          ${this.scenario.runbooks.map((r) => html`<li><button class=${this._open === r.id ? 'on' : ''} aria-current=${this._open === r.id ? 'page' : 'false'}
            @click=${() => { this._open = r.id; }}>${r.title}${r.service ? html`<span class="svc">${r.service}</span>` : nothing}</button></li>`)}
          ${this.scenario.runbooks.length === 0 ? html`<li class="muted small">None in this scenario.</li>` : nothing}
        </ul>
        <h3>History</h3>
        <ul><li><button class=${this._open === HISTORY ? 'on' : ''} aria-current=${this._open === HISTORY ? 'page' : 'false'} @click=${() => { this._open = HISTORY; }}>
          Deploys, config & flags <span class="svc">${history.length}</span></button></li></ul>
      </nav>
      <article>${rb ? this.#runbook(rb) : this.#changes(history)}</article>
    `;
  }

  #runbook(rb: TraineeView['scenario']['runbooks'][number]) {
    const actions = rb.actions.map((id) => this.scenario.actions.find((a) => a.id === id) ?? { id, label: id });
    return html`
      <header><h2>${rb.title}</h2>${rb.service ? html`<span class="badge info">${rb.service}</span>` : nothing}</header>
      <dh-markdown .text=${rb.body}></dh-markdown>
      ${actions.length ? html`<section class="rb-actions" aria-label="Actions in this runbook">
        <h3>Actions this runbook names</h3>
        <ul>${actions.map((a) => html`<li><button class="link" @click=${() => navigate(this, 'actions', a.id)}>${a.label} →</button></li>`)}</ul>
      </section>` : nothing}
      <p class="muted small">Something missing or wrong in this runbook? Flag it under Incident → Resolve.</p>
    `;
  }

  #changes(history: readonly Change[]) {
    return html`
      <header><h2>Deploys, config changes and flag flips</h2></header>
      <p class="muted small">Newest first. T- times are before the drill started.</p>
      ${history.length === 0 ? html`<p class="muted">No changes recorded.</p>` : nothing}
      <ol class="changes">${history.map((c) => this.#change(c))}</ol>
    `;
  }

  #change(c: Change) {
    const key = `pin:${c.id}`;
    const pinned = this.model.events.some((e) => e.type === 'evidence_pinned' && e.kind === 'change' && e.ref === c.id);
    return html`<li class="change ${c.at >= 0 ? 'during' : ''}">
      <div class="top">
        <span class="when mono">${simTime(c.at)}</span>
        <span class="badge kind-${c.type}">${c.type}</span>
        <strong>${c.service}</strong>
        ${c.version ? html`<span class="mono">${c.version}</span>` : nothing}
        <span class="spacer"></span>
        <button class="small" ?disabled=${!!this.lock || pinned || this.#cmd.busy(key)} title=${this.lock || (pinned ? 'Already pinned' : 'Pin this change to the timeline as evidence')}
          @click=${() => this.#cmd.send(key, { type: 'pin_evidence', kind: 'change', ref: c.id })}>${pinned ? 'Pinned ✓' : 'Pin'}</button>
      </div>
      <div class="summary">${c.summary}</div>
      <div class="muted small">by ${c.author} · <span class="mono">${c.id}</span>${c.at >= 0 ? ' · during the drill' : ''}</div>
      ${c.diff ? html`<details><summary>Diff</summary><pre class="diff">${c.diff.split('\n').map((l) => html`<span class=${l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : ''}>${l}\n</span>`)}</pre></details>` : nothing}
      ${this.#cmd.error(key) ? html`<p class="error" role="alert">${this.#cmd.error(key)}</p>` : nothing}
    </li>`;
  }

  static override styles = [base, css`
    :host { display: grid; grid-template-columns: 220px minmax(0, 1fr); gap: 16px; align-items: start; }
    nav ul { list-style: none; margin: 0 0 12px; padding: 0; display: grid; gap: 2px; }
    nav button { width: 100%; text-align: left; background: none; border: 1px solid transparent; padding: 5px 8px; display: flex; justify-content: space-between; gap: 6px; }
    nav button.on { background: var(--panel-2); border-color: var(--border); font-weight: 600; }
    .svc { color: var(--muted); font-size: 11.5px; font-weight: 400; }
    article { background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); padding: 12px 16px; min-width: 0; }
    header { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; }
    header h2 { margin: 0; }
    .small { font-size: 12.5px; }
    .rb-actions ul { padding-left: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 6px; }
    button.link { background: var(--panel-2); color: var(--accent); }
    .changes { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; }
    .change { border: 1px solid var(--border); border-radius: var(--radius); padding: 8px 10px; background: var(--panel-2); }
    .change.during { border-left: 3px solid var(--pending); }
    .top { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
    .when { color: var(--muted); min-width: 84px; }
    .kind-deploy { color: #d2a8ff; } .kind-config { color: var(--pending); } .kind-flag { color: #79c0ff; }
    .spacer { flex: 1; }
    button.small { padding: 1px 8px; font-size: 12px; }
    .summary { margin: 4px 0 2px; }
    details summary { cursor: pointer; color: var(--accent); font-size: 12.5px; margin-top: 4px; }
    .diff { background: var(--bg); border: 1px solid var(--border); border-radius: var(--radius); padding: 6px 8px; font-family: var(--mono); font-size: 12px; overflow-x: auto; margin: 4px 0 0; white-space: pre; }
    .diff .add { color: #7ee787; } .diff .del { color: #ff9d95; }
    .error { margin: 6px 0 0; font-size: 12.5px; }
  `];
}

customElements.define('dh-runbooks', DhRunbooks);

declare global {
  interface HTMLElementTagNameMap { 'dh-runbooks': DhRunbooks }
}
