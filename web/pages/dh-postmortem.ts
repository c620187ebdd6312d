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
import { html, LitElement, nothing } from 'lit';
import { ApiError } from '../lib/api.js';
import { errorText } from '../lib/errors.js';
import { href } from '../lib/router.js';
import { seatFor } from '../lib/session.js';
import { toast } from '../lib/toast.js';
import { DraftSaver } from '../components/review/draft-saver.js';
import { postmortemStyles } from '../components/review/postmortem-styles.js';
import { wallTime } from '../components/review/format.js';
import {
  draftFromForm, emptySections, formFromDraft, formProblems, mergePrefill, postmortemFromForm, problemsFromIssues, SECTIONS,
  type ActionRow, type ImpactForm, type ListField, type PostmortemForm, type Problems, type SectionId, type TextField, type TimelineRow,
} from '../components/review/postmortem-form.js';
import { getPostmortem, putDraft, submitPostmortem, type DrillAccess, type PostmortemDraft, type PostmortemState } from '../components/review/review-api.js';
import { WatchController } from '../lib/watch-controller.js';
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

  #watch = new WatchController(this, { label: 'postmortem', load: (a) => this._load(a), poll: { every: POLL_MS, run: () => this._checkRemote() } });
  #drill = this.#watch.drill;
  #saver = new DraftSaver(this, (d) => putDraft(this.#watch.access, d));
  #knownSavedAt = 0;

  constructor() {
    super();
    this.drillId = '';
    this.token = '';
    this._state = undefined;
    this._form = undefined;
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

  private get _me(): string {
    const seat = seatFor(this.drillId);
    return seat ? (seat.audience === 'facilitator' ? 'Facilitator' : seat.name) : '';
  }

  private get _readonly(): boolean {
    return seatFor(this.drillId)?.role === 'observer';
  }

  private async _load(access: DrillAccess): Promise<void> {
    const st = await getPostmortem(access);
    this._state = st;
    this._form = formFromDraft(st.draft, st.prefill.timeline);
    this.#knownSavedAt = st.savedAt ?? 0;
    if (st.savedAt !== null) this.#saver.state = { kind: 'saved', at: st.savedAt, by: st.savedBy };
  }

  /** Someone else saved since: take their text when this browser has nothing unsaved, else offer it. */
  private async _checkRemote(): Promise<void> {
    if (!this._state) return;
    let st: PostmortemState;
    try { st = await getPostmortem(this.#watch.access); } catch { return; }
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
    if (this.#watch.status === 'error') return html`<section class="panel notice"><h1>Postmortem</h1><p class="error" role="alert">${this.#watch.error}</p><button @click=${() => this.#watch.retry()}>Try again</button></section>`;
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
      const st = await getPostmortem(this.#watch.access);
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
      const reply = await submitPostmortem(this.#watch.access, postmortemFromForm(f));
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

  static override styles = postmortemStyles;
}

customElements.define('dh-postmortem', DhPostmortem);

declare global {
  interface HTMLElementTagNameMap { 'dh-postmortem': DhPostmortem }
}
