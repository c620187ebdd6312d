/**
 * Dashboards: the golden signals of every service at a glance (request rate, error ratio, p99
 * latency), and all the charts of one service (its other metrics too), built from the public
 * scenario's metric names (signals.ts) and read with range queries over the drill's past.
 * Deploys, config changes and the team's actions are drawn as markers. Refreshes as sim time
 * advances, at most every few seconds of wall time, and only while the panel is on screen.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { PublicScenario } from '../../lib/api-types.js';
import { ApiError } from '../../lib/api.js';
import type { Marker, SeriesData } from '../../lib/chart-controller.js';
import type { DrillModel } from '../../lib/drill-model.js';
import { consumeRoom } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';
import './dh-chart-card.js';
import type { ChartState } from './dh-chart-card.js';
import { matrixSeries, pairedSeries, queryRange, type DrillAccess } from './room-api.js';
import { markersFor } from './markers.js';
import { ruleCharts, withThresholds } from './rule-charts.js';
import { axisFor, chartsFor, rangeFor, servicesWithMetrics, TIME_RANGES, unlabelledCharts, type ChartSpec, type TimeRange } from './signals.js';

/** Wall-clock time between refreshes while sim time moves. */
export const REFRESH_MS = 5000;
/**
 * At least this much wall time per query between refreshes: the server allows each seat a few
 * hundred reads a minute (DRILLHALL_RATE_QUERIES), and a big scenario's overview must stay well
 * under that with the other panels' reads on top.
 */
const MS_PER_QUERY = 250;
const OVERVIEW = '__overview';
const OTHER = '__other';
const CONCURRENCY = 4;
const NONE: readonly never[] = [];

interface ChartData { readonly state: ChartState; readonly series: readonly SeriesData[]; readonly error?: string }

export class DhDashboards extends LitElement {
  static override properties = {
    access: { type: Object },
    scenario: { type: Object },
    model: { type: Object },
    t: { type: Number },
    active: { type: Boolean },
    reveal: { type: Object },
    lock: { type: String },
    _view: { state: true },
    _range: { state: true },
    _data: { state: true },
    _axis: { state: true },
  };

  declare access: DrillAccess;
  declare scenario: PublicScenario;
  declare model: DrillModel;
  declare t: number;
  declare active: boolean;
  declare reveal: { focus?: string; n: number } | undefined;
  declare lock: string;
  declare _view: string;
  declare _range: TimeRange;
  declare _data: ReadonlyMap<string, ChartData>;
  /** the x axis of the data on show: it moves when the data does, not with every clock tick */
  declare _axis: { min: number; max: number } | undefined;

  #timer?: ReturnType<typeof setInterval>;
  #lastKey = '';
  #lastAt = 0;
  #generation = 0;
  /** markers per service, rebuilt only when the changes or actions change (charts redraw on a new array) */
  #markerCache?: { changes: unknown; actions: unknown; scenario: unknown; byService: Map<string, Marker[]> };

