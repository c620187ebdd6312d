/**
 * Each participant's progress by phase: a row per person, a column per phase, and in each cell
 * small bars for the drills they were in (oldest first) with the latest share and the change
 * since their first. Small multiples read faster than nine lines per person.
 */
import { css, html, LitElement, nothing } from 'lit';
import { base } from '../../styles/theme.js';
import { cssVars } from './css-vars.js';
import { participantRows, PHASE_SHORT, PHASE_TITLES, PHASES, trend, type ParticipantRow, type PhaseId } from './history.js';
import type { HistoryReply } from './review-api.js';


export class DhParticipantProgress extends LitElement {
  static override properties = { history: { type: Object } };

  declare history: Pick<HistoryReply, 'drills' | 'participants'>;

  constructor() {
    super();
    this.history = { drills: [], participants: [] };
  }

  override render() {
    const rows = participantRows(this.history);
    if (rows.length === 0) return html`<p class="muted">Nobody has taken part in this team's drills yet.</p>`;
    return html`<table>
      <caption class="sr-only">Share of each phase's points per participant, per drill they took part in</caption>
      <thead><tr><th scope="col">Participant</th>${PHASES.map((p) => html`<th scope="col" title=${PHASE_TITLES[p]}>${PHASE_SHORT[p]}</th>`)}</tr></thead>
      <tbody>${rows.map((r) => this._row(r))}</tbody>
    </table>
    <p class="legend muted">Each bar is one drill the person took part in, oldest on the left; the number is the latest drill's share of the phase's points, the arrow the change since their first.</p>`;
  }

  private _row(r: ParticipantRow) {
    return html`<tr>
      <th scope="row">${r.name}<div class="sub">${r.drills} drill${r.drills === 1 ? '' : 's'}</div></th>
      ${PHASES.map((p) => this._cell(r, p))}
    </tr>`;
  }

  private _cell(r: ParticipantRow, phase: PhaseId) {
    const xs = r.phases[phase];
    const scored = xs.filter((x) => x.pct !== undefined);
    const last = scored.at(-1)?.pct;
    const delta = trend(xs);
    const words = xs.map((x) => `drill ${x.drill}: ${x.pct === undefined ? 'not scored' : `${x.pct}%`}`).join(', ');
    return html`<td aria-label="${PHASE_TITLES[phase]}: ${words || 'no drills'}">
      <div class="bars" aria-hidden="true">${xs.map((x) => html`<span class="bar ${x.pct === undefined ? 'none' : ''}" style=${cssVars({ '--h': `${x.pct ?? 100}%` })} title="drill #${x.drill}: ${x.pct === undefined ? 'not scored' : `${x.pct}%`}"></span>`)}</div>
      <div class="num" aria-hidden="true">${last === undefined ? html`<span class="muted">–</span>` : `${Math.round(last)}%`}
        ${delta !== undefined && Math.abs(delta) >= 1 ? html`<span class=${delta > 0 ? 'up' : 'down'}>${delta > 0 ? '▲' : '▼'}${Math.abs(Math.round(delta))}</span>` : nothing}</div>
    </td>`;
  }

  static override styles = [base, css`
    :host { display: block; overflow-x: auto; }
    table { table-layout: fixed; }
    thead th:first-child, tbody th { width: 150px; }
    tbody th { font-weight: 600; color: var(--text); font-size: 13px; }
    .sub { color: var(--muted); font-size: 11.5px; font-weight: 400; }
    td { padding: 6px 6px; }
    .bars { display: flex; align-items: flex-end; gap: 2px; height: 28px; }
    .bar { flex: 0 1 10px; min-width: 3px; height: var(--h); background: var(--accent); border-radius: 2px 2px 0 0; opacity: .85; }
    .bar.none { background: repeating-linear-gradient(45deg, #30363d 0 3px, transparent 3px 6px); height: 100%; opacity: 1; }
    .num { font-size: 12.5px; margin-top: 2px; white-space: nowrap; }
    .up { color: var(--ok); font-size: 11px; margin-left: 4px; }
    .down { color: var(--bad); font-size: 11px; margin-left: 4px; }
    .legend { font-size: 12px; margin: 6px 0 0; }
  `];
}

customElements.define('dh-participant-progress', DhParticipantProgress);

declare global {
  interface HTMLElementTagNameMap { 'dh-participant-progress': DhParticipantProgress }
}
