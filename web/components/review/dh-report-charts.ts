/**
 * The drill replayed on charts: request rate, error ratio and latency of a service over the
 * whole drill (picked from the scenario's metrics, the service of the first alert first), with
 * the team's actions, the key's expected windows, changes and the first alert as markers.
 * Marker kinds can be hidden, and every marker is also listed in words.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { PublicScenario } from '../../lib/api-types.js';
import type { AlertRow } from '../../../contract/drill-state.js';
import type { Marker, SeriesData } from '../../lib/chart-controller.js';
import { errorText } from '../../lib/errors.js';
import { base } from '../../styles/theme.js';
import { matrixSeries, queryRange } from '../room/room-api.js';
import { chartsFor, rangeFor, servicesWithMetrics, type ChartSpec } from '../room/signals.js';
import { simClock } from './format.js';
import { mainService } from './report-view.js';
import type { DrillAccess } from './review-api.js';
import './dh-report-chart.js';

type Kind = Marker['kind'];
const KINDS: readonly { kind: Kind; label: string }[] = [
  { kind: 'action', label: 'Team actions' }, { kind: 'expected', label: 'Expected (answer key)' },
  { kind: 'change', label: 'Changes' }, { kind: 'alert', label: 'First alert' },
];

interface ChartData { readonly state: 'loading' | 'ok' | 'error'; readonly series: readonly SeriesData[]; readonly error: string }

/** The most charts shown at once: the golden signals, or the service's first metrics. */
const MAX_CHARTS = 3;

export class DhReportCharts extends LitElement {
  static override properties = {
    access: { type: Object },
    scenario: { type: Object },
    alerts: { type: Array },
    end: { type: Number },
    markers: { type: Array },
    _service: { state: true },
    _hidden: { state: true },
    _data: { state: true },
  };

  declare access: DrillAccess;
  declare scenario: Pick<PublicScenario, 'metrics' | 'services' | 'settings'>;
  declare alerts: readonly Pick<AlertRow, 'labels' | 'firedAt'>[];
  /** the drill's end (or current) sim time */
  declare end: number;
  declare markers: readonly Marker[];
  declare _service: string;
  declare _hidden: ReadonlySet<Kind>;
  declare _data: Readonly<Record<string, ChartData>>;
  #loadKey = '';

  constructor() {
    super();
    this.alerts = [];
    this.end = 0;
    this.markers = [];
    this._service = '';
    this._hidden = new Set();
    this._data = {};
  }

  private get _services(): string[] {
    return this.scenario ? servicesWithMetrics(this.scenario) : [];
  }

  private get _charts(): ChartSpec[] {
    if (!this.scenario || !this._service) return [];
    return chartsFor(this.scenario, this._service, this.scenario.settings.scrape_interval).slice(0, MAX_CHARTS);
  }

  protected override willUpdate(): void {
    if (!this._service && this.scenario) this._service = mainService(this.alerts, this._services) ?? '';
    const key = `${this.access?.drillId}|${this._service}|${this.end}`;
    if (this.access && this.scenario && this._service && key !== this.#loadKey) {
      this.#loadKey = key;
      void this._load(key);
    }
  }