  constructor() {
    super();
    consumeRoom<DhDashboards>(this, (d) => ({ access: d.access, scenario: d.scenario, model: d.model, t: d.t, lock: d.lock }));
    this.access = { drillId: '', token: '' };
    this.t = 0;
    this.active = false;
    this.reveal = undefined;
    this.lock = '';
    this._view = OVERVIEW;
    this._range = '30m';
    this._data = new Map();
    this._axis = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => this.#maybeRefresh(), 1000);
    document.addEventListener('visibilitychange', this._onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
    document.removeEventListener('visibilitychange', this._onVisibility);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('reveal') && this.reveal?.focus) this._view = this.reveal.focus;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('active') || changed.has('_view') || changed.has('_range')) this.#maybeRefresh();
  }

  private _onVisibility = () => this.#maybeRefresh();

  #scrape(): number { return this.scenario?.settings.scrape_interval ?? 15; }

  /** the last specs, kept while the scenario and view are the same: charts see the same thresholds and do not redraw */
  #specCache?: { scenario: unknown; view: string; specs: { group: string; charts: ChartSpec[] }[] };

  #specs(): { group: string; charts: ChartSpec[] }[] {
    const c = this.#specCache;
    if (c && c.scenario === this.scenario && c.view === this._view) return c.specs;
    const specs = this.#buildSpecs();
    this.#specCache = { scenario: this.scenario, view: this._view, specs };
    return specs;
  }

  #buildSpecs(): { group: string; charts: ChartSpec[] }[] {
    const s = this.scenario;
    if (!s) return [];
    const scrape = this.#scrape();
    const lined = (charts: readonly ChartSpec[]) => withThresholds(charts, s.alerts);
    if (this._view === OVERVIEW) {
      return servicesWithMetrics(s).map((svc) => ({ group: svc, charts: lined(chartsFor(s, svc, scrape).filter((c) => c.signal !== 'metric').slice(0, 3)) }))
        .filter((g) => g.charts.length > 0);
    }
    if (this._view === OTHER) return [{ group: 'Other metrics', charts: lined(unlabelledCharts(s, scrape)) }];
    // The golden signals, then what each alert rule about the service watches, then the rest.
    const charts = chartsFor(s, this._view, scrape);
    const golden = charts.filter((c) => c.signal !== 'metric');
    return [{ group: this._view, charts: lined([...golden, ...ruleCharts(s, this._view, charts), ...charts.slice(golden.length)]) }];
  }

  /** Fetch when shown and either the choice changed or sim time moved and the last fetch is old enough. */
  #maybeRefresh(): void {
    if (!this.active || document.visibilityState === 'hidden' || !this.scenario || !this.access.token) return;
    const choice = `${this._view}|${this._range}`;
    const key = `${choice}|${Math.floor(this.t)}`;
    if (key === this.#lastKey) return;
    const changedChoice = !this.#lastKey.startsWith(`${choice}|`);
    const gap = Math.max(REFRESH_MS, this.#specs().reduce((n, g) => n + g.charts.length, 0) * MS_PER_QUERY);
    if (!changedChoice && Date.now() - this.#lastAt < gap) return;
    this.#lastKey = key;
    this.#lastAt = Date.now();
    void this.#refresh(changedChoice);
  }

  async #refresh(fresh: boolean): Promise<void> {
    const gen = ++this.#generation;
    const specs = this.#specs().flatMap((g) => g.charts);
    const t = this.t;
    if (fresh) {
      this._data = new Map(specs.map((c) => [c.id, { state: 'loading' as const, series: this._data.get(c.id)?.series ?? [] }]));
      this._axis = axisFor(t, this._range);
    }
    const queue = [...specs];
    const results = new Map(this._data);
    const worker = async () => {
      for (let spec = queue.shift(); spec; spec = queue.shift()) {
        try {
          const r = await queryRange(this.access, spec.query, rangeFor(t, this._range, this.#scrape(), spec.from));
          results.set(spec.id, { state: 'ok', series: spec.names ? pairedSeries(r.data, spec.names) : matrixSeries(r.data, spec.title) });
        } catch (err) {
          results.set(spec.id, { state: 'error', series: [], error: err instanceof ApiError ? err.message : String(err) });
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (gen === this.#generation) { this._data = results; this._axis = axisFor(t, this._range); }
  }

  #markers(service: string | undefined): Marker[] {
    const c = this.#markerCache;
    if (!c || c.changes !== this.model.changes || c.actions !== this.model.actions || c.scenario !== this.scenario) {
      this.#markerCache = { changes: this.model.changes, actions: this.model.actions, scenario: this.scenario, byService: new Map() };
    }
    const key = service ?? '';
    const cached = this.#markerCache!.byService.get(key);
    if (cached) return cached;
    const built = markersFor(this.scenario, this.model, service);
    this.#markerCache!.byService.set(key, built);
    return built;
  }

  override render() {
    const s = this.scenario;
    if (!s) return nothing;
    const services = servicesWithMetrics(s);
    const hasOther = unlabelledCharts(s, this.#scrape()).length > 0;
    const axis = this._axis ?? axisFor(this.t, this._range);
    const groups = this.#specs();
    return html`
      <div class="toolbar">
        <div class="views" role="radiogroup" aria-label="What to chart">
          ${this.#viewButton(OVERVIEW, 'All services')}
          ${services.map((svc) => this.#viewButton(svc, svc))}
          ${hasOther ? this.#viewButton(OTHER, 'Other metrics') : nothing}
        </div>
        <label class="range">Range
          <select .value=${this._range} @change=${(e: Event) => { this._range = (e.target as HTMLSelectElement).value as TimeRange; }}>
            ${TIME_RANGES.map((r) => html`<option value=${r.id} ?selected=${r.id === this._range}>${r.label}</option>`)}
          </select>
        </label>
      </div>
      ${this.t <= 0 ? html`<p class="muted">The drill has not produced any samples yet; charts fill in once the clock runs.</p>` : nothing}
      ${repeat(groups, (g) => g.group, (g) => html`
        <section class="group ${this._view === OVERVIEW ? 'overview' : ''}">
          ${this._view === OVERVIEW
            ? html`<h3><button class="link" @click=${() => { this._view = g.group; }} title="All charts of ${g.group}">${g.group}</button>
                <span class="team">${s.teams[s.services[g.group]?.team ?? '']?.name ?? ''}</span></h3>`
            : html`<h3>${g.group === OTHER ? 'Metrics without a service label' : g.group} <span class="team">${s.services[g.group]?.description ?? ''}</span></h3>`}
          <div class="grid">
            ${repeat(g.charts, (c) => c.id, (c) => {
              const d = this._data.get(c.id);
              return html`<dh-chart-card .heading=${c.title} .subheading=${this._view === OVERVIEW || c.signal === 'metric' ? '' : c.signal === 'alert' ? 'alert rule' : c.metric}
                .query=${c.query} .unit=${c.unit} .help=${c.help ?? ''} .series=${d?.series ?? []} .markers=${this.#markers(c.service)} .thresholds=${c.thresholds ?? NONE}
                .axis=${axis} .state=${d?.state ?? 'loading'} .error=${d?.error ?? ''} .lock=${this.lock}></dh-chart-card>`;
            })}
          </div>
        </section>`)}
      ${groups.length === 0 ? html`<p class="muted">This scenario declares no metrics for this view.</p>` : nothing}
    `;
  }

  #viewButton(id: string, label: string) {
    const on = this._view === id;
    return html`<button role="radio" aria-checked=${on ? 'true' : 'false'} class=${on ? 'on' : ''} @click=${() => { this._view = id; }}>${label}</button>`;
  }

  static override styles = [base, css`
    :host { display: block; }
    .toolbar { display: flex; gap: 12px; align-items: flex-end; justify-content: space-between; margin-bottom: 10px; }
    .views { display: flex; flex-wrap: wrap; gap: 4px; }
    .views button { padding: 3px 10px; font-size: 13px; border-radius: 999px; }
    .views button.on { background: var(--accent); color: var(--accent-text); border-color: var(--accent); font-weight: 600; }
    .range { display: flex; flex-direction: column; margin: 0; }
    .group { margin-bottom: 14px; }
    .group h3 { display: flex; align-items: baseline; gap: 8px; text-transform: none; letter-spacing: 0; font-size: 14px; color: var(--text); }
    .team { color: var(--muted); font-weight: 400; font-size: 12px; }
    .grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 10px; }
    .overview .grid { grid-template-columns: repeat(3, minmax(0, 1fr)); }
    button.link { background: none; border: 0; padding: 0; color: var(--accent); font-weight: 600; font-size: 14px; }
    button.link:hover { text-decoration: underline; }
  `];
}

customElements.define('dh-dashboards', DhDashboards);

declare global {
  interface HTMLElementTagNameMap { 'dh-dashboards': DhDashboards }
}
