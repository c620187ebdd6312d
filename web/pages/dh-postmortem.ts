/**
 * The postmortem editor (`#/drills/:id/postmortem`): the usual template's sections, the
 * timeline pre-filled from the drill's own log, action items, and the team's open items from
 * earlier drills. The draft saves itself as people type and comes back on reload; several
 * people may edit (last write wins, and the page says whose save is on show). Submitting,
 * once the drill has ended, grades it and keeps the page open with a confirmation; the whole team
 * hears who submitted (`postmortem_submitted` on the drill's socket), and the report link shows
 * for whoever may read it (the facilitator, trainees once published). Problems are shown in the
 * section they belong to.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { ApiError } from '../lib/api.js';
import { errorText } from '../lib/errors.js';
import { href } from '../lib/router.js';
import { seatFor } from '../lib/session.js';
import { toast } from '../lib/toast.js';
import { base } from '../styles/theme.js';
import { DraftSaver } from '../components/review/draft-saver.js';
import { wallTime } from '../components/review/format.js';
import {
  draftFromForm, emptySections, formFromDraft, formProblems, mergePrefill, postmortemFromForm, problemsFromIssues, SECTIONS,
  type ActionRow, type ImpactForm, type ListField, type PostmortemForm, type Problems, type SectionId, type TextField, type TimelineRow,
} from '../components/review/postmortem-form.js';
import { getPostmortem, putDraft, submitPostmortem, type PostmortemDraft, type PostmortemState } from '../components/review/review-api.js';
import { ReviewDrill } from '../components/review/review-drill.js';
import '../components/review/dh-action-item-board.js';
import '../components/review/dh-pm-action-items.js';
import '../components/review/dh-pm-impact.js';
import '../components/review/dh-pm-timeline.js';
import '../components/review/dh-save-indicator.js';

/** How often the page looks for someone else's save. */
const POLL_MS = 10_000;

const TITLES = Object.fromEntries(SECTIONS.map((s) => [s.id, s.title])) as Record<SectionId, string>;

export class DhPostmortem extends LitElement {
  static override properties = {
    drillId: { type: String },
    token: { type: String },
    _state: { state: true },
    _form: { state: true },
    _loadError: { state: true },
    _remote: { state: true },
    _note: { state: true },
    _tried: { state: true },
    _serverProblems: { state: true },
    _submitting: { state: true },
    _confirmEmpty: { state: true },
    _submitError: { state: true },
    _mergeNote: { state: true },
  };

  declare drillId: string;
  declare token: string;
  declare _state: PostmortemState | undefined;
  declare _form: PostmortemForm | undefined;
  declare _loadError: string | undefined;
  /** a newer save by someone else, held while this browser has unsaved text */
  declare _remote: { by: string; at: number; draft: PostmortemDraft } | undefined;
  /** a passing remark: whose save was just loaded */
  declare _note: string;
  declare _tried: boolean;
  declare _serverProblems: Problems;
  declare _submitting: boolean;
  declare _confirmEmpty: readonly SectionId[] | undefined;
  declare _submitError: string;
  declare _mergeNote: string;

  #drill = new ReviewDrill(this, 'postmortem');
  #saver = new DraftSaver(this, (d) => putDraft({ drillId: this.drillId, token: this.token }, d));
  #knownSavedAt = 0;
  #poll?: ReturnType<typeof setInterval>;