  private async _load(key: string): Promise<void> {
    const charts = this._charts;
    const interval = this.scenario.settings.scrape_interval;
    this._data = Object.fromEntries(charts.map((c) => [c.id, { state: 'loading', series: this._data[c.id]?.series ?? [], error: '' } as ChartData]));
    await Promise.all(charts.map(async (c) => {
      const range = rangeFor(this.end, 'all', interval, c.from);
      let d: ChartData;
      try {
        const r = await queryRange(this.access, c.query, range);
        d = { state: 'ok', series: matrixSeries(r.data, c.title), error: '' };
      } catch (err) {
        d = { state: 'error', series: [], error: errorText(err) };
      }
      if (key === this.#loadKey) this._data = { ...this._data, [c.id]: d };
    }));
  }

  override render() {
    const services = this._services;
    if (!this.scenario || services.length === 0) return html`<p class="muted">This scenario has no metrics to chart.</p>`;
    const shown = this.markers.filter((m) => !this._hidden.has(m.kind));
    // Deadlines the team beat lie after the drill's end: widen the axis to show them (up to twice the drill).
    const due = this.markers.filter((m) => m.kind === 'expected' && !this._hidden.has('expected')).map((m) => m.t);
    const axis = { min: 0, max: Math.max(60, this.end, Math.min(2 * this.end, Math.max(0, ...due))) };
    return html`
      <div class="row controls">
        <label class="inline" for="svc">Service</label>
        <select id="svc" .value=${this._service} @change=${(e: Event) => { this._service = (e.target as HTMLSelectElement).value; }}>
          ${services.map((s) => html`<option value=${s} ?selected=${s === this._service}>${s}</option>`)}
        </select>
        <fieldset class="kinds"><legend class="sr-only">Markers to show</legend>
          ${KINDS.map((k) => html`<label class="kind ${k.kind}"><input type="checkbox" .checked=${!this._hidden.has(k.kind)}
            @change=${(e: Event) => this._onKind(k.kind, (e.target as HTMLInputElement).checked)} /><span class="swatch" aria-hidden="true"></span>${k.label}
            <span class="n">${this.markers.filter((m) => m.kind === k.kind).length}</span></label>`)}
        </fieldset>
      </div>
      <div class="charts">
        ${this._charts.map((c) => {
          const d = this._data[c.id];
          return html`<dh-report-chart .heading=${c.title} .query=${c.query} .unit=${c.unit} .series=${d?.series ?? []} .markers=${shown}
            .axis=${axis} .state=${d?.state ?? 'loading'} .error=${d?.error ?? ''}></dh-report-chart>`;
        })}
      </div>
      ${shown.length ? html`<details class="list">
        <summary>Markers in words (${shown.length})</summary>
        <ol>${shown.map((m) => html`<li><span class="t mono">${simClock(m.t)}</span><span class="k ${m.kind}">${KINDS.find((k) => k.kind === m.kind)?.label ?? m.kind}</span>${m.label}</li>`)}</ol>
      </details>` : nothing}`;
  }

  private _onKind(kind: Kind, on: boolean): void {
    const next = new Set(this._hidden);
    if (on) next.delete(kind); else next.add(kind);
    this._hidden = next;
  }

  static override styles = [base, css`
    :host { display: block; }
    .controls { margin-bottom: 8px; gap: 12px; }
    label.inline { display: inline; margin: 0; font-size: 13px; color: var(--muted); }
    .kinds { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 14px; }
    .kind { display: inline-flex; align-items: center; gap: 5px; margin: 0; color: var(--text); font-size: 12.5px; cursor: pointer; }
    .swatch { width: 14px; height: 0; border-top: 2px dashed currentColor; }
    .kind.action .swatch, .k.action { color: #7ee787; }
    .kind.expected .swatch, .k.expected { color: #f2cc60; }
    .kind.change .swatch, .k.change { color: #d2a8ff; }
    .kind.alert .swatch, .k.alert { color: #ff7b72; }
    .n { color: var(--muted); font-size: 11.5px; }
    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 10px; }
    .list { margin-top: 8px; font-size: 13px; }
    .list summary { cursor: pointer; color: var(--accent); }
    .list ol { list-style: none; margin: 6px 0 0; padding: 0; display: grid; gap: 2px; max-height: 260px; overflow: auto; }
    .list li { display: grid; grid-template-columns: 90px 150px 1fr; gap: 8px; }
    .k { font-size: 12px; }
  `];
}

customElements.define('dh-report-charts', DhReportCharts);

declare global {
  interface HTMLElementTagNameMap { 'dh-report-charts': DhReportCharts }
}
