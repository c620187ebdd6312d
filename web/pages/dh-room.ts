/**
 * The trainee incident room: one page per drill seat, live for every participant at once. The
 * drill's state comes from the WebSocket (DrillConnection folding events into the DrillModel);
 * the public scenario (services, teams, actions, runbooks, history, metric names) from one GET of
 * the drill. Panels read both through the room's drill context (lib/drill-context.ts), as immutable
 * values, and send commands up as `dh-command` events,
 * which this element forwards on the socket and answers with the server's ack or refusal.
 */
import { ContextProvider } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import type { TraineeView } from '../lib/api-types.js';
import type { Sequenced } from '../../contract/events.js';
import { ApiError, getDrill } from '../lib/api.js';
import { href } from '../lib/router.js';
import { DrillConnection } from '../lib/drill-connection.js';
import { roomDrill, type DrillAccess } from '../lib/drill-context.js';
import { estimateSimTime } from '../lib/tick-controller.js';
import { alertOrder, inboxOrder } from '../../contract/drill-state.js';
import { type DrillModel } from '../lib/drill-model.js';
import { sendCommand } from '../lib/command-event.js';
import { toast } from '../lib/toast.js';
import { base } from '../styles/theme.js';
import '../components/dh-connection-indicator.js';
import '../components/room/dh-alert-inbox.js';
import '../components/room/dh-dashboards.js';
import '../components/room/dh-explore.js';
import '../components/room/dh-logs.js';
import '../components/room/dh-service-map.js';
import '../components/room/dh-incident.js';
import '../components/room/dh-runbooks.js';
import '../components/room/dh-actions.js';
import '../components/room/dh-timeline.js';
import '../components/room/dh-room-header.js';
import '../components/room/dh-markdown.js';
import type { NavigateRequest, RoomTab } from '../components/room/room-events.js';
import type { CommandDetail } from '../lib/command-event.js';
import { lockReason } from '../components/room/room-lock.js';

type Tab = RoomTab | 'briefing';

const TABS: readonly { readonly id: Tab; readonly label: string }[] = [
  { id: 'briefing', label: 'Briefing' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'dashboards', label: 'Dashboards' },
  { id: 'explore', label: 'Explore' },
  { id: 'logs', label: 'Logs' },
  { id: 'map', label: 'Service map' },
  { id: 'runbooks', label: 'Runbooks & changes' },
  { id: 'actions', label: 'Actions' },
  { id: 'timeline', label: 'Timeline' },
];

/** The room's keys, as the `?` dialog lists them. */
const KEYS: readonly (readonly [string, string])[] = [
  ['1–9', 'Go to a panel (1 Briefing … 9 Timeline)'],
  [']  [', 'Next, previous panel'],
  ['a', 'Acknowledge the newest unacknowledged firing alert'],
  ['e  /', 'Explore: type a PromQL query'],
  ['?', 'These keys (Esc closes)'],
];

/** How far the clock is run forward between the server's ticks (about one a second). */
const MAX_EXTRAPOLATE_S = 1.5;

export class DhRoom extends LitElement {
  static override properties = {
    drillId: { type: String },
    token: { type: String },
    _view: { state: true },
    _loadError: { state: true },
    _tab: { state: true },
    _focus: { state: true },
  };

  declare drillId: string;
  declare token: string;
  declare _view: TraineeView | undefined;
  declare _loadError: string | undefined;
  declare _tab: Tab;
  declare _focus: { tab: Tab; focus?: string; n: number } | undefined;

  #conn?: DrillConnection;
  #connKey = '';
  /** what the panels read (drill-context.ts), given anew on every update */
  #drill = new ContextProvider(this, { context: roomDrill });
  #access?: DrillAccess;
  #clockSeen?: object;
  #clockAt = 0;
  #ticker?: ReturnType<typeof setInterval>;
  #refetch?: ReturnType<typeof setTimeout>;
  #tabChosen = false;
  /** the trainee picked a tab: the room stops choosing one for them */
  #userChoseTab = false;

