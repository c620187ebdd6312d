/**
 * The app shell: a top bar (product, the current drill, home), the page for the hash route,
 * and the toast area. Pages get what they need as properties (drill id, the seat's token);
 * whoever sits in which drill comes from session.ts.
 *
 * The postmortem and report pages are loaded only if their modules exist (Vite's glob import
 * finds them at build time), so adding web/pages/dh-postmortem.ts or dh-report.ts is enough to
 * route to them; until then those routes explain when they open.
 */
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { roleName } from '../../contract/commands.js';
import { getDrill } from '../lib/api.js';
import { href, parseRoute, type Route } from '../lib/router.js';
import { mySeats, saveSeat, seatDetail, seatFor, type Seat } from '../lib/session.js';
import type { ToastDetail } from '../lib/toast.js';
import { base } from '../styles/theme.js';
import '../components/dh-toasts.js';
import './dh-home.js';
import './dh-join.js';
import './dh-facilitator.js';
import './dh-room.js';
import './dh-drill-pending.js';
import './dh-history.js';

/** Pages written later; each is loaded on first visit. */
const LATER_PAGES = import.meta.glob(['./dh-postmortem.ts', './dh-report.ts']);

/** What the top bar says about the drill on show. Pages that know more fire `dh-drill-context`. */
export interface DrillContext { readonly drillId: string; readonly title: string; readonly detail?: string }

export class DhApp extends LitElement {
  static override properties = {
    _route: { state: true },
    _context: { state: true },
    _loaded: { state: true },
  };

  declare _route: Route;
  declare _context: DrillContext | undefined;
  declare _loaded: ReadonlySet<string>;

