/**
 * One chart of the report: a metric over the whole drill with markers for what the team did,
 * what the key expected, changes and the first alert. Draws what it is given; the charts panel
 * runs the queries.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { ChartController, type Marker, type SeriesData } from '../../lib/chart-controller.js';
import { base } from '../../styles/theme.js';

export class DhReportChart extends LitElement {
  static override properties = {
    heading: { type: String },
    query: { type: String },
    unit: { type: String },
    series: { type: Array },
    markers: { type: Array },
    axis: { type: Object },
    state: { type: String },
    error: { type: String },
  };

  declare heading: string;
  declare query: string;
  declare unit: '' | 's' | '%' | '/s';
  declare series: readonly SeriesData[];
  declare markers: readonly Marker[];
  declare axis: { min: number; max: number } | undefined;
  declare state: 'loading' | 'ok' | 'error';
  declare error: string;

  #opts = { unit: '' };
  #chart = new ChartController(this, this.#opts);

  constructor() {
    super();
    this.heading = '';
    this.query = '';
    this.unit = '';
    this.series = [];
    this.markers = [];
    this.axis = undefined;
    this.state = 'loading';
    this.error = '';
  }

  protected override firstUpdated(): void {
    this.#chart.attach(this.renderRoot.querySelector('canvas')!);
    this.#draw();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.hasUpdated && (changed.has('series') || changed.has('markers') || changed.has('axis'))) this.#draw();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) { this.#chart.attach(this.renderRoot.querySelector('canvas')!); this.#draw(); }
  }

  #draw(): void {
    this.#opts.unit = this.unit;
    this.#chart.show(this.series, this.markers, this.axis);
  }

  override render() {
    const empty = this.state === 'ok' && this.series.every((s) => s.points.length === 0);
    return html`<figure>
      <figcaption>${this.heading}</figcaption>
      <div class="plot" role="img" aria-label="${this.heading} over the drill, with ${this.markers.length} markers; the list below the charts has them in words">
        <canvas></canvas>
        ${this.state === 'loading' ? html`<div class="overlay">Loading…</div>` : nothing}
        ${this.state === 'error' ? html`<div class="overlay err" role="alert">${this.error}</div>` : nothing}
        ${empty ? html`<div class="overlay">No data for this metric in the drill.</div>` : nothing}
      </div>
      <code title=${this.query}>${this.query}</code>
    </figure>`;
  }

  static override styles = [base, css`
    :host { display: block; min-width: 0; }
    figure { margin: 0; background: var(--panel-2); border: 1px solid var(--border); border-radius: var(--radius); padding: 8px 10px; }
    figcaption { font-weight: 600; margin-bottom: 4px; }
    .plot { position: relative; height: 190px; }
    .overlay { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; color: var(--muted); font-size: 13px; text-align: center; padding: 8px; }
    .overlay.err { color: #ffb4ae; }
    code { display: block; margin-top: 4px; font-family: var(--mono); font-size: 11px; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  `];
}

customElements.define('dh-report-chart', DhReportChart);

declare global {
  interface HTMLElementTagNameMap { 'dh-report-chart': DhReportChart }
}
