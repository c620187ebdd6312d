/**
 * One phase of the report: points earned of possible with a bar, the target it was measured
 * against, what the team did (with sim times), and every item with its explanation. A pending
 * phase says why it is not scored yet.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { PhaseScore } from '../../lib/api-types.js';
import { base } from '../../styles/theme.js';
import { cssVars } from './css-vars.js';
import { outOf, percentOf, standing } from './format.js';
import type { DrillAccess } from './review-api.js';
import './dh-score-item.js';

export class DhPhaseCard extends LitElement {
  static override properties = {
    phase: { type: Object },
    reviewer: { type: Boolean },
    access: { type: Object },
  };

  declare phase: PhaseScore;
  declare reviewer: boolean;
  declare access: DrillAccess;

  constructor() {
    super();
    this.reviewer = false;
  }

  override render() {
    const p = this.phase;
    if (!p) return nothing;
    const st = standing(p);
    const pct = percentOf(p.earned, p.possible);
    return html`<section class="card ${st}" aria-labelledby="t">
      <header>
        <h3 id="t">${p.title}</h3>
        ${p.pending
          ? html`<span class="badge pending">pending</span><span class="pts muted">worth ${p.possible}</span>`
          : html`<span class="pts">${outOf(p.earned, p.possible)}</span>`}
      </header>
      ${p.pending ? nothing : html`<div class="bar" role="meter" aria-valuemin="0" aria-valuemax=${p.possible} aria-valuenow=${Math.max(0, p.earned)}
        aria-label="${p.title}: ${outOf(p.earned, p.possible)} points"><span style=${cssVars({ '--w': `${pct}%` })}></span></div>`}
      <dl>
        <dt>Target</dt><dd>${p.target}</dd>
        <dt>What the team did</dt><dd>${p.did || html`<span class="muted">Nothing recorded for this phase.</span>`}</dd>
      </dl>
      <div class="items">
        ${p.items.map((i) => html`<dh-score-item .item=${i} .phase=${p} ?reviewer=${this.reviewer} .access=${this.access}></dh-score-item>`)}
      </div>
    </section>`;
  }

  static override styles = [base, css`
    :host { display: block; scroll-margin-top: 64px; }
    .card { background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); padding: 12px 14px; }
    header { display: flex; align-items: baseline; gap: 10px; }
    h3 { flex: 1; margin: 0; color: var(--text); text-transform: none; letter-spacing: 0; font-size: 16px; }
    .pts { font-weight: 700; font-size: 15px; font-variant-numeric: tabular-nums; }
    .ok .pts { color: var(--ok); } .warn .pts { color: var(--pending); } .bad .pts { color: #ff938a; }
    .bar { height: 6px; background: var(--panel-2); border-radius: 3px; margin: 8px 0 4px; overflow: hidden; }
    .bar span { display: block; height: 100%; width: var(--w, 0%); background: var(--muted); }
    .ok .bar span { background: var(--ok); } .warn .bar span { background: var(--pending); } .bad .bar span { background: var(--bad); }
    dl { display: grid; grid-template-columns: 130px 1fr; gap: 2px 12px; margin: 8px 0; font-size: 13px; }
    dt { color: var(--muted); }
    dd { margin: 0; }
    .items { display: grid; gap: 6px; }
  `];
}

customElements.define('dh-phase-card', DhPhaseCard);

declare global {
  interface HTMLElementTagNameMap { 'dh-phase-card': DhPhaseCard }
}
