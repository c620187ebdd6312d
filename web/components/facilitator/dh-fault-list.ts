/**
 * The scenario's faults, which trainees never see: each with its service, status (pending,
 * active, mitigated, resolved), when it began and its current strength.
 * Strength bars are native <progress> elements: the server's CSP forbids style attributes.
 */
import { css, html, LitElement } from 'lit';
import { formatClock } from '../../../contract/duration.js';
import type { FaultRow } from '../../../contract/drill-state.js';
import { base } from '../../styles/theme.js';

const STATUS_CLASS: Record<string, string> = { pending: '', active: 'bad', mitigated: 'warn', resolved: 'ok' };

export class DhFaultList extends LitElement {
  static override properties = { faults: { type: Array } };

  declare faults: readonly FaultRow[];

  constructor() {
    super();
    this.faults = [];
  }

  protected override render() {
    return html`<h2>Faults <span class="muted small">hidden from trainees</span></h2>
      <ul>${this.faults.map((f) => html`<li data-fault=${f.id}>
        <div class="top"><span class="title">${f.title}</span><span class="badge ${STATUS_CLASS[f.status] ?? ''}">${f.status}</span></div>
        <div class="meta muted">${f.service}${f.startedAt !== undefined ? ` · began ${formatClock(f.startedAt)}` : ''}
          ${f.status === 'pending' ? '' : html` · strength <span class="level">${Math.round(f.level * 100)}%</span>`}</div>
        ${f.status === 'pending' ? '' : html`<progress class=${STATUS_CLASS[f.status] ?? ''} max="1" .value=${Math.min(1, f.level)} aria-hidden="true"></progress>`}
      </li>`)}</ul>`;
  }

  static override styles = [base, css`
    :host { display: block; }
    .small { font-size: 11.5px; font-weight: 400; text-transform: none; letter-spacing: 0; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { padding: 6px 0; border-bottom: 1px solid var(--border); }
    li:last-child { border-bottom: none; }
    .top { display: flex; justify-content: space-between; gap: 8px; align-items: baseline; }
    .title { font-weight: 600; font-size: 13px; }
    .meta { font-size: 12px; }
    progress { appearance: none; display: block; width: 100%; height: 4px; margin-top: 4px; border: none; border-radius: 2px; background: var(--panel-2); overflow: hidden; }
    progress::-webkit-progress-bar { background: var(--panel-2); }
    progress::-webkit-progress-value { background: var(--muted); }
    progress.bad::-webkit-progress-value { background: var(--bad); }
    progress.warn::-webkit-progress-value { background: var(--pending); }
    progress.ok::-webkit-progress-value { background: var(--ok); }
    progress::-moz-progress-bar { background: var(--muted); }
    progress.bad::-moz-progress-bar { background: var(--bad); }
    progress.warn::-moz-progress-bar { background: var(--pending); }
    progress.ok::-moz-progress-bar { background: var(--ok); }
  `];
}

customElements.define('dh-fault-list', DhFaultList);

declare global {
  interface HTMLElementTagNameMap { 'dh-fault-list': DhFaultList }
}
