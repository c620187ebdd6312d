/**
 * The drill report (`#/drills/:id/report`): the total and every phase's points with the
 * sentence behind each item, the drill on charts with the team's and the expected moves, the
 * alert-tuning lab, and the submitted postmortem. The facilitator reviews here (comments,
 * overrides with a reason, shown beside the scorer's points) and publishes; trainees see it once
 * published, and until then a page that opens the report by itself when it is: it waits for
 * `report_published` on the drill's socket and does not ask the report route before then.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { ScoreReport } from '../lib/api-types.js';
import { ApiError } from '../lib/api.js';
import { errorText } from '../lib/errors.js';
import { href } from '../lib/router.js';
import { seatFor } from '../lib/session.js';
import { toast } from '../lib/toast.js';
import { base } from '../styles/theme.js';
import { cssVars } from '../components/review/css-vars.js';
import { downloadWithToken } from '../components/review/download.js';
import { outOf, percentOf, points, simClock, standing } from '../components/review/format.js';
import { PHASE_SHORT } from '../components/review/history.js';
import { reviewedCount, totalSentence } from '../components/review/report-view.js';
import { exportPaths, getReport, setPublished, type DrillAccess, type ReportReply } from '../components/review/review-api.js';
import { WatchController } from '../lib/watch-controller.js';
import '../components/review/dh-alert-lab.js';
import '../components/review/dh-phase-card.js';
import '../components/review/dh-postmortem-doc.js';
import '../components/review/dh-report-charts.js';

export class DhReport extends LitElement {
  static override properties = {
    drillId: { type: String },
    token: { type: String },
    _reply: { state: true },
    _publishing: { state: true },
    _publishError: { state: true },
    _downloading: { state: true },
    _downloadError: { state: true },
  };

  declare drillId: string;
  declare token: string;
  declare _reply: ReportReply | undefined;
  declare _publishing: boolean;
  declare _publishError: string;
  declare _downloading: '' | 'markdown' | 'json';
  declare _downloadError: string;

  /**
   * The drill view says whether the report is out: a trainee waits for it (status `waiting`)
   * without asking the report route, which would answer 403 not_published, until it is.
   */
  #watch = new WatchController(this, {
    label: 'report',
    ready: (d) => !!d.view && (d.view.audience === 'facilitator' || d.view.published),
    waitOn: (err) => err instanceof ApiError && err.code === 'not_published',
    load: (a) => this._load(a),
  });
  #drill = this.#watch.drill;
  #sawPublished = false;

  constructor() {
    super();
    this.drillId = '';
    this.token = '';
    this._reply = undefined;
    this._publishing = false;
    this._publishError = '';
    this._downloading = '';
    this._downloadError = '';
  }

  protected override willUpdate(): void {
    // `report_published` arrived on the socket: open the report now.
    if (this.#drill.publishedLive && !this.#sawPublished) {
      this.#sawPublished = true;
      if (this.#watch.status === 'waiting') void this.#watch.load();
    }
  }

  private get _facilitator(): boolean {
    return (this.#drill.view?.audience ?? seatFor(this.drillId)?.audience) === 'facilitator';
  }

  private async _load(access: DrillAccess): Promise<void> {
    const reply = await getReport(access);
    const wasWaiting = this.#watch.status === 'waiting';
    this._reply = reply;
    if (wasWaiting) toast(this, 'The facilitator published the report.', 'ok');
  }

  override render() {
    if (!this.token) {
      return html`<section class="panel notice"><h1>Drill report</h1>
        <p>This browser has no seat in drill <code>${this.drillId}</code>. The report opens for the drill's facilitator, and for its trainees once published.</p>
        <p><a href="#/">Back to the scenario library</a></p></section>`;
    }
    switch (this.#watch.status) {
      case 'loading': return html`<p class="loading" role="status">Scoring the drill…</p>`;
      case 'error': return html`<section class="panel notice"><h1>Drill report</h1><p class="error" role="alert">${this.#watch.error}</p>
        <button @click=${() => this.#watch.retry()}>Try again</button></section>`;
      case 'waiting': return this._unpublished();
      case 'ok': return this._report(this._reply!);
    }
  }

  private _unpublished() {
    const ended = this.#drill.phase === 'ended';
    return html`<section class="panel notice wait" aria-live="polite">
      <h1>The report is not published yet</h1>
      <p class="big">The facilitator reviews the scores before the team sees them.</p>
      <p>This page opens the report by itself as soon as it is published: keep it open.</p>
      <p class="muted">${ended ? 'The drill has ended.' : 'The drill has not ended yet; the report comes after it does.'}</p>
      <p class="links">
        <a href=${href({ page: 'postmortem', drillId: this.drillId })}>${ended ? 'Write or review the postmortem' : 'Start the postmortem draft'}</a>
        <a href=${href({ page: 'room', drillId: this.drillId })}>Back to the incident room</a>
      </p>
    </section>`;
  }

  private _report(r: ReportReply) {
    const rep = r.report;
    const view = this.#drill.view;
    const end = Math.max(rep.at, this.#drill.t);
    const access = { drillId: this.drillId, token: this.token };
    const pendingPm = rep.phases.some((p) => p.pending);
    const rules = (view?.scenario.alerts ?? []).map((a) => ({ alert: a.alert, expr: a.expr, for: a.for }));
    return html`<div class="page">
      ${this._header(r)}
      ${this._overview(rep)}
      <section class="panel" aria-labelledby="charts-h">
        <h2 id="charts-h">The drill on charts</h2>
        <p class="muted sub">What the system did, with what the team did and what the answer key expected${this._facilitator ? '' : ' (published with the report)'}.</p>
        ${view ? html`<dh-report-charts .access=${access} .scenario=${view.scenario} .alerts=${view.state.alerts} .end=${end} .markers=${r.markers}></dh-report-charts>` : html`<p class="muted">Loading the drill…</p>`}
      </section>
      <section aria-labelledby="phases-h" class="phases" @dh-report-change=${this._onReportChange}>
        <h2 id="phases-h">Score by phase</h2>
        ${pendingPm ? html`<p class="banner">Postmortem and follow-up are not scored until a postmortem is submitted.
          <a href=${href({ page: 'postmortem', drillId: this.drillId })}>${this._facilitator ? 'Open the postmortem' : 'Write the postmortem'}</a></p>` : nothing}
        ${rep.phases.map((p) => html`<dh-phase-card id="phase-${p.phase}" .phase=${p} ?reviewer=${this._facilitator} .access=${access}></dh-phase-card>`)}
      </section>
      <section class="panel" aria-labelledby="lab-h">
        <h2 id="lab-h">Alert-tuning lab</h2>
        <dh-alert-lab .access=${access} .rules=${rules} .end=${end}></dh-alert-lab>
      </section>
      <section class="panel" aria-labelledby="pm-h">
        <h2 id="pm-h">The postmortem</h2>
        ${r.postmortem ? html`<details><summary>Read the submitted postmortem</summary><dh-postmortem-doc .postmortem=${r.postmortem}></dh-postmortem-doc></details>`
          : html`<p class="muted">No postmortem has been submitted. <a href=${href({ page: 'postmortem', drillId: this.drillId })}>Open the editor</a>.</p>`}
      </section>
    </div>`;
  }

  private _header(r: ReportReply) {
    const rep = r.report;
    const view = this.#drill.view;
    const reviewed = reviewedCount(rep);
    const team = view?.team;
    return html`<header class="panel head">
      <div class="who">
        <h1>Drill report</h1>
        <p class="muted">${view ? html`${view.scenario.title} · ` : nothing}scored at ${simClock(rep.at)}${view?.state.incident.severity ? ` · ${view.state.incident.severity}` : ''}${team ? html` · team <strong>${team}</strong>` : nothing}</p>
        <p class="state">${r.published ? html`<span class="badge ok">published</span> trainees can read it` : html`<span class="badge warn">not published</span> only you can see it`}
          ${reviewed ? html` · ${reviewed} item${reviewed === 1 ? '' : 's'} reviewed` : nothing}</p>
      </div>
      <div class="total" aria-label="Total score ${points(rep.total)} out of 100">
        <span class="num">${points(rep.total)}</span><span class="of">/ 100</span>
      </div>
      <p class="sentence">${totalSentence(rep)}</p>
      <div class="row actions">
        ${this._facilitator ? html`<button class=${r.published ? '' : 'primary'} ?disabled=${this._publishing} @click=${() => void this._onPublish(!r.published)}>
          ${this._publishing ? 'Saving…' : r.published ? 'Unpublish' : 'Publish to trainees'}</button>` : nothing}
        <button ?disabled=${!r.postmortem || this._downloading !== ''} title=${r.postmortem ? 'The postmortem in the usual Markdown template, with the score' : 'No postmortem submitted yet'}
          @click=${() => void this._onDownload('markdown')}>${this._downloading === 'markdown' ? 'Preparing…' : 'Download postmortem.md'}</button>
        <button ?disabled=${this._downloading !== ''} title="The whole report as JSON" @click=${() => void this._onDownload('json')}>${this._downloading === 'json' ? 'Preparing…' : 'Download report.json'}</button>
        ${team && this._facilitator ? html`<a class="btnlink" href=${href({ page: 'history', team })}>Team history</a>` : nothing}
        <a class="btnlink" href=${href({ page: this._facilitator ? 'facilitator' : 'room', drillId: this.drillId })}>${this._facilitator ? 'Facilitator console' : 'Incident room'}</a>
      </div>
      ${this._publishError ? html`<p class="error" role="alert">${this._publishError}</p>` : nothing}
      ${this._downloadError ? html`<p class="error" role="alert">${this._downloadError}</p>` : nothing}
    </header>`;
  }

  private _overview(rep: ScoreReport) {
    return html`<nav class="overview" aria-label="Phases">${rep.phases.map((p) => {
      const st = standing(p);
      return html`<button class="ph ${st}" @click=${() => this._jump(p.phase)} aria-label="${p.title}: ${p.pending ? 'pending' : `${outOf(p.earned, p.possible)} points`}">
        <span class="t">${PHASE_SHORT[p.phase]}</span>
        <span class="p">${p.pending ? 'pending' : outOf(p.earned, p.possible)}</span>
        <span class="bar" aria-hidden="true"><span style=${cssVars({ '--w': `${p.pending ? 0 : percentOf(p.earned, p.possible)}%` })}></span></span>
      </button>`;
    })}</nav>`;
  }

  private _jump(phase: string): void {
    const el = this.renderRoot.querySelector<HTMLElement>(`#phase-${phase}`);
    el?.scrollIntoView({ block: 'start' });
    el?.shadowRoot?.querySelector<HTMLElement>('h3')?.setAttribute('tabindex', '-1');
    el?.shadowRoot?.querySelector<HTMLElement>('h3')?.focus({ preventScroll: true });
  }

  private _onReportChange(e: CustomEvent<ScoreReport>): void {
    if (this._reply) this._reply = { ...this._reply, report: e.detail };
  }

  private async _onPublish(published: boolean): Promise<void> {
    this._publishing = true;
    this._publishError = '';
    try {
      const r = await setPublished({ drillId: this.drillId, token: this.token }, published);
      if (this._reply) this._reply = { ...this._reply, published: r.published };
      toast(this, r.published ? 'Published: trainees can read the report now.' : 'Unpublished: trainees no longer see the report.', 'ok');
    } catch (err) {
      this._publishError = `${published ? 'Not published' : 'Not unpublished'}: ${errorText(err)}`;
    } finally {
      this._publishing = false;
    }
  }

  private async _onDownload(kind: 'markdown' | 'json'): Promise<void> {
    this._downloading = kind;
    this._downloadError = '';
    try {
      const paths = exportPaths(this.drillId);
      const name = await downloadWithToken(kind === 'markdown' ? paths.markdown : paths.json, this.token, this.drillId, kind);
      toast(this, `Saved ${name}.`, 'ok');
    } catch (err) {
      this._downloadError = `Download failed: ${errorText(err)}`;
    } finally {
      this._downloading = '';
    }
  }

  static override styles = [base, css`
    :host { display: block; }
    .notice { max-width: 680px; margin: 48px auto; padding: 24px 28px; }
    .wait .big { font-size: 17px; }
    .links { display: flex; gap: 20px; margin-top: 16px; }
    .loading { padding: 40px; color: var(--muted); }
    .page { max-width: 1220px; margin: 0 auto; padding: 16px 20px 80px; display: grid; gap: 14px; }
    .head { display: grid; grid-template-columns: 1fr auto; gap: 4px 20px; align-items: start; }
    .head h1 { margin: 0; }
    .head p { margin: 2px 0; }
    .state { font-size: 13px; }
    .total { grid-row: span 2; text-align: right; line-height: 1; }
    .total .num { font-size: 44px; font-weight: 700; font-variant-numeric: tabular-nums; }
    .total .of { color: var(--muted); font-size: 16px; margin-left: 4px; }
    .sentence { grid-column: 1 / -1; color: var(--muted); }
    .actions { grid-column: 1 / -1; margin-top: 8px; }
    .head .error { grid-column: 1 / -1; }
    .btnlink { display: inline-block; padding: 6px 10px; border: 1px solid var(--border); border-radius: var(--radius); background: var(--panel-2); color: var(--text); text-decoration: none; }
    .btnlink:hover { filter: brightness(1.15); }
    .overview { display: grid; grid-template-columns: repeat(9, minmax(0, 1fr)); gap: 6px; }
    @media (max-width: 1100px) { .overview { grid-template-columns: repeat(5, minmax(0, 1fr)); } }
    .ph { display: grid; gap: 2px; text-align: left; padding: 6px 8px; background: var(--panel); }
    .ph .t { font-size: 12px; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .ph .p { font-weight: 700; font-variant-numeric: tabular-nums; }
    .ph.ok .p { color: var(--ok); } .ph.warn .p { color: var(--pending); } .ph.bad .p { color: #ff938a; } .ph.pending .p { color: var(--muted); font-weight: 500; }
    .ph .bar { height: 4px; background: var(--panel-2); border-radius: 2px; overflow: hidden; }
    .ph .bar span { display: block; height: 100%; width: var(--w); background: currentColor; }
    .ph.ok .bar span { background: var(--ok); } .ph.warn .bar span { background: var(--pending); } .ph.bad .bar span { background: var(--bad); }
    .sub { margin: -4px 0 8px; font-size: 13px; }
    .phases { display: grid; gap: 10px; }
    .phases h2 { margin: 6px 0 0; }
    .banner { margin: 0; padding: 8px 12px; border: 1px solid var(--warn); background: #2b2210; border-radius: var(--radius); }
    details summary { cursor: pointer; color: var(--accent); margin-bottom: 8px; }
    code { font-family: var(--mono); font-size: 12.5px; }
  `];
}

customElements.define('dh-report', DhReport);

declare global {
  interface HTMLElementTagNameMap { 'dh-report': DhReport }
}
