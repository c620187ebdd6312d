/**
 * Phase scores across a team's drills: one line per phase, x the drill's number (oldest first),
 * y the share of the phase's points won. Chart.js through the shared ChartController, with
 * the sim-time axis swapped for drill numbers.
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import { ChartController } from '../../lib/chart-controller.js';
import { base } from '../../styles/theme.js';
import { drillTicks, phaseSeries } from './history.js';
import type { HistoryDrill } from './review-api.js';

export class DhHistoryChart extends LitElement {
  static override properties = { drills: { type: Array } };

  declare drills: readonly HistoryDrill[];

  #chart = new ChartController(this, {
    unit: '%', pointRadius: 3,
    x: {
      ticks: drillTicks,
      label: (v) => `#${v}`,
      title: (v) => { const d = this.drills[Math.round(v) - 1]; return d ? `#${Math.round(v)} ${d.title}` : `#${v}`; },
    },
  });

  constructor() {
    super();
    this.drills = [];
  }

  protected override firstUpdated(): void {
    this.#chart.attach(this.renderRoot.querySelector('canvas')!);
    this.#draw();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('drills') && this.hasUpdated) this.#draw();
  }

  #draw(): void {
    const n = this.drills.length;
    // Room on both sides of the first and last drill, so their points are not cut by the frame.
    this.#chart.show(phaseSeries(this.drills), [], { min: n <= 1 ? 0.5 : 0.8, max: n <= 1 ? 1.5 : n + 0.2 });
  }

  override render() {
    const series = phaseSeries(this.drills);
    return html`<figure>
      <figcaption>Share of each phase's points, by drill (oldest on the left)</figcaption>
      <div class="plot" role="img" aria-label="Phase scores across ${this.drills.length} drills; the table below has the numbers">
        <canvas></canvas>
        ${series.length === 0 ? html`<div class="overlay">No scored drills yet: a drill appears here once it has ended.</div>` : ''}
      </div>
    </figure>`;
  }

  static override styles = [base, css`
    :host { display: block; }
    figure { margin: 0; }
    figcaption { color: var(--muted); font-size: 12.5px; margin-bottom: 6px; }
    .plot { position: relative; height: 280px; }
    .overlay { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; color: var(--muted); }
  `];
}

customElements.define('dh-history-chart', DhHistoryChart);

declare global {
  interface HTMLElementTagNameMap { 'dh-history-chart': DhHistoryChart }
}
