/**
 * The service map: the scenario's services and their dependencies as a layered graph (callers
 * above what they call), each node coloured by live health (firing alerts that name it, its
 * error ratio, p99 latency against the start of the drill, targets down) and labelled with its
 * owning team. A node opens that service's dashboards. The same facts are listed in a table
 * under the graph for screen readers and for reading exact numbers.
 */
import { css, html, LitElement, nothing, svg, type PropertyValues } from 'lit';
import type { PublicScenario } from '../../lib/api-types.js';
import type { AlertRow } from '../../../contract/drill-state.js';
import { consumeRoom } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';
import { queryInstant, type DrillAccess } from './room-api.js';
import { navigate } from './room-events.js';
import { layoutServices, serviceHealth, type HealthLevel, type HealthSignals } from './service-graph.js';
import { chartsFor, promString, servicesOfAlert } from './signals.js';

const REFRESH_MS = 5000;
const NODE_W = 168;
const NODE_H = 62;
/** the healthy reference for p99: early in the drill, before scenarios usually break things */
const BASELINE_AT = 120;

interface Live { readonly errorPct?: number; readonly p99?: number; readonly p99Base?: number; readonly down?: number }

export class DhServiceMap extends LitElement {
  static override properties = {
    access: { type: Object },
    scenario: { type: Object },
    alerts: { type: Array },
    t: { type: Number },
    active: { type: Boolean },
    _live: { state: true },
    _read: { state: true },
  };

  declare access: DrillAccess;
  declare scenario: PublicScenario;
  declare alerts: readonly AlertRow[];
  declare t: number;
  declare active: boolean;
  declare _live: Readonly<Record<string, Live>>;
  /** the live signals have been read at least once */
  declare _read: boolean;

  #timer?: ReturnType<typeof setInterval>;
  #lastT = -1;
  #lastAt = 0;
  #baseline = new Map<string, number>();

  constructor() {
    super();
    consumeRoom<DhServiceMap>(this, (d) => ({ access: d.access, scenario: d.scenario, alerts: d.model.alerts, t: d.t }));
    this.access = { drillId: '', token: '' };
    this.alerts = [];
    this.t = 0;
    this.active = false;
    this._live = {};
    this._read = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => void this.#refresh(), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('active') && this.active) { this.#lastAt = 0; void this.#refresh(); }
  }

  async #refresh(): Promise<void> {
    if (!this.active || !this.scenario || document.visibilityState === 'hidden' || this.t <= 0) return;
    // About three reads per service: space refreshes so a big map stays well inside the server's read rate.
    const gap = Math.max(REFRESH_MS, Object.keys(this.scenario.services).length * 3 * 250);
    if (this.t === this.#lastT || Date.now() - this.#lastAt < gap) return;
    this.#lastT = this.t;
    this.#lastAt = Date.now();
    const s = this.scenario;
    const scrape = s.settings.scrape_interval;
    const hasUp = s.metrics.some((m) => m.name === 'up' && m.type === 'gauge');
    const value = async (expr: string, time?: number) => {
      try {
        const r = await queryInstant(this.access, expr, time);
        if (r.data.resultType === 'vector') return r.data.result.length ? Number(r.data.result[0]!.value[1]) : undefined;
        if (r.data.resultType === 'scalar') return Number(r.data.result[1]);
      } catch { /* a chart the scenario cannot answer leaves the node grey */ }
      return undefined;
    };
    const entries = await Promise.all(Object.keys(s.services).map(async (svc) => {
      const charts = chartsFor(s, svc, scrape);
      const errors = charts.find((c) => c.signal === 'errors');
      const latency = charts.find((c) => c.signal === 'latency');
      const [errorPct, p99, down] = await Promise.all([
        errors ? value(errors.query) : undefined,
        latency ? value(latency.query) : undefined,
        hasUp ? value(`count(up{service=${promString(svc)}} == 0) or vector(0)`) : undefined,
      ]);
      if (latency && !this.#baseline.has(svc) && this.t >= BASELINE_AT) {
        const b = await value(latency.query, BASELINE_AT);
        if (b !== undefined) this.#baseline.set(svc, b);
      }
      const p99Base = this.#baseline.get(svc);
      const live: Live = {
        ...(errorPct !== undefined ? { errorPct } : {}), ...(p99 !== undefined ? { p99 } : {}),
        ...(p99Base !== undefined ? { p99Base } : {}), ...(down !== undefined ? { down } : {}),
      };
      return [svc, live] as const;
    }));
    this._live = Object.fromEntries(entries);
    this._read = true;
  }

