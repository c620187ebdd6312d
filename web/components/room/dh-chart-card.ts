/**
 * One chart of the room: a title, the query behind it, the Chart.js plot with change and action
 * markers in a lane above it, alert thresholds across it, and the buttons to pin it as evidence
 * or open it in Explore. The data arrives as a property; the card only draws it.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { ChartController, type Marker, type SeriesData, type Threshold } from '../../lib/chart-controller.js';
import { base } from '../../styles/theme.js';
import { simTime } from './format.js';
import { CommandController, navigate } from './room-events.js';

export type ChartState = 'loading' | 'ok' | 'error';

export class DhChartCard extends LitElement {
  static override properties = {
    heading: { type: String },
    subheading: { type: String },
    query: { type: String },
    unit: { type: String },
    help: { type: String },
    series: { type: Array },
    markers: { type: Array },
    thresholds: { type: Array },
    axis: { type: Object },
    state: { type: String },
    error: { type: String },
    lock: { type: String },
    bare: { type: Boolean },
    _pinned: { state: true },
  };

  declare heading: string;
  declare subheading: string;
  declare query: string;
  declare unit: string;
  declare help: string;
  declare series: readonly SeriesData[];
  declare markers: readonly Marker[];
  declare thresholds: readonly Threshold[];
  declare axis: { min: number; max: number } | undefined;
  declare state: ChartState;
  declare error: string;
  declare lock: string;
  /** no Explore and Pin buttons: the chart is already the subject of the page around it */
  declare bare: boolean;
  declare _pinned: boolean;

  /** shared with the controller, which reads the unit when it first draws */
  #chartOptions = { unit: '' };
  #chart = new ChartController(this, this.#chartOptions);
  #cmd = new CommandController(this);

  constructor() {
    super();
    this.heading = '';
    this.subheading = '';
    this.query = '';
    this.unit = '';
    this.help = '';
    this.series = [];
    this.markers = [];
    this.thresholds = [];
    this.axis = undefined;
    this.state = 'loading';
    this.error = '';
    this.lock = '';
    this.bare = false;
    this._pinned = false;
  }

  protected override firstUpdated(): void {
    this.#chart.attach(this.renderRoot.querySelector('canvas')!);
    this.#draw();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('series') || changed.has('markers') || changed.has('axis') || changed.has('thresholds')) this.#draw();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The controller destroys the chart when the card leaves the page; draw again on return.
    if (this.hasUpdated) { this.#chart.attach(this.renderRoot.querySelector('canvas')!); this.#draw(); }
  }

  #draw(): void {
    this.#chartOptions.unit = this.unit === '%' ? '%' : this.unit === 's' ? 's' : this.unit === '/s' ? '/s' : '';
    this.#chart.show(this.series, this.markers, this.axis, this.thresholds);
  }

  override render() {
    const empty = this.state === 'ok' && this.series.every((s) => s.points.length === 0);
    const pinKey = 'pin';
    return html`
      <figure>
        <figcaption>
          <div class="titles">
            <span class="heading" title=${this.help || this.heading}>${this.heading}</span>
            ${this.subheading ? html`<span class="sub">${this.subheading}</span>` : nothing}
          </div>
          ${this.bare ? nothing : html`
            <button class="small" title="Open this query in Explore" @click=${() => navigate(this, 'explore', this.query)}>Explore</button>
            <button class="small" ?disabled=${!!this.lock || this.#cmd.busy(pinKey)} title=${this.lock || 'Pin this chart to the incident timeline as evidence'}
              aria-label="Pin ${this.heading} as evidence" @click=${this._onPin}>${this._pinned ? 'Pinned ✓' : 'Pin'}</button>`}
        </figcaption>
        <div class="plot" role="img" aria-label=${[`${this.heading} chart${this.series.length ? `, ${this.series.length} series` : ''}`,
          ...this.thresholds.map((t) => `threshold ${t.label}`),
          ...this.markers.filter((m) => !this.axis || (m.t >= this.axis.min && m.t <= this.axis.max)).map((m) => `${simTime(m.t)} ${m.detail ?? m.label}`)].join('; ')}>
          <canvas></canvas>
          ${this.state === 'loading' && this.series.length === 0 ? html`<div class="overlay">Loading…</div>` : nothing}
          ${this.state === 'error' ? html`<div class="overlay err" role="alert">${this.error}</div>` : nothing}
          ${empty ? html`<div class="overlay">No data in this range yet.</div>` : nothing}
        </div>
        <code class="query" title=${this.query}>${this.query}</code>
        ${this.#cmd.error(pinKey) ? html`<p class="error" role="alert">${this.#cmd.error(pinKey)}</p>` : nothing}
      </figure>
    `;
  }

  private async _onPin(): Promise<void> {
    if (await this.#cmd.send('pin', { type: 'pin_evidence', kind: 'chart', ref: this.query })) {
      this._pinned = true;
      setTimeout(() => { this._pinned = false; }, 4000);
    }
  }

  static override styles = [base, css`
    :host { display: block; min-width: 0; }
    figure { margin: 0; background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); padding: 8px 10px; }
    figcaption { display: flex; align-items: center; gap: 6px; margin-bottom: 4px; }
    .titles { flex: 1; min-width: 0; display: flex; align-items: baseline; gap: 8px; }
    .heading { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .sub { color: var(--muted); font-size: 12px; white-space: nowrap; }
    button.small { padding: 2px 8px; font-size: 12px; }
    .plot { position: relative; height: 170px; }
    :host([tall]) .plot { height: 340px; }
    .overlay { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; color: var(--muted); font-size: 13px; text-align: center; padding: 8px; }
    .overlay.err { color: #ffb4ae; }
    .query { display: block; margin-top: 4px; font-family: var(--mono); font-size: 11px; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .error { margin: 6px 0 0; font-size: 12px; }
  `];
}

customElements.define('dh-chart-card', DhChartCard);

declare global {
  interface HTMLElementTagNameMap { 'dh-chart-card': DhChartCard }
}