  constructor() {
    super();
    this.drillId = '';
    this.token = '';
    this._view = undefined;
    this._loadError = undefined;
    this._tab = 'alerts';
    this._focus = undefined;
    this.addEventListener('dh-command', (e) => this._onCommand(e));
    this.addEventListener('dh-navigate', (e) => this._onNavigate(e));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#ticker = setInterval(() => { if (this.#running()) this.requestUpdate(); }, 250);
    window.addEventListener('keydown', this._onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#ticker);
    clearTimeout(this.#refetch);
    window.removeEventListener('keydown', this._onKey);
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if ((changed.has('drillId') || changed.has('token')) && this.drillId && this.token) {
      const key = `${this.drillId}\n${this.token}`;
      if (key !== this.#connKey) {
        this.#connKey = key;
        if (this.#conn) { this.removeController(this.#conn); this.#conn.hostDisconnected(); }
        this._view = undefined;
        this._loadError = undefined;
        this.#conn = new DrillConnection(this, {
          drillId: this.drillId,
          token: this.token,
          onSnapshot: (v) => { if (v.audience === 'trainee') this._view = v; },
          onEvents: (events) => this._onEvents(events),
        });
        void this.#load();
      }
    }
    const clock = this.#conn?.clock;
    if (clock && clock !== this.#clockSeen) { this.#clockSeen = clock; this.#clockAt = performance.now(); }
    if (!this.#tabChosen && clock) { this._tab = clock.phase === 'created' ? 'briefing' : 'alerts'; this.#tabChosen = true; }
    // When the clock starts, whoever is still reading the briefing is taken to the alerts.
    if (!this.#userChoseTab && this._tab === 'briefing' && clock && clock.phase !== 'created') this._tab = 'alerts';
    this.#share();
  }

  /** The drill as the panels see it, once the view and the connection are there. */
  #share(): void {
    const conn = this.#conn;
    const view = this._view;
    if (!conn || !view) return;
    if (this.#access?.drillId !== this.drillId || this.#access.token !== this.token) this.#access = { drillId: this.drillId, token: this.token };
    const model = conn.model;
    this.#drill.setValue({
      access: this.#access, scenario: view.scenario, changes: view.changes, you: view.you, participants: view.participants,
      model, clock: conn.clock, t: conn.clock?.t ?? model.lastT, now: this.#now(),
      lock: lockReason(conn.status, view.you.role, conn.clock, conn.refused).reason, status: conn.status, attempts: conn.attempts,
    });
  }

  async #load(): Promise<void> {
    try {
      const view = await getDrill(this.drillId, this.token);
      if (view.audience !== 'trainee') { this._loadError = 'This seat is the facilitator\'s: open the facilitator console instead.'; return; }
      this._view = view;
    } catch (err) {
      this._loadError = err instanceof ApiError ? loadMessage(err) : String(err);
      // A seat the server does not know will not work on the socket either: stop retrying it.
      if (err instanceof ApiError && [401, 403, 404].includes(err.status) && this.#conn) {
        this.removeController(this.#conn);
        this.#conn.hostDisconnected();
      }
    }
  }

  /** Changes that happen during the drill carry a diff only the drill view has: fetch it again. */
  private _onEvents(events: readonly Sequenced[]): void {
    if (!events.some((s) => s.event.type === 'change')) return;
    clearTimeout(this.#refetch);
    this.#refetch = setTimeout(() => void this.#load(), 300);
  }

  #running(): boolean {
    const c = this.#conn?.clock;
    return !!c && c.phase === 'running' && !c.paused;
  }

  /** Sim time now, run forward from the last tick so the clock and progress bars move smoothly. */
  #now(): number {
    const c = this.#conn?.clock;
    if (!c) return this.#conn?.model.lastT ?? 0;
    return estimateSimTime(c.paused ? { ...c, phase: 'paused' } : c, performance.now() - this.#clockAt, MAX_EXTRAPOLATE_S);
  }

  override render() {
    if (this._loadError) {
      return html`<div class="fatal" role="alert"><h1>Cannot open this drill</h1><p class="error">${this._loadError}</p><p><a href="/">Back to the start page</a></p></div>`;
    }
    const conn = this.#conn;
    const view = this._view;
    if (!conn || !view) {
      if (conn?.refused) return html`<div class="loading" role="alert">The server refused the connection: ${conn.refused} Retrying on its own.</div>`;
      return html`<div class="loading" role="status" aria-live="polite">${conn?.status === 'reconnecting' ? 'Reconnecting to the drill…' : 'Opening the incident room…'}</div>`;
    }
    const model = conn.model;
    const scenario = view.scenario;
    const lock = lockReason(conn.status, view.you.role, conn.clock, conn.refused);
    const focus = (tab: Tab) => (this._focus?.tab === tab ? this._focus : undefined);
    const firingUnacked = model.alerts.filter((a) => a.state === 'firing' && a.acknowledgedAt === undefined).length;
    const running = model.actions.filter((a) => a.completedAt === undefined).length;
    return html`
      <dh-room-header .firing=${firingUnacked}></dh-room-header>
      ${conn.clock?.phase === 'ended' && conn.status === 'live' ? this.#ended(view, model)
        : lock.banner ? html`<div class="banner ${lock.tone}" role="status">${lock.banner}</div>` : nothing}
      <div class="body">
        <main class="main">
          <div class="tabbar"><div class="tabs" role="tablist" aria-label="Investigation panels" @keydown=${this._onTabKey}>
            ${TABS.map((tab, i) => html`
              <button role="tab" id="tab-${tab.id}" aria-controls="panel-${tab.id}" aria-selected=${this._tab === tab.id ? 'true' : 'false'}
                tabindex=${this._tab === tab.id ? 0 : -1} title="${tab.label} (key ${i + 1})" aria-keyshortcuts=${String(i + 1)} @click=${() => this.#show(tab.id)}>
                ${tab.label}
                ${tab.id === 'alerts' && firingUnacked ? html`<span class="count bad" aria-label="${firingUnacked} unacknowledged">${firingUnacked}</span>` : nothing}
                ${tab.id === 'actions' && running ? html`<span class="count info" aria-label="${running} in progress">${running}</span>` : nothing}
              </button>`)}
          </div><button class="keys-btn" aria-haspopup="dialog" aria-keyshortcuts="?" title="Keyboard shortcuts (?)" @click=${this.#openKeys}>Keys <kbd>?</kbd></button></div>
          ${this.#panel('briefing', html`<section class="briefing">
              <h2>${scenario.title}</h2>
              <p class="muted">${scenario.summary}</p>
              <dh-markdown .text=${scenario.briefing}></dh-markdown>
              ${scenario.skills.length ? html`<h3>Skills you will practise</h3><ul>${scenario.skills.map((o) => html`<li>${o}</li>`)}</ul>` : nothing}
            </section>`)}
          ${this.#panel('alerts', html`<dh-alert-inbox></dh-alert-inbox>`)}
          ${this.#panel('dashboards', html`<dh-dashboards .active=${this._tab === 'dashboards'} .reveal=${focus('dashboards')}></dh-dashboards>`)}
          ${this.#panel('explore', html`<dh-explore .active=${this._tab === 'explore'} .reveal=${focus('explore')}></dh-explore>`)}
          ${this.#panel('logs', html`<dh-logs .active=${this._tab === 'logs'}></dh-logs>`)}
          ${this.#panel('map', html`<dh-service-map .active=${this._tab === 'map'}></dh-service-map>`)}
          ${this.#panel('runbooks', html`<dh-runbooks .reveal=${focus('runbooks')}></dh-runbooks>`)}
          ${this.#panel('actions', html`<dh-actions .reveal=${focus('actions')}></dh-actions>`)}
          ${this.#panel('timeline', html`<dh-timeline></dh-timeline>`)}
        </main>
        <dh-incident class="side"></dh-incident>
      </div>
      <dialog id="keys" aria-labelledby="keys-h">
        <h2 id="keys-h">Keyboard shortcuts</h2>
        <p class="muted">Anywhere in the room, except while typing in a field.</p>
        <dl>${KEYS.map(([k, what]) => html`<dt><kbd>${k}</kbd></dt><dd>${what}</dd>`)}</dl>
        <button class="primary" @click=${() => this.#keys()?.close()}>Close</button>
      </dialog>
    `;
  }

  /** The drill is over: where to go next, the postmortem and (once published) the report. */
  #ended(view: TraineeView, model: DrillModel) {
    const published = view.published || model.published;
    const observer = view.you.role === 'observer';
    return html`<div class="banner info ended" role="status">
      <span><strong>The drill has ended.</strong> Everything here stays readable.
        ${model.submitted ? html`${model.submitted.by === view.you.name ? 'You' : model.submitted.by} submitted the postmortem.` : nothing}
        ${published ? 'The facilitator published the report.' : 'The report opens to the team once the facilitator publishes it.'}</span>
      <span class="next">
        <a class="button ${published ? '' : 'primary'}" href=${href({ page: 'postmortem', drillId: this.drillId })}>${observer ? 'Read the postmortem' : model.submitted ? 'Open the postmortem' : 'Write the postmortem'}</a>
        ${published ? html`<a class="button primary" href=${href({ page: 'report', drillId: this.drillId })}>Open the report</a>` : nothing}
      </span>
    </div>`;
  }

  #panel(id: Tab, content: unknown) {
    return html`<div class="panel-wrap" role="tabpanel" id="panel-${id}" aria-labelledby="tab-${id}" ?hidden=${this._tab !== id}>${content}</div>`;
  }

  #show(tab: Tab, focus?: string): void {
    this._tab = tab;
    this.#tabChosen = true;
    this.#userChoseTab = true;
    if (focus !== undefined) this._focus = { tab, focus, n: (this._focus?.n ?? 0) + 1 };
  }