  #health(svc: string): { level: HealthLevel; reasons: string[] } {
    const names = Object.keys(this.scenario.services);
    const exprOf = new Map(this.scenario.alerts.map((r) => [r.alert, r.expr]));
    const about = (a: AlertRow) => servicesOfAlert(a.labels, exprOf.get(a.alert), names).includes(svc);
    const firing = [...new Set(this.alerts.filter((a) => a.state === 'firing' && about(a)).map((a) => a.alert))];
    const pending = [...new Set(this.alerts.filter((a) => a.state === 'pending' && about(a)).map((a) => a.alert))];
    const signals: HealthSignals = { firing, pending, ...this._live[svc] };
    return serviceHealth(signals);
  }

  override render() {
    const s = this.scenario;
    if (!s) return nothing;
    const layout = layoutServices(s.services, { width: 760, rowHeight: 112, nodeWidth: NODE_W, padding: 24 });
    const at = new Map(layout.nodes.map((n) => [n.id, n]));
    const health = new Map(Object.keys(s.services).map((id) => [id, this.#health(id)]));
    return html`
      <div class="head">
        <h2>Service map</h2>
        <div class="legend" aria-hidden="true">
          <span><i class="ok"></i>healthy</span><span><i class="warn"></i>degraded</span><span><i class="bad"></i>failing</span><span><i class="unknown"></i>no signal</span>
        </div>
      </div>
      <p class="muted small">Arrows point from a service to what it calls. Colours come from firing alerts, error ratio, p99 latency against T+2m, and targets down. Select a service to open its dashboards.</p>
      <svg viewBox="0 0 ${layout.width} ${layout.height}" role="group" aria-label="Service dependency graph">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#6e7681"></path>
          </marker>
        </defs>
        ${layout.edges.map((e) => {
          const a = at.get(e.from)!;
          const b = at.get(e.to)!;
          const y1 = a.y + NODE_H / 2;
          const y2 = b.y - NODE_H / 2 - 2;
          const mid = (y1 + y2) / 2;
          return svg`<path class="edge" d="M ${a.x} ${y1} C ${a.x} ${mid}, ${b.x} ${mid}, ${b.x} ${y2}" marker-end="url(#arrow)"></path>`;
        })}
        ${layout.nodes.map((n) => {
          const h = health.get(n.id)!;
          const svc = s.services[n.id]!;
          const team = s.teams[svc.team]?.name ?? svc.team;
          const status = h.reasons[0] ?? (h.level === 'ok' ? 'healthy' : !this._read && this.t > 0 ? 'reading signals…' : 'no live signal');
          return svg`<g class="node ${h.level}" transform="translate(${n.x - NODE_W / 2} ${n.y - NODE_H / 2})" tabindex="0" role="button"
              aria-label="${n.id}, owned by ${team}, ${h.level === 'unknown' ? 'no signal' : h.level}${h.reasons.length ? `: ${h.reasons.join('; ')}` : ''}. Open dashboards."
              @click=${() => navigate(this, 'dashboards', n.id)} @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); navigate(this, 'dashboards', n.id); } }}>
            <title>${svc.description || n.id}</title>
            <rect width=${NODE_W} height=${NODE_H} rx="8"></rect>
            <text x="12" y="21" class="name">${clip(n.id, 17)}</text>
            <text x="12" y="37" class="team">${clip(team, 22)}</text>
            <text x="12" y="53" class="status">${clip(status, 23)}</text>
          </g>`;
        })}
      </svg>
      <table>
        <caption class="sr-only">Services, owners and health</caption>
        <thead><tr><th>Service</th><th>Team</th><th>Calls</th><th>Health</th></tr></thead>
        <tbody>${Object.entries(s.services).map(([id, svc]) => {
          const h = health.get(id)!;
          const live = this._live[id];
          return html`<tr>
            <td><button class="link" @click=${() => navigate(this, 'dashboards', id)}>${id}</button><div class="muted small">${svc.description}</div></td>
            <td>${s.teams[svc.team]?.name ?? svc.team}</td>
            <td class="mono">${svc.depends_on.join(', ') || '—'}</td>
            <td><span class="badge ${h.level === 'ok' ? 'ok' : h.level === 'warn' ? 'warn' : h.level === 'bad' ? 'bad' : ''}">${h.level === 'unknown' ? 'no signal' : h.level === 'ok' ? 'healthy' : h.level === 'warn' ? 'degraded' : 'failing'}</span>
              ${h.reasons.length ? html`<div class="small">${h.reasons.join('; ')}</div>` : nothing}
              ${live?.errorPct !== undefined || live?.p99 !== undefined ? html`<div class="muted small mono">${live.errorPct !== undefined ? `errors ${live.errorPct.toFixed(2)}%` : ''}${live.p99 !== undefined ? ` p99 ${live.p99.toFixed(3)}s` : ''}</div>` : nothing}
            </td>
          </tr>`;
        })}</tbody>
      </table>
    `;
  }

  static override styles = [base, css`
    :host { display: block; }
    .head { display: flex; align-items: baseline; justify-content: space-between; gap: 12px; }
    .legend { display: flex; gap: 12px; font-size: 12px; color: var(--muted); }
    .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 3px; margin-right: 4px; vertical-align: -1px; }
    i.ok { background: var(--ok); } i.warn { background: var(--pending); } i.bad { background: var(--bad); } i.unknown { background: #6e7681; }
    .small { font-size: 12px; }
    svg { width: 100%; max-height: 440px; display: block; margin: 4px 0 12px; }
    .edge { fill: none; stroke: #6e7681; stroke-width: 1.5; }
    .node { cursor: pointer; outline: none; }
    .node rect { fill: var(--panel); stroke: #6e7681; stroke-width: 2; }
    .node.ok rect { stroke: var(--ok); }
    .node.warn rect { stroke: var(--pending); fill: #2b2410; }
    .node.bad rect { stroke: var(--bad); fill: #321416; }
    .node:hover rect { filter: brightness(1.3); }
    .node:focus-visible rect { stroke: var(--accent); stroke-width: 3; }
    .name { fill: var(--text); font-weight: 600; font-size: 14px; }
    .team { fill: var(--muted); font-size: 12px; }
    .status { fill: var(--text); font-size: 11.5px; }
    .node.bad .status { fill: #ffb4ae; } .node.warn .status { fill: #f5d28a; } .node.ok .status { fill: #7ee787; }
    button.link { background: none; border: 0; padding: 0; color: var(--accent); font-weight: 600; }
    button.link:hover { text-decoration: underline; }
  `];
}

function clip(s: string, n: number): string { return s.length > n ? `${s.slice(0, n - 1)}…` : s; }

customElements.define('dh-service-map', DhServiceMap);

declare global {
  interface HTMLElementTagNameMap { 'dh-service-map': DhServiceMap }
}
