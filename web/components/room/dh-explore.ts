/**
 * Explore: ad-hoc PromQL over the drill's metrics, as in Prometheus's own expression browser.
 * Graph runs a range query and plots the matrix; Table runs an instant query and lists the
 * vector (or scalar). The server's error (which carries the PromQL error and its position) is
 * shown under the box. A result can be pinned to the timeline as evidence.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { PublicScenario } from '../../lib/api-types.js';
import { ApiError } from '../../lib/api.js';
import { consumeRoom } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';
import './dh-chart-card.js';
import './dh-promql-input.js';
import { formatValue, simTime } from './format.js';
import { matrixSeries, queryInstant, queryRange, type QueryResult, type DrillAccess } from './room-api.js';
import { CommandController } from './room-events.js';
import { axisFor, exposedMetricNames, rangeFor, TIME_RANGES, type TimeRange } from './signals.js';

type Mode = 'graph' | 'table';

interface Ran { readonly expr: string; readonly mode: Mode; readonly result: QueryResult; readonly range: TimeRange }

const HISTORY = 8;

export class DhExplore extends LitElement {
  static override properties = {
    access: { type: Object },
    scenario: { type: Object },
    t: { type: Number },
    active: { type: Boolean },
    reveal: { type: Object },
    lock: { type: String },
    _expr: { state: true },
    _mode: { state: true },
    _range: { state: true },
    _ran: { state: true },
    _error: { state: true },
    _running: { state: true },
    _history: { state: true },
  };

  declare access: DrillAccess;
  declare scenario: PublicScenario;
  declare t: number;
  declare active: boolean;
  declare reveal: { focus?: string; n: number } | undefined;
  declare lock: string;
  declare _expr: string;
  declare _mode: Mode;
  declare _range: TimeRange;
  declare _ran: Ran | undefined;
  declare _error: string;
  declare _running: boolean;
  declare _history: readonly string[];
  #cmd = new CommandController(this);
  #names: string[] = [];
  #namesOf?: PublicScenario;

  constructor() {
    super();
    consumeRoom<DhExplore>(this, (d) => ({ access: d.access, scenario: d.scenario, t: d.t, lock: d.lock }));
    this.access = { drillId: '', token: '' };
    this.t = 0;
    this.active = false;
    this.reveal = undefined;
    this.lock = '';
    this._expr = '';
    this._mode = 'graph';
    this._range = '30m';
    this._ran = undefined;
    this._error = '';
    this._running = false;
    this._history = [];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.scenario && this.scenario !== this.#namesOf) { this.#namesOf = this.scenario; this.#names = exposedMetricNames(this.scenario.metrics); }
    if (changed.has('reveal') && this.reveal?.focus) {
      this._expr = this.reveal.focus;
      this._mode = 'graph';
      void this._run();
    }
  }

  /** Focus the query box (the room's `e` and `/` keys). */
  override focus(): void {
    this.renderRoot.querySelector('dh-promql-input')?.focus();
  }

  private async _run(): Promise<void> {
    const expr = this._expr.trim();
    if (!expr) { this._error = 'Type a PromQL expression first, for example a metric name.'; return; }
    this._running = true;
    this._error = '';
    const mode = this._mode;
    const range = this._range;
    try {
      const result = mode === 'graph'
        ? await queryRange(this.access, expr, rangeFor(this.t, range, this.scenario.settings.scrape_interval))
        : await queryInstant(this.access, expr);
      this._ran = { expr, mode, result, range };
      this._history = [expr, ...this._history.filter((h) => h !== expr)].slice(0, HISTORY);
    } catch (err) {
      this._error = err instanceof ApiError ? err.message : String(err);
    } finally {
      this._running = false;
    }
  }

  override render() {
    const ran = this._ran;
    const pinKey = 'pin';
    return html`
      <div class="box">
        <dh-promql-input .value=${this._expr} .names=${this.#names}
          @dh-promql-change=${(e: CustomEvent<{ value: string }>) => { this._expr = e.detail.value; }}
          @dh-promql-run=${(e: CustomEvent<{ value: string }>) => { this._expr = e.detail.value; void this._run(); }}></dh-promql-input>
        <div class="controls">
          <div class="seg" role="radiogroup" aria-label="Result view">
            ${(['graph', 'table'] as const).map((m) => html`<button role="radio" aria-checked=${this._mode === m ? 'true' : 'false'} class=${this._mode === m ? 'on' : ''}
              @click=${() => { this._mode = m; }}>${m === 'graph' ? 'Graph' : 'Table'}</button>`)}
          </div>
          ${this._mode === 'graph' ? html`<label class="inline">Range
            <select @change=${(e: Event) => { this._range = (e.target as HTMLSelectElement).value as TimeRange; }}>
              ${TIME_RANGES.map((r) => html`<option value=${r.id} ?selected=${r.id === this._range}>${r.label}</option>`)}
            </select></label>` : nothing}
          <button class="primary" ?disabled=${this._running} @click=${() => this._run()}>${this._running ? 'Running…' : 'Run'}</button>
          <span class="spacer"></span>
          ${ran ? html`<button ?disabled=${!!this.lock || this.#cmd.busy(pinKey)} title=${this.lock || 'Pin this query to the incident timeline as evidence'}
            @click=${() => this.#cmd.send(pinKey, { type: 'pin_evidence', kind: 'query', ref: ran.expr })}>Pin result as evidence</button>` : nothing}
        </div>
        ${this._error ? html`<p class="error" role="alert"><strong>Query failed:</strong> ${this._error}</p>` : nothing}
        ${this.#cmd.error(pinKey) ? html`<p class="error" role="alert">${this.#cmd.error(pinKey)}</p>` : nothing}
      </div>
      ${ran ? this.#result(ran) : html`<div class="intro muted">
          <p>Query the drill's metrics with PromQL. Metric names in this scenario:</p>
          <ul class="names">${this.#names.map((n) => html`<li><button class="link mono" @click=${() => { this._expr = n; void this._run(); }}>${n}</button></li>`)}</ul>
        </div>`}
      ${this._history.length > 1 ? html`<details class="history"><summary>Recent queries</summary>
          <ul>${this._history.map((h) => html`<li><button class="link mono" @click=${() => { this._expr = h; void this._run(); }}>${h}</button></li>`)}</ul></details>` : nothing}
    `;
  }

  #result(ran: Ran) {
    const d = ran.result.data;
    const warn = ran.result.warnings?.length ? html`<p class="muted small">${ran.result.warnings.join(' ')}</p>` : nothing;
    const asOf = html`<p class="muted small">Result as of ${simTime(ran.result.now)}${ran.mode === 'graph' ? `, ${TIME_RANGES.find((r) => r.id === ran.range)?.label.toLowerCase()}` : ''}.</p>`;
    if (ran.mode === 'graph' && d.resultType === 'matrix') {
      return html`${asOf}${warn}<dh-chart-card tall bare .heading=${'Result'} .query=${ran.expr} .series=${matrixSeries(d, ran.expr)}
        .axis=${axisFor(ran.result.now, ran.range)} .state=${'ok'} .lock=${this.lock}></dh-chart-card>
        ${d.result.length
          ? html`<details class="series" ?open=${d.result.length <= 6}><summary>${d.result.length} series</summary>
              <ul>${d.result.slice(0, 50).map((r) => html`<li class="mono">${seriesName(r.metric)}</li>`)}</ul></details>`
          : html`<p class="muted">The query matched no series.</p>`}`;
    }
    if (d.resultType === 'scalar' || d.resultType === 'string') {
      return html`${asOf}${warn}<table><thead><tr><th>${d.resultType}</th><th>value</th></tr></thead>
        <tbody><tr><td class="mono">${ran.expr}</td><td class="mono">${d.resultType === 'scalar' ? formatValue(Number(d.result[1])) : d.result[1]}</td></tr></tbody></table>`;
    }
    if (d.resultType === 'vector') {
      return html`${asOf}${warn}
        ${d.result.length === 0 ? html`<p class="muted">Empty result: no series matched at this instant.</p>` : html`
        <table><thead><tr><th>series</th><th class="num">value</th></tr></thead>
          <tbody>${d.result.map((r) => html`<tr><td class="mono">${seriesName(r.metric)}</td><td class="mono num">${formatValue(Number(r.value[1]))}</td></tr>`)}</tbody></table>`}`;
    }
    return html`${asOf}${warn}
      <table><thead><tr><th>series</th><th>samples (sim time: value)</th></tr></thead>
        <tbody>${d.result.map((r) => html`<tr><td class="mono">${seriesName(r.metric)}</td>
          <td class="mono samples">${r.values.map(([t, v]) => `${simTime(t)}: ${formatValue(Number(v))}`).join('\n')}</td></tr>`)}</tbody></table>`;
  }

  static override styles = [base, css`
    :host { display: block; }
    .box { background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); padding: 10px 12px; margin-bottom: 12px; }
    .controls { display: flex; align-items: center; gap: 10px; margin-top: 8px; flex-wrap: wrap; }
    .seg { display: inline-flex; }
    .seg button { border-radius: 0; }
    .seg button:first-child { border-radius: var(--radius) 0 0 var(--radius); }
    .seg button:last-child { border-radius: 0 var(--radius) var(--radius) 0; border-left: 0; }
    .seg button.on { background: var(--accent); color: var(--accent-text); border-color: var(--accent); font-weight: 600; }
    label.inline { display: flex; align-items: center; gap: 6px; margin: 0; font-size: 13px; }
    .spacer { flex: 1; }
    .error { margin: 8px 0 0; white-space: pre-wrap; font-family: var(--mono); font-size: 12.5px; }
    .small { font-size: 12px; margin: 4px 0; }
    .num { text-align: right; }
    .samples { white-space: pre; max-height: 200px; overflow: auto; display: block; }
    .names { columns: 2; padding-left: 18px; }
    button.link { background: none; border: 0; padding: 0; color: var(--accent); text-align: left; }
    button.link:hover { text-decoration: underline; }
    .series { margin-top: 6px; font-size: 12.5px; }
    .series summary { cursor: pointer; color: var(--muted); }
    .series ul { margin: 4px 0 0; padding-left: 18px; }
    .history { margin-top: 12px; }
    .history summary { cursor: pointer; color: var(--muted); }
    .history ul { padding-left: 18px; }
  `];
}

/** `up{service="web"}` the way Prometheus prints a series. */
export function seriesName(metric: Readonly<Record<string, string>>): string {
  const { __name__: name = '', ...labels } = metric;
  const inner = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(', ');
  return inner ? `${name}{${inner}}` : name || '{}';
}

customElements.define('dh-explore', DhExplore);

declare global {
  interface HTMLElementTagNameMap { 'dh-explore': DhExplore }
}
