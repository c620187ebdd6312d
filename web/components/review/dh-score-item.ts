/**
 * One scored item of the report: its points, the scorer's sentence and notes, a reviewer's
 * override beside the scorer's original (never instead of it), and the comments. The
 * facilitator can comment and override here; the new report goes up as `dh-report-change`.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { PhaseScore, ScoreItem, ScoreReport } from '../../lib/api-types.js';
import { errorText } from '../../lib/errors.js';
import { base } from '../../styles/theme.js';
import { afterRender } from './dh-pm-timeline.js';
import { isoShort, points } from './format.js';
import { overrideRange } from './report-view.js';
import { postReview, type DrillAccess } from './review-api.js';

export class DhScoreItem extends LitElement {
  static override properties = {
    item: { type: Object },
    phase: { type: Object },
    reviewer: { type: Boolean },
    access: { type: Object },
    _open: { state: true },
    _comment: { state: true },
    _overriding: { state: true },
    _earned: { state: true },
    _reason: { state: true },
    _busy: { state: true },
    _error: { state: true },
  };

  declare item: ScoreItem;
  declare phase: Pick<PhaseScore, 'weight' | 'pending'>;
  /** the facilitator: may comment and override */
  declare reviewer: boolean;
  declare access: DrillAccess;
  declare _open: boolean;
  declare _comment: string;
  declare _overriding: boolean;
  declare _earned: string;
  declare _reason: string;
  declare _busy: boolean;
  declare _error: string;

  constructor() {
    super();
    this.reviewer = false;
    this._open = false;
    this._comment = '';
    this._overriding = false;
    this._earned = '';
    this._reason = '';
    this._busy = false;
    this._error = '';
  }

  override render() {
    const i = this.item;
    if (!i) return nothing;
    const overridden = i.override !== undefined && i.original !== undefined;
    const pending = this.phase?.pending ?? false;
    const cls = pending ? 'pending' : i.penalty ? 'penalty' : i.earned >= i.possible ? 'full' : i.earned <= 0 ? 'none' : 'part';
    return html`<article class=${cls} aria-label=${i.label}>
      <div class="head">
        <h4>${i.penalty ? html`<span class="badge bad">penalty</span> ` : nothing}${i.label}</h4>
        ${pending ? html`<span class="pts muted">not scored yet</span>` : html`<span class="pts" aria-label="${points(i.earned)} of ${points(i.possible)} points${overridden ? ' after review' : ''}">
          ${i.penalty ? points(i.earned) : html`${points(i.earned)}<span class="of"> / ${points(i.possible)}</span>`}</span>`}
      </div>
      <p class="expl">${i.explanation}</p>
      ${i.notes?.length ? html`<details><summary>${i.notes.length} detail${i.notes.length === 1 ? '' : 's'}</summary>
        <ul class="notes">${i.notes.map((n) => html`<li>${n}</li>`)}</ul></details>` : nothing}
      ${overridden ? this._override(i) : nothing}
      ${i.comments?.length ? html`<ul class="comments" aria-label="Reviewer comments">${i.comments.map((c) => html`<li>
        <span class="ctext">${c.text}</span><span class="cmeta">${c.by ?? 'reviewer'}${c.at ? `, ${isoShort(c.at)}` : ''}</span></li>`)}</ul>` : nothing}
      ${this.reviewer && !this.phase?.pending ? this._reviewControls() : nothing}
    </article>`;
  }

  private _override(i: ScoreItem) {
    const o = i.override!;
    return html`<div class="override" role="group" aria-label="Score changed by a reviewer">
      <div class="side orig"><span class="k">Scorer</span><span class="v">${points(i.original!)}</span></div>
      <span class="arrow" aria-hidden="true">→</span>
      <div class="side rev"><span class="k">Reviewer</span><span class="v">${points(o.earned)}</span></div>
      <div class="why"><span class="reason">“${o.reason}”</span><span class="cmeta">${o.by}, ${isoShort(o.at)}</span></div>
    </div>`;
  }

  private _reviewControls() {
    if (!this._open) {
      return html`<div class="row actions"><button class="small" @click=${this._onOpen}>Comment or override…</button></div>`;
    }
    const [lo, hi] = overrideRange(this.item, this.phase);
    const id = this.item.id.replace(/[^\w-]/g, '_');
    return html`<form class="review" @submit=${this._onSubmit} aria-label="Review ${this.item.label}">
      <label for="c-${id}">Comment (trainees see it once the report is published)</label>
      <textarea id="c-${id}" rows="2" .value=${this._comment} @input=${(e: Event) => { this._comment = (e.target as HTMLTextAreaElement).value; }}></textarea>
      <label class="check"><input type="checkbox" .checked=${this._overriding} @change=${(e: Event) => { this._overriding = (e.target as HTMLInputElement).checked; }} />
        Override the points</label>
      ${this._overriding ? html`<div class="ovr">
        <div><label for="e-${id}">Points (${points(lo)} to ${points(hi)})</label>
          <input id="e-${id}" type="number" step="0.01" min=${lo} max=${hi} .value=${this._earned} @input=${(e: Event) => { this._earned = (e.target as HTMLInputElement).value; }} /></div>
        <div class="grow"><label for="r-${id}">Reason (required; shown beside the scorer's ${points(this.item.original ?? this.item.earned)})</label>
          <input id="r-${id}" .value=${this._reason} placeholder="e.g. the pager was down; they acknowledged in chat at T+00:03" @input=${(e: Event) => { this._reason = (e.target as HTMLInputElement).value; }} /></div>
      </div>` : nothing}
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      <div class="row"><button class="primary small" type="submit" ?disabled=${this._busy}>${this._busy ? 'Saving…' : 'Save review'}</button>
        <button class="small" type="button" @click=${this._onCancel}>Cancel</button></div>
    </form>`;
  }

  private _onOpen(): void {
    this._open = true;
    this._error = '';
    this._earned = points(this.item.earned).replace('−', '-');
    void afterRender().then(() => this.renderRoot.querySelector<HTMLTextAreaElement>('textarea')?.focus());
  }

  private _onCancel(): void {
    this._open = false;
    this._comment = '';
    this._overriding = false;
    this._reason = '';
    this._error = '';
    void afterRender().then(() => this.renderRoot.querySelector<HTMLButtonElement>('.actions button')?.focus());
  }

  private async _onSubmit(e: Event): Promise<void> {
    e.preventDefault();
    const comment = this._comment.trim();
    const [lo, hi] = overrideRange(this.item, this.phase);
    let override: { earned: number; reason: string } | undefined;
    if (this._overriding) {
      const earned = Number(this._earned);
      if (this._earned.trim() === '' || !Number.isFinite(earned)) { this._error = `Give the points as a number from ${points(lo)} to ${points(hi)}.`; return; }
      if (earned < lo || earned > hi) { this._error = `This item can be given ${points(lo)} to ${points(hi)} points, not ${points(earned)}.`; return; }
      if (!this._reason.trim()) { this._error = 'Give a reason for the override: it is shown beside the scorer\'s points.'; return; }
      override = { earned, reason: this._reason.trim() };
    }
    if (!comment && !override) { this._error = 'Write a comment or override the points.'; return; }
    this._busy = true;
    this._error = '';
    try {
      const r = await postReview(this.access, { itemId: this.item.id, ...(comment ? { comment } : {}), ...(override ? { override } : {}) });
      this.dispatchEvent(new CustomEvent<ScoreReport>('dh-report-change', { detail: r.report, bubbles: true, composed: true }));
      this._onCancel();
    } catch (err) {
      this._error = `Not saved: ${errorText(err)}`;
    } finally {
      this._busy = false;
    }
  }

  static override styles = [base, css`
    :host { display: block; }
    article { border-left: 3px solid var(--border); padding: 6px 0 8px 12px; }
    article.full { border-left-color: var(--ok); }
    article.part { border-left-color: var(--pending); }
    article.none, article.penalty { border-left-color: var(--bad); }
    article.pending { border-left-style: dashed; }
    .pts.muted { font-weight: 400; font-size: 13px; }
    .head { display: flex; align-items: baseline; gap: 12px; }
    h4 { margin: 0; flex: 1; font-size: 14px; font-weight: 600; }
    .pts { font-weight: 700; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .of { color: var(--muted); font-weight: 400; }
    .penalty .pts { color: #ff938a; }
    .expl { margin: 2px 0 0; }
    details { margin-top: 4px; font-size: 13px; }
    summary { cursor: pointer; color: var(--accent); }
    .notes { margin: 4px 0 0; padding-left: 18px; color: var(--muted); }
    .override { display: grid; grid-template-columns: auto auto auto 1fr; align-items: center; gap: 8px 10px; margin-top: 8px; padding: 8px 10px; background: var(--panel-2); border: 1px solid #d2992266; border-radius: var(--radius); }
    .side { display: flex; flex-direction: column; align-items: center; min-width: 64px; }
    .side .k { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
    .side .v { font-size: 18px; font-weight: 700; font-variant-numeric: tabular-nums; }
    .orig .v { color: var(--muted); }
    .rev .v { color: var(--pending); }
    .arrow { color: var(--muted); }
    .why { display: flex; flex-direction: column; min-width: 0; }
    .reason { font-style: italic; }
    .cmeta { color: var(--muted); font-size: 12px; }
    .comments { list-style: none; margin: 8px 0 0; padding: 0; display: grid; gap: 4px; }
    .comments li { display: flex; flex-direction: column; padding: 6px 10px; background: #0f1d33; border: 1px solid #1f6feb55; border-radius: var(--radius); }
    .actions { margin-top: 6px; }
    button.small { padding: 3px 10px; font-size: 12.5px; }
    form.review { display: grid; gap: 6px; margin-top: 8px; padding: 10px; border: 1px solid var(--border); border-radius: var(--radius); background: var(--panel-2); }
    form.review label { margin: 0; }
    label.check { display: flex; align-items: center; gap: 6px; color: var(--text); font-size: 13px; cursor: pointer; }
    .ovr { display: flex; gap: 10px; align-items: flex-end; }
    .ovr input[type=number] { width: 120px; }
    .ovr .grow { flex: 1; }
    .ovr .grow input { width: 100%; }
    .error { margin: 0; font-size: 13px; }
  `];
}

customElements.define('dh-score-item', DhScoreItem);

declare global {
  interface HTMLElementTagNameMap { 'dh-score-item': DhScoreItem }
  interface HTMLElementEventMap { 'dh-report-change': CustomEvent<ScoreReport> }
}