  constructor() {
    super();
    this._route = parseRoute(location.hash);
    this._context = undefined;
    this._loaded = new Set();
    this.addEventListener('dh-toast', (e) => this._onToast(e));
    this.addEventListener('dh-drill-context', (e) => this._onContext(e));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this._onHashChange);
    this._onRoute();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this._onHashChange);
  }

  private _onHashChange = (): void => {
    this._route = parseRoute(location.hash);
    this._onRoute();
    this.renderRoot.querySelector<HTMLElement>('main')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  };

  /** Name the drill in the top bar from the seat, asking the server only when the seat has no title. */
  private _onRoute(): void {
    const r = this._route;
    const drillId = 'drillId' in r ? r.drillId : undefined;
    if (!drillId || r.page === 'join') { this._context = undefined; document.title = 'Drillhall'; return; }
    const seat = seatFor(drillId);
    if (this._context?.drillId !== drillId) this._context = seat?.scenarioTitle ? { drillId, title: seat.scenarioTitle, detail: seatDetail(seat) } : undefined;
    document.title = `${this._context?.title ?? 'Drill'} · Drillhall`;
    if (seat && !seat.scenarioTitle) void this._fetchTitle(seat);
    const later = this._laterModule(r.page);
    if (later && !this._loaded.has(later)) void LATER_PAGES[later]!().then(() => { this._loaded = new Set([...this._loaded, later]); });
  }

  private async _fetchTitle(seat: Seat): Promise<void> {
    try {
      const view = await getDrill(seat.drillId, seat.token);
      const next = { ...seat, scenarioId: view.scenario.id, scenarioTitle: view.scenario.title };
      saveSeat(next);
      if ('drillId' in this._route && this._route.drillId === seat.drillId) this._context = { drillId: seat.drillId, title: next.scenarioTitle, detail: seatDetail(next) };
    } catch { /* the page itself reports a missing drill */ }
  }

  private _laterModule(page: Route['page']): string | undefined {
    const file = page === 'postmortem' ? './dh-postmortem.ts' : page === 'report' ? './dh-report.ts' : undefined;
    return file && file in LATER_PAGES ? file : undefined;
  }

  private _onToast(e: CustomEvent<ToastDetail>): void {
    this.renderRoot.querySelector('dh-toasts')?.show(e.detail.message, e.detail.kind);
  }

  private _onContext(e: CustomEvent<DrillContext>): void {
    this._context = e.detail;
    document.title = `${e.detail.title} · Drillhall`;
  }

  protected override render() {
    const r = this._route;
    const ctx = this._context && 'drillId' in r && r.drillId === this._context.drillId ? this._context : undefined;
    return html`
      <a class="skip" href="#main" @click=${this._onSkip}>Skip to content</a>
      <header class="top">
        <a class="brand" href="#/" aria-label="Drillhall home">${logo()}<span>Drillhall</span></a>
        ${ctx ? html`<div class="drill" aria-label="Current drill">
          <span class="title">${ctx.title}</span>${ctx.detail ? html`<span class="detail">${ctx.detail}</span>` : nothing}
        </div>` : html`<div class="drill"></div>`}
        <nav aria-label="Main"><a href="#/">Home</a></nav>
      </header>
      <main id="main" tabindex="-1">${keyed(routeKey(r), this._page(r))}</main>
      <dh-toasts></dh-toasts>`;
  }

  private _onSkip(e: Event): void {
    e.preventDefault();
    this.renderRoot.querySelector<HTMLElement>('main')?.focus();
  }

  private _page(r: Route): TemplateResult {
    switch (r.page) {
      case 'home': return html`<dh-home></dh-home>`;
      case 'join': return html`<dh-join .drillId=${r.drillId} .code=${r.code}></dh-join>`;
      case 'facilitator': {
        const seat = seatFor(r.drillId);
        if (seat?.audience === 'facilitator') return html`<dh-facilitator .drillId=${r.drillId} .token=${seat.token}></dh-facilitator>`;
        return notice('No facilitator seat here', html`<p>This browser does not hold the facilitator seat for drill <code>${r.drillId}</code>.
          The console opens in the browser that started the drill.</p>
          ${seat ? html`<p>You joined this drill as ${seat.name}${seat.role ? ` (${roleName(seat.role)})` : ''}: <a href=${href({ page: 'room', drillId: r.drillId })}>open the incident room</a>.</p>` : nothing}`);
      }
      case 'room': {
        const seat = seatFor(r.drillId);
        if (seat?.audience === 'trainee') return html`<dh-room .drillId=${r.drillId} .token=${seat.token}></dh-room>`;
        if (seat?.audience === 'facilitator') {
          return notice('You run this drill', html`<p>This browser holds the facilitator seat for this drill, so it opens the
            <a href=${href({ page: 'facilitator', drillId: r.drillId })}>facilitator console</a>, which shows everything the team does.</p>
            <p class="muted">To see the room as a trainee does, open the join link in another browser or a private window.</p>`);
        }
        return notice('Join the drill first', html`<p>You have not joined drill <code>${r.drillId}</code> from this browser.</p>
          <p><a href=${href({ page: 'join', drillId: r.drillId, code: '' })}>Join it</a> with your name, a role and the join code from the facilitator.</p>`);
      }
      case 'postmortem': case 'report': {
        const later = this._laterModule(r.page);
        const seat = seatFor(r.drillId);
        if (later && this._loaded.has(later)) {
          return r.page === 'postmortem'
            ? html`<dh-postmortem .drillId=${r.drillId} .token=${seat?.token ?? ''}></dh-postmortem>`
            : html`<dh-report .drillId=${r.drillId} .token=${seat?.token ?? ''}></dh-report>`;
        }
        if (later) return html`<p class="loading" role="status">Loading the ${r.page}…</p>`;
        return html`<dh-drill-pending .kind=${r.page} .drillId=${r.drillId} .seat=${seat}></dh-drill-pending>`;
      }
      case 'history': {
        const seat = mySeats().find((x) => x.audience === 'facilitator' && x.team === r.team);
        return html`<dh-history .team=${r.team} .token=${seat?.token ?? ''}></dh-history>`;
      }
      case 'not_found':
        return notice('No such page', html`<p>There is nothing at <code>${r.path}</code>. <a href="#/">Go to the scenario library</a>.</p>`);
    }
  }

  static override styles = [base, css`
    :host { display: block; min-height: 100vh; background: var(--bg); }
    .skip { position: absolute; left: -9999px; top: 8px; z-index: 10; background: var(--accent); color: var(--accent-text); padding: 6px 10px; border-radius: var(--radius); }
    .skip:focus { left: 8px; }
    .top { position: sticky; top: 0; z-index: 20; display: flex; align-items: center; gap: 16px; padding: 0 20px; height: 48px; background: #0b0f14; border-bottom: 1px solid var(--border); }
    .brand { display: inline-flex; align-items: center; gap: 8px; color: var(--text); text-decoration: none; font-weight: 700; font-size: 16px; letter-spacing: .02em; }
    .brand svg { width: 20px; height: 20px; }
    .drill { flex: 1; min-width: 0; display: flex; align-items: baseline; gap: 10px; overflow: hidden; white-space: nowrap; border-left: 1px solid var(--border); padding-left: 16px; }
    .drill:empty { border-left: none; }
    .drill .title { font-weight: 600; overflow: hidden; text-overflow: ellipsis; }
    .drill .detail { color: var(--muted); font-size: 12.5px; }
    nav a { color: var(--muted); text-decoration: none; padding: 6px 8px; border-radius: var(--radius); }
    nav a:hover { color: var(--text); background: var(--panel-2); }
    main { display: block; }
    /* focused on navigation so screen readers and Tab start at the page; no ring for that */
    main:focus, main:focus-visible { outline: none; }
    .loading { padding: 40px; color: var(--muted); }
    .notice { max-width: 640px; margin: 48px auto; padding: 24px; }
    .notice p { margin: 8px 0; }
    code { font-family: var(--mono); font-size: 12.5px; background: var(--panel-2); padding: 1px 5px; border-radius: 4px; }
  `];
}

/** One element per route and drill: a new drill id gets a fresh page (and a fresh connection). */
function routeKey(r: Route): string {
  return 'drillId' in r ? `${r.page}:${r.drillId}${r.page === 'join' ? `?${r.code}` : ''}` : r.page === 'not_found' ? `nf:${r.path}` : r.page;
}

function notice(title: string, body: TemplateResult): TemplateResult {
  return html`<section class="panel notice" aria-labelledby="notice-title"><h1 id="notice-title">${title}</h1>${body}<p><a href="#/">Back to the scenario library</a></p></section>`;
}

function logo(): TemplateResult {
  return html`<svg viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="10" r="8.5" fill="none" stroke="#f85149" stroke-width="2"/><circle cx="10" cy="10" r="3.5" fill="#f85149"/></svg>`;
}

customElements.define('dh-app', DhApp);

declare global {
  interface HTMLElementTagNameMap { 'dh-app': DhApp }
  interface HTMLElementEventMap { 'dh-drill-context': CustomEvent<DrillContext> }
}