  private _onCommand(e: CustomEvent<CommandDetail>): void {
    e.preventDefault();
    e.stopPropagation();
    const conn = this.#conn;
    if (!conn) { e.detail.reply({ ok: false, status: 503, code: 'offline', message: 'Not connected to the drill yet.' }); return; }
    void conn.send(e.detail.command).then(e.detail.reply);
  }

  private _onNavigate(e: CustomEvent<NavigateRequest>): void {
    e.stopPropagation();
    this.#show(e.detail.tab, e.detail.focus);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${e.detail.tab}`)?.scrollIntoView({ block: 'nearest' }));
  }

  /** Arrow keys move between tabs, as the WAI-ARIA tabs pattern has it. */
  private _onTabKey = (e: KeyboardEvent): void => {
    const i = TABS.findIndex((t) => t.id === this._tab);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % TABS.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + TABS.length) % TABS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = TABS.length - 1;
    if (next < 0) return;
    e.preventDefault();
    this.#show(TABS[next]!.id);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${TABS[next]!.id}`)?.focus());
  };

  /**
   * The room's keys (KEYS), unless someone is typing or the keys dialog is open. Plain keys, not
   * Alt+digit: browsers on Linux and Windows keep Alt+digit and Ctrl+digit for their own tabs.
   */
  private _onKey = (e: KeyboardEvent): void => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented || this.#keys()?.open || !this._view) return;
    const target = e.composedPath()[0];
    if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
    const n = Number(e.key);
    const i = TABS.findIndex((t) => t.id === this._tab);
    if (Number.isInteger(n) && n >= 1 && n <= TABS.length) this.#show(TABS[n - 1]!.id);
    else if (e.key === ']' || e.key === '[') this.#show(TABS[(i + (e.key === ']' ? 1 : TABS.length - 1)) % TABS.length]!.id);
    else if (e.key === '?') this.#openKeys();
    else if (e.key === 'a') this.#ackFirst();
    else if (e.key === 'e' || e.key === '/') {
      this.#show('explore');
      void this.updateComplete.then(() => this.renderRoot.querySelector('dh-explore')?.focus());
    } else return;
    e.preventDefault();
  };

  #keys(): HTMLDialogElement | null { return this.renderRoot.querySelector<HTMLDialogElement>('dialog#keys'); }

  /** A modal dialog: Escape closes it, and closing gives focus back to where it was (the browser does both). */
  #openKeys = (): void => { this.#keys()?.showModal(); };

  /**
   * `a`: the same `ack_alert` the inbox's button sends, for the alert at the top of the inbox. A
   * seat that may not act (an observer, a drill not running) hears the server's reason.
   */
  #ackFirst(): void {
    const top = [...(this.#conn?.model.alerts ?? [])].sort(inboxOrder)[0];
    const first = top && alertOrder(top) === 0 ? top : undefined;
    if (!first) { toast(this, 'No firing alert is waiting to be acknowledged.'); return; }
    void sendCommand(this, { type: 'ack_alert', alert: first.alert })
      .then((r) => toast(this, r.ok ? `Acknowledged ${first.alert}.` : `Could not acknowledge ${first.alert}: ${r.message}`, r.ok ? 'ok' : 'error'));
  }

  static override styles = [base, css`
    /* The app's top bar (dh-app) sits above the room; the room fills the rest of the window. */
    :host { display: flex; flex-direction: column; height: calc(100vh - var(--dh-top-bar-height, 48px)); min-height: 480px; background: var(--bg); }
    .body { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) 400px; }
    .main { min-width: 0; min-height: 0; display: flex; flex-direction: column; border-right: 1px solid var(--border); }
    .tabbar { display: flex; align-items: center; border-bottom: 1px solid var(--border); background: var(--panel); }
    .tabs { flex: 1; min-width: 0; display: flex; gap: 2px; padding: 6px 10px 0; flex-wrap: nowrap; overflow-x: auto; scrollbar-width: thin; }
    .keys-btn { margin: 0 10px; padding: 3px 8px; font-size: 12px; color: var(--muted); }
    kbd { font: 12px var(--mono); border: 1px solid var(--border); border-radius: 4px; padding: 0 5px; background: var(--panel-2); color: var(--text); }
    dialog { background: var(--panel); color: var(--text); border: 1px solid var(--border); border-radius: var(--radius); padding: 18px 22px; }
    dialog::backdrop { background: #0008; }
    dl { display: grid; grid-template-columns: auto 1fr; gap: 8px 14px; }
    dt { text-align: right; } dd { margin: 0; }
    .tabs button { border: 0; border-bottom: 2px solid transparent; border-radius: 0; background: none; color: var(--muted); padding: 7px 9px 8px; white-space: nowrap; display: inline-flex; align-items: center; gap: 6px; }
    .tabs button[aria-selected='true'] { color: var(--text); border-bottom-color: var(--accent); font-weight: 600; }
    .tabs button:hover { color: var(--text); }
    .count { font-size: 11px; font-weight: 700; min-width: 18px; padding: 0 5px; border-radius: 999px; text-align: center; color: var(--bg); }
    .count.bad { background: var(--bad); } .count.info { background: var(--info); }
    /* Positioned, so what panels place absolutely (screen-reader-only labels) stays inside their scroll. */
    .panel-wrap { flex: 1; min-height: 0; overflow: auto; padding: 12px; position: relative; }
    .panel-wrap[hidden] { display: none; }
    .side { min-height: 0; overflow: hidden; position: relative; }
    .banner { padding: 6px 14px; font-size: 13px; border-bottom: 1px solid var(--border); }
    .banner.warn { background: #3a2a0c; color: #f5d28a; }
    .banner.bad { background: #3d1618; color: #ffb4ae; }
    .banner.info { background: #10243d; color: #b6d7ff; }
    .banner.ended { display: flex; align-items: center; justify-content: space-between; gap: 12px; flex-wrap: wrap; padding: 8px 14px; }
    .banner .next { display: flex; gap: 8px; }
    .banner a.button { display: inline-block; padding: 5px 12px; border-radius: var(--radius); border: 1px solid #1f4b80; color: #b6d7ff; text-decoration: none; font-weight: 600; }
    .banner a.button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-text); }
    .briefing { max-width: 760px; }
    .briefing h2 { font-size: 20px; }
    .waiting { background: #10243d; border: 1px solid #1f4b80; color: #b6d7ff; border-radius: var(--radius); padding: 8px 12px; }
    .loading, .fatal { margin: 15vh auto; max-width: 560px; padding: 24px; text-align: center; }
    .loading { color: var(--muted); }
  `];
}

function loadMessage(err: ApiError): string {
  if (err.status === 401 || err.status === 403) return `${err.message}. Your seat in this drill is not valid any more: join again with the join code.`;
  if (err.status === 404) return `${err.message}. The drill may have been deleted, or the link is wrong.`;
  return err.message;
}

customElements.define('dh-room', DhRoom);

declare global {
  interface HTMLElementTagNameMap { 'dh-room': DhRoom }
}
