/**
 * A team's drill history (`#/teams/:team`): phase scores across drills, each participant's
 * progress by phase, and the action items carried from drill to drill, which the facilitator
 * ticks off here. The server answers to a facilitator token of any drill of the team; the app
 * passes the seat it knows for the team, and the page tries this browser's other facilitator
 * seats when that one is not the team's.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { ApiError } from '../lib/api.js';
import { errorText } from '../lib/errors.js';
import { href } from '../lib/router.js';
import { mySeats } from '../lib/session.js';
import { base } from '../styles/theme.js';
import type { ActionItemToggle } from '../components/review/dh-action-item-board.js';
import { outOf, standing, wallDate } from '../components/review/format.js';
import { PHASE_SHORT, PHASE_TITLES, PHASES, phasePercent } from '../components/review/history.js';
import { getHistory, setActionItemStatus, type ActionItemRecord, type HistoryDrill, type HistoryReply } from '../components/review/review-api.js';
import '../components/review/dh-action-item-board.js';
import '../components/review/dh-history-chart.js';
import '../components/review/dh-participant-progress.js';

type Load = { kind: 'loading' } | { kind: 'ok'; history: HistoryReply; token: string } | { kind: 'no_seat' } | { kind: 'error'; message: string };

export class DhHistory extends LitElement {
  static override properties = {
    team: { type: String },
    token: { type: String },
    _load: { state: true },
    _busy: { state: true },
    _itemErrors: { state: true },
  };

  declare team: string;
  declare token: string;
  declare _load: Load;
  declare _busy: ReadonlySet<string>;
  declare _itemErrors: Readonly<Record<string, string>>;

  constructor() {
    super();
    this.team = '';
    this.token = '';
    this._load = { kind: 'loading' };
    this._busy = new Set();
    this._itemErrors = {};
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('team') || changed.has('token')) void this._fetch();
  }

  /** The tokens to try: the one given, then this browser's other facilitator seats that may be the team's. */
  private _candidates(): string[] {
    const others = mySeats().filter((s) => s.audience === 'facilitator' && (s.team === undefined || s.team === this.team)).map((s) => s.token);
    return [...new Set([this.token, ...others].filter(Boolean))];
  }

  private async _fetch(): Promise<void> {
    if (!this.team) return;
    document.title = `${this.team} history · Drillhall`;
    this._load = { kind: 'loading' };
    let last: unknown;
    for (const token of this._candidates()) {
      try {
        const history = await getHistory(this.team, token);
        this._load = { kind: 'ok', history, token };
        return;
      } catch (err) {
        last = err;
        // Another drill's seat, or a seat of another team: try the next one.
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) continue;
        break;
      }
    }
    this._load = last === undefined || (last instanceof ApiError && (last.status === 401 || last.status === 403)) ? { kind: 'no_seat' } : { kind: 'error', message: errorText(last) };
  }

  override render() {
    return html`<div class="page">
      <header>
        <h1>Team history <span class="team">${this.team}</span></h1>
        ${this._load.kind === 'ok' ? this._summary(this._load.history) : nothing}
      </header>
      ${this._body()}
    </div>`;
  }

  private _summary(h: HistoryReply) {
    const n = h.drills.length;
    if (n === 0) return html`<p class="muted">No drills yet.</p>`;
    const open = h.actionItems.filter((i) => i.status === 'open').length;
    return html`<p class="muted">${n} drill${n === 1 ? '' : 's'} from ${wallDate(h.drills[0]!.createdAt)} to ${wallDate(h.drills[n - 1]!.createdAt)} ·
      ${h.participants.length} participant${h.participants.length === 1 ? '' : 's'} · ${open} open action item${open === 1 ? '' : 's'}</p>`;
  }

  private _body() {
    const l = this._load;
    switch (l.kind) {
      case 'loading': return html`<p class="muted" role="status">Loading the team's drills…</p>`;
      case 'no_seat': return html`<section class="panel notice">
        <h2>This history opens for the team's facilitator</h2>
        <p>It opens in a browser that started one of <strong>${this.team}</strong>'s drills. This browser holds no facilitator seat for that team.</p>
        <p><a href="#/">Back to the scenario library</a></p>
      </section>`;
      case 'error': return html`<p class="error" role="alert">${l.message} <button @click=${() => void this._fetch()}>Try again</button></p>`;
      case 'ok': return this._history(l.history);
    }
  }

  private _history(h: HistoryReply) {
    const titles = Object.fromEntries(h.drills.map((d, i) => [d.id, `#${i + 1} ${d.title}`]));
    return html`
      <section class="panel" aria-labelledby="trend-h">
        <h2 id="trend-h">Score by phase across drills</h2>
        <dh-history-chart .drills=${h.drills}></dh-history-chart>
      </section>
      <section class="panel" aria-labelledby="drills-h">
        <h2 id="drills-h">Drills</h2>
        ${h.drills.length === 0 ? html`<p class="muted">No drills yet.</p>` : this._drillTable(h.drills)}
      </section>
      <section class="panel" aria-labelledby="people-h">
        <h2 id="people-h">Progress by participant</h2>
        <dh-participant-progress .history=${h}></dh-participant-progress>
      </section>
      <section class="panel">
        <dh-action-item-board heading="Action items carried from drill to drill" editable .items=${h.actionItems} .busy=${this._busy}
          .errors=${this._itemErrors} .drillTitles=${titles} empty="No action items yet: they come from submitted postmortems."
          @dh-action-item-toggle=${this._onToggle}></dh-action-item-board>
      </section>`;
  }

  private _drillTable(drills: readonly HistoryDrill[]) {
    return html`<div class="scroll"><table class="drills">
      <thead><tr>
        <th scope="col">#</th><th scope="col">Drill</th><th scope="col">Total</th>
        ${PHASES.map((p) => html`<th scope="col" class="ph" title=${PHASE_TITLES[p]}>${PHASE_SHORT[p]}</th>`)}
      </tr></thead>
      <tbody>${drills.map((d, i) => html`<tr>
        <td>${i + 1}</td>
        <th scope="row"><a href=${href({ page: 'report', drillId: d.id })}>${d.title}</a>
          <div class="sub">${wallDate(d.createdAt)}${d.endedAt === null ? ' · not ended' : ''} · ${d.participants.map((p) => p.name).join(', ') || 'no participants'}</div></th>
        <td class="total">${d.total === null ? html`<span class="muted">–</span>` : d.total}</td>
        ${PHASES.map((p) => {
          const ph = d.phases.find((x) => x.phase === p);
          if (!ph) return html`<td class="ph"><span class="muted">–</span></td>`;
          const pct = phasePercent(ph);
          return html`<td class="ph ${standing(ph)}" title=${ph.pending ? 'pending' : `${outOf(ph.earned, ph.possible)} points`}>${ph.pending ? html`<span class="muted">pending</span>` : `${Math.round(pct ?? 0)}%`}</td>`;
        })}
      </tr>`)}</tbody>
    </table></div>`;
  }

  private async _onToggle(e: CustomEvent<ActionItemToggle>): Promise<void> {
    const l = this._load;
    if (l.kind !== 'ok') return;
    const { id, status } = e.detail;
    const before = l.history.actionItems.find((i) => i.id === id);
    if (!before) return;
    // Show the change at once; the server's record replaces it, or the old one comes back with the reason.
    this._setItem(id, { ...before, status });
    this._busy = new Set([...this._busy, id]);
    const { [id]: _gone, ...rest } = this._itemErrors;
    this._itemErrors = rest;
    try {
      this._setItem(id, await setActionItemStatus(this.team, l.token, id, status));
    } catch (err) {
      this._setItem(id, before);
      this._itemErrors = { ...this._itemErrors, [id]: `Not changed: ${errorText(err)}` };
    } finally {
      const next = new Set(this._busy);
      next.delete(id);
      this._busy = next;
    }
  }

  private _setItem(id: string, rec: ActionItemRecord): void {
    const cur = this._load;
    if (cur.kind === 'ok') this._load = { ...cur, history: { ...cur.history, actionItems: cur.history.actionItems.map((i) => (i.id === id ? rec : i)) } };
  }

  static override styles = [base, css`
    :host { display: block; }
    .page { max-width: 1220px; margin: 0 auto; padding: 20px; display: grid; gap: 16px; }
    header h1 { display: flex; align-items: baseline; gap: 10px; }
    .team { font-family: var(--mono); font-size: 16px; color: var(--accent); }
    header p { margin: 0; }
    .notice { max-width: 640px; }
    .scroll { overflow-x: auto; }
    table.drills th[scope=row] { font-weight: 600; color: var(--text); font-size: 13px; }
    .sub { color: var(--muted); font-size: 12px; font-weight: 400; }
    td.total { font-weight: 700; font-size: 15px; }
    .ph { text-align: right; font-size: 12.5px; white-space: nowrap; }
    td.ok { color: var(--ok); } td.warn { color: var(--pending); } td.bad { color: #ff938a; }
    .error button { margin-left: 8px; }
  `];
}

customElements.define('dh-history', DhHistory);

declare global {
  interface HTMLElementTagNameMap { 'dh-history': DhHistory }
}