  constructor() {
    super();
    this.drillId = '';
    this.token = '';
    this._state = undefined;
    this._form = undefined;
    this._loadError = undefined;
    this._remote = undefined;
    this._note = '';
    this._tried = false;
    this._serverProblems = {};
    this._submitting = false;
    this._confirmEmpty = undefined;
    this._submitError = '';
    this._mergeNote = '';
    this.#saver.onSaved = (s) => { this.#knownSavedAt = Math.max(this.#knownSavedAt, s.savedAt); };
    this.#drill.onEvents = (events) => {
      for (const { event: e } of events) {
        if (e.type === 'report_published') toast(this, 'The facilitator published the report: the team can read it now.', 'ok');
        // The submitter hears from their own reply; everyone else from the stream.
        if (e.type !== 'postmortem_submitted' || this._submitting || e.by === this._me) continue;
        toast(this, `${e.by ?? 'Someone'} submitted the postmortem.`, 'ok');
        void this._checkRemote();
      }
    };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#poll = setInterval(() => { if (document.visibilityState === 'visible') void this._checkRemote(); }, POLL_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#poll);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('drillId') || changed.has('token')) && this.drillId && this.token) {
      this.#drill.watch(this.drillId, this.token);
      void this._load();
    }
  }

  private get _me(): string {
    const seat = seatFor(this.drillId);
    return seat ? (seat.audience === 'facilitator' ? 'Facilitator' : seat.name) : '';
  }

  private get _readonly(): boolean {
    return seatFor(this.drillId)?.role === 'observer';
  }

  private async _load(): Promise<void> {
    try {
      const st = await getPostmortem({ drillId: this.drillId, token: this.token });
      this._state = st;
      this._form = formFromDraft(st.draft, st.prefill.timeline);
      this.#knownSavedAt = st.savedAt ?? 0;
      if (st.savedAt !== null) this.#saver.state = { kind: 'saved', at: st.savedAt, by: st.savedBy };
      this._loadError = undefined;
    } catch (err) {
      this._loadError = errorText(err);
    }
  }

  /** Someone else saved since: take their text when this browser has nothing unsaved, else offer it. */
  private async _checkRemote(): Promise<void> {
    if (!this._state) return;
    let st: PostmortemState;
    try { st = await getPostmortem({ drillId: this.drillId, token: this.token }); } catch { return; }
    this._state = { ...this._state, submitted: st.submitted, carried: st.carried, prefill: st.prefill, ...(st.impact !== undefined ? { impact: st.impact } : {}) };
    if (st.savedAt === null || st.savedAt <= this.#knownSavedAt || !st.draft) return;
    const by = st.savedBy ?? 'someone';
    if (!this.#saver.unsaved) {
      this.#knownSavedAt = st.savedAt;
      this._form = formFromDraft(st.draft, st.prefill.timeline);
      this.#saver.state = { kind: 'saved', at: st.savedAt, by: st.savedBy };
      this._remote = undefined;
      this._note = `Showing ${by === this._me ? 'your' : `${by}'s`} save from ${wallTime(st.savedAt)}.`;
    } else {
      this._remote = { by, at: st.savedAt, draft: st.draft };
    }
  }

  private _onTakeRemote(): void {
    const r = this._remote;
    if (!r || !this._state) return;
    this.#saver.discard();
    this.#knownSavedAt = r.at;
    this._form = formFromDraft(r.draft, this._state.prefill.timeline);
    this.#saver.state = { kind: 'saved', at: r.at, by: r.by };
    this._remote = undefined;
    this._note = `Showing ${r.by}'s save from ${wallTime(r.at)}.`;
  }

  private _edit(next: PostmortemForm, section: SectionId): void {
    this._form = next;
    this._note = '';
    if (this._serverProblems[section]) {
      const { [section]: _gone, ...rest } = this._serverProblems;
      this._serverProblems = rest;
    }
    this._confirmEmpty = undefined;
    this.#saver.schedule(draftFromForm(next));
  }

  override render() {
    if (!this.token) {
      return html`<section class="panel notice"><h1>Postmortem</h1>
        <p>This browser has no seat in drill <code>${this.drillId}</code>. The postmortem is written by the drill's trainees and facilitator.</p>
        <p><a href=${href({ page: 'join', drillId: this.drillId, code: '' })}>Join the drill</a> or go <a href="#/">back to the scenario library</a>.</p></section>`;
    }
    if (this._loadError) return html`<section class="panel notice"><h1>Postmortem</h1><p class="error" role="alert">${this._loadError}</p><button @click=${() => void this._load()}>Try again</button></section>`;
    const f = this._form;
    if (!f || !this._state) return html`<p class="loading" role="status">Loading the postmortem…</p>`;
    const problems = this._problems(f);
    const empty = new Set(emptySections(f));
    return html`<div class="layout">
      ${this._toc(problems, empty)}
      <div class="main">
        ${this._bar()}
        ${this._banners()}
        ${this._state.carried.length ? html`<section class="panel carried">
          <dh-action-item-board heading="Open action items from earlier drills" .items=${this._state.carried}></dh-action-item-board>
          <p class="muted small">Did this drill show one of them would have helped? Say so in the sections below.</p></section>` : nothing}
        <p class="muted blameless">Write about systems, conditions and decisions, not people: "the change had no review step", not "X forgot".</p>
        ${SECTIONS.map((s) => this._section(s.id, s.title, s.hint, problems[s.id], empty.has(s.id)))}
        ${this._submitArea(problems)}
      </div>
    </div>`;
  }

  private _problems(f: PostmortemForm): Problems {
    const live = this._tried ? formProblems(f) : {};
    const out: Record<string, string[]> = {};
    for (const s of SECTIONS) {
      const xs = [...(live[s.id] ?? []), ...(this._serverProblems[s.id] ?? [])];
      if (xs.length) out[s.id] = xs;
    }
    return out as Problems;
  }

  private _toc(problems: Problems, empty: ReadonlySet<SectionId>) {
    const written = SECTIONS.length - empty.size;
    return html`<nav class="toc" aria-label="Postmortem sections">
      <p class="progress"><strong>${written}</strong> of ${SECTIONS.length} sections written</p>
      <ol>${SECTIONS.map((s) => {
        const bad = !!problems[s.id];
        const state = bad ? 'problem' : empty.has(s.id) ? 'empty' : 'written';
        return html`<li><a href="#" class=${state} @click=${(e: Event) => this._onJump(e, s.id)}>
          <span class="mark" aria-hidden="true">${bad ? '!' : empty.has(s.id) ? '○' : '✓'}</span>${s.title}<span class="sr-only"> (${state})</span></a></li>`;
      })}</ol>
    </nav>`;
  }

  private _onJump(e: Event, id: SectionId): void {
    e.preventDefault();
    const sec = this.renderRoot.querySelector<HTMLElement>(`#sec-${id}`);
    sec?.scrollIntoView({ block: 'start' });
    const field = sec?.querySelector<HTMLElement>('textarea, input, dh-pm-impact, dh-pm-timeline, dh-pm-action-items');
    (field ?? sec)?.focus({ preventScroll: true });
  }

  private _bar() {
    const ended = this.#drill.phase === 'ended';
    const why = ended ? '' : this.#drill.phase === undefined ? 'Checking whether the drill has ended…' : 'Submit opens when the facilitator ends the drill. Drafts save meanwhile.';
    return html`<header class="bar">
      <div class="titles"><h1>Postmortem</h1>${this.#drill.view ? html`<span class="muted">${this.#drill.view.scenario.title}</span>` : nothing}</div>
      <dh-save-indicator .state=${this.#saver.state} .me=${this._me} @dh-save-retry=${() => void this.#saver.retry()}></dh-save-indicator>
      ${this._readonly ? nothing : html`<button class="primary" ?disabled=${!ended || this._submitting} title=${why || 'Grade the postmortem; the team is told it was submitted'}
        aria-describedby=${why ? 'submit-why' : nothing} @click=${() => void this._onSubmit(false)}>${this._submitting ? 'Submitting…' : this._state?.submitted ? 'Submit again' : 'Submit'}</button>`}
      ${why && !this._readonly ? html`<p id="submit-why" class="why muted">${why}</p>` : nothing}
    </header>`;
  }

  private _banners() {
    const st = this._state!;
    return html`
      ${this._readonly ? html`<p class="banner info">You joined as an observer: you can read the draft but not edit it.</p>` : nothing}
      ${st.submitted ? html`<p class="banner ok" role="status" id="submitted">Submitted by ${st.submitted.by === this._me ? 'you' : st.submitted.by} at ${wallTime(st.submitted.at)}: graded.
        ${this.#drill.mayReadReport
          ? html`<a href=${href({ page: 'report', drillId: this.drillId })}>Open the report</a>.`
          : html`The report opens for the team when the facilitator publishes it (<a href=${href({ page: 'report', drillId: this.drillId })}>wait for it here</a>).`}
        Submitting again replaces the graded version.</p>` : nothing}
      ${this._remote ? html`<div class="banner warn" role="alert">${this._remote.by} saved a newer draft at ${wallTime(this._remote.at)} while you were typing.
        Your next save replaces theirs (last write wins).
        <button @click=${this._onTakeRemote}>Load their version (drop my unsaved edits)</button></div>` : nothing}
      ${this._note ? html`<p class="banner info" role="status">${this._note}</p>` : nothing}`;
  }

  private _section(id: SectionId, title: string, hint: string, problems: readonly string[] | undefined, empty: boolean) {
    return html`<section class="panel sec ${problems ? 'has-problem' : ''}" id="sec-${id}" aria-labelledby="h-${id}" tabindex="-1">
      <div class="sec-head"><h2 id="h-${id}">${title}</h2>${empty ? html`<span class="badge muted-badge">empty</span>` : nothing}</div>
      <p class="hint" id="hint-${id}">${hint}</p>
      ${problems ? html`<ul class="problems" role="alert" id="err-${id}">${problems.map((p) => html`<li>${p}</li>`)}</ul>` : nothing}
      ${this._field(id)}
    </section>`;
  }

  private _field(id: SectionId) {
    const f = this._form!;
    const ro = this._readonly;
    switch (id) {
      case 'summary': case 'root_cause': case 'trigger': case 'detection': case 'resolution':
        return this._textarea(id, f[id], id === 'summary' ? 4 : 3, (v) => ({ ...f, [id]: v }));
      case 'contributing_factors': case 'what_went_well': case 'what_went_wrong': case 'where_we_got_lucky':
        return this._textarea(id, f[id], 4, (v) => ({ ...f, [id]: v }), '- one item per line');
      case 'impact':
        return html`<dh-pm-impact .value=${f.impact} ?readonly=${ro} .known=${this._state?.impact ?? null}
          @dh-impact-change=${(e: CustomEvent<ImpactForm>) => this._edit({ ...this._form!, impact: e.detail }, 'impact')}></dh-pm-impact>`;
      case 'timeline':
        return html`<dh-pm-timeline .rows=${f.timeline} ?readonly=${ro} .mergeNote=${this._mergeNote}
          @dh-timeline-change=${(e: CustomEvent<readonly TimelineRow[]>) => this._edit({ ...this._form!, timeline: e.detail }, 'timeline')}
          @dh-timeline-merge=${() => void this._onMerge()}></dh-pm-timeline>`;
      case 'action_items':
        return html`<dh-pm-action-items .rows=${f.action_items} ?readonly=${ro}
          @dh-action-items-change=${(e: CustomEvent<readonly ActionRow[]>) => this._edit({ ...this._form!, action_items: e.detail }, 'action_items')}></dh-pm-action-items>`;
    }
  }

  private _textarea(id: TextField | ListField, value: string, rows: number, next: (v: string) => PostmortemForm, placeholder = '') {
    return html`<textarea id="f-${id}" rows=${rows} .value=${value} ?readonly=${this._readonly} placeholder=${placeholder}
      aria-labelledby="h-${id}" aria-describedby="hint-${id}${this._problemsOf(id) ? ` err-${id}` : ''}"
      @input=${(e: Event) => this._edit(next((e.target as HTMLTextAreaElement).value), id)}></textarea>`;
  }

  private _problemsOf(id: SectionId): boolean {
    return !!this._problems(this._form!)[id];
  }

  private async _onMerge(): Promise<void> {
    let prefill = this._state?.prefill.timeline ?? [];
    try {
      const st = await getPostmortem({ drillId: this.drillId, token: this.token });
      prefill = st.prefill.timeline;
      if (this._state) this._state = { ...this._state, prefill: st.prefill };
    } catch { /* merge what the page already has */ }
    const { rows, added } = mergePrefill(this._form!.timeline, prefill);
    this._mergeNote = added === 0 ? 'Every drill event is already in the timeline.' : `Added ${added} drill event${added === 1 ? '' : 's'}.`;
    if (added > 0) this._edit({ ...this._form!, timeline: rows }, 'timeline');
  }

  private _submitArea(problems: Problems) {
    const n = Object.keys(problems).length;
    const empty = this._confirmEmpty;
    return html`<section class="submit-area" aria-live="polite">
      ${n > 0 ? html`<p class="error" role="alert">Fix ${n === 1 ? 'the problem' : `the problems in ${n} sections`} marked above (${Object.keys(problems).map((k) => TITLES[k as SectionId]).join(', ')}), then submit again.</p>` : nothing}
      ${this._submitError ? html`<p class="error" role="alert">${this._submitError}</p>` : nothing}
      ${empty ? html`<div class="confirm panel" role="alertdialog" aria-labelledby="confirm-h">
        <p id="confirm-h"><strong>${empty.length} section${empty.length === 1 ? ' is' : 's are'} empty</strong>: ${empty.map((id) => TITLES[id]).join(', ')}. Empty sections score nothing.</p>
        <div class="row"><button class="primary" @click=${() => void this._onSubmit(true)}>Submit anyway</button>
          <button @click=${this._onKeepWriting}>Keep writing</button></div>
      </div>` : nothing}
    </section>`;
  }

  private _onKeepWriting(): void {
    const first = this._confirmEmpty?.[0];
    this._confirmEmpty = undefined;
    if (first) this._onJump(new Event('click'), first);
  }

  private async _onSubmit(confirmed: boolean): Promise<void> {
    const f = this._form;
    if (!f || this._submitting) return;
    this._tried = true;
    this._submitError = '';
    const local = formProblems(f);
    const firstBad = SECTIONS.find((s) => local[s.id] || this._serverProblems[s.id]);
    if (firstBad) { await this.updateComplete; this._onJump(new Event('click'), firstBad.id); return; }
    const empty = emptySections(f);
    if (!confirmed && empty.length > 0) {
      this._confirmEmpty = empty;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('.confirm button.primary')?.focus();
      return;
    }
    this._confirmEmpty = undefined;
    this._submitting = true;
    try {
      // The saved draft and the graded version should be the same text.
      await this.#saver.flush();
      const reply = await submitPostmortem({ drillId: this.drillId, token: this.token }, postmortemFromForm(f));
      // Fetch the state again: the submission, and the drill's impact figures trainees now see.
      await this._checkRemote();
      this._serverProblems = {};
      toast(this, reply.report ? 'Submitted and graded: the report is ready.' : 'Submitted and graded. The team sees the report once the facilitator publishes it.', 'ok');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#submitted')?.scrollIntoView({ block: 'nearest' });
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) {
        const { sections, other } = problemsFromIssues(err.issues);
        this._serverProblems = sections;
        this._submitError = other.length ? `The server refused it: ${other.join('; ')}` : '';
        const first = SECTIONS.find((s) => sections[s.id]);
        await this.updateComplete;
        if (first) this._onJump(new Event('click'), first.id);
      } else {
        this._submitError = `Not submitted: ${errorText(err)}`;
      }
    } finally {
      this._submitting = false;
    }
  }

  static override styles = [base, css`
    :host { display: block; }
    .notice { max-width: 640px; margin: 48px auto; padding: 24px; }
    .loading { padding: 40px; color: var(--muted); }
    .layout { display: grid; grid-template-columns: 220px minmax(0, 1fr); gap: 20px; max-width: 1180px; margin: 0 auto; padding: 16px 20px 80px; }
    .toc { position: sticky; top: 64px; align-self: start; max-height: calc(100vh - 80px); overflow: auto; }
    .toc ol { list-style: none; margin: 0; padding: 0; }
    .toc a { display: flex; gap: 8px; align-items: center; padding: 4px 8px; border-radius: var(--radius); color: var(--text); text-decoration: none; font-size: 13px; }
    .toc a:hover { background: var(--panel-2); }
    .toc .mark { width: 16px; text-align: center; font-weight: 700; }
    .toc a.written .mark { color: var(--ok); }
    .toc a.empty { color: var(--muted); }
    .toc a.problem { color: #ffb4ae; }
    .progress { margin: 0 0 8px 8px; color: var(--muted); font-size: 12.5px; }
    .main { display: grid; gap: 12px; min-width: 0; }
    .bar { position: sticky; top: 48px; z-index: 5; display: flex; flex-wrap: wrap; align-items: center; gap: 12px; padding: 10px 0; background: var(--bg); border-bottom: 1px solid var(--border); }
    .bar .titles { flex: 1; min-width: 0; display: flex; align-items: baseline; gap: 10px; }
    .bar h1 { margin: 0; }
    .bar .titles .muted { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .why { flex-basis: 100%; margin: 0; font-size: 12.5px; text-align: right; }
    .banner { margin: 0; padding: 8px 12px; border-radius: var(--radius); border: 1px solid var(--border); background: var(--panel); }
    .banner.ok { border-color: #2ea04366; background: #12261a; }
    .banner.warn { border-color: var(--warn); background: #2b2210; }
    .banner.info { border-color: #1f6feb66; background: #0f1d33; }
    .banner button { margin-left: 8px; }
    .blameless { margin: 0; font-size: 12.5px; }
    .small { font-size: 12.5px; margin: 6px 0 0; }
    .sec { scroll-margin-top: 110px; }
    .sec:focus { outline: none; }
    .sec.has-problem { border-color: var(--bad); }
    .sec-head { display: flex; align-items: baseline; gap: 8px; }
    .sec-head h2 { margin: 0; }
    .muted-badge { color: var(--muted); font-weight: 500; }
    .hint { margin: 2px 0 8px; color: var(--muted); font-size: 12.5px; }
    .problems { margin: 0 0 8px; padding: 6px 10px 6px 28px; color: #ffb4ae; background: #3d1618; border: 1px solid var(--bad); border-radius: var(--radius); font-size: 13px; }
    textarea { display: block; min-height: 48px; line-height: 1.45; }
    textarea[readonly], input[readonly] { background: transparent; border-style: dashed; }
    input::placeholder, textarea::placeholder { color: #6e7681; font-style: italic; }
    .submit-area { display: grid; gap: 8px; }
    .submit-area .error { margin: 0; }
    .confirm { border-color: var(--warn); }
    .confirm p { margin: 0 0 8px; }
    code { font-family: var(--mono); font-size: 12.5px; }
  `];
}

customElements.define('dh-postmortem', DhPostmortem);

declare global {
  interface HTMLElementTagNameMap { 'dh-postmortem': DhPostmortem }
}
