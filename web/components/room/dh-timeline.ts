/**
 * The incident timeline: everything the drill recorded that trainees may see, in sim-time
 * order, filterable by kind; the team's notes (`add_note`); and the evidence pinned so far,
 * which is what the root-cause analysis and the postmortem draw on. A pin shows what it points
 * at (evidence.ts), and a pinned chart or query the value it had when it was pinned.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { PublicScenario } from '../../lib/api-types.js';
import type { DrillModel } from '../../lib/drill-model.js';
import { consumeRoom } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';
import { describePin, pinLine, type Pin, type PinContext, type PinView } from './evidence.js';
import { formatValue, simTime } from './format.js';
import { queryInstant, type DrillAccess } from './room-api.js';
import { CommandController } from './room-events.js';
import { legendFor, resultVarying } from './signals.js';
import { describeEvent, isSecret, sentence, TOPICS, type Topic } from '../../../contract/event-text.js';

/** The timeline's filters: every topic but the faults, which trainees never see. */
const KINDS = TOPICS.filter((k) => k.id !== 'faults');

interface TimelineLine { readonly e: DrillModel['events'][number]; readonly i: number; readonly line: { readonly kind: Topic; readonly text: string } }

export class DhTimeline extends LitElement {
  static override properties = {
    model: { type: Object },
    you: { type: String },
    lock: { type: String },
    access: { type: Object },
    scenario: { type: Object },
    changes: { type: Array },
    _hidden: { state: true },
    _note: { state: true },
    _newestFirst: { state: true },
  };

  declare model: DrillModel;
  declare you: string;
  declare lock: string;
  declare access: DrillAccess | undefined;
  declare scenario: PublicScenario | undefined;
  declare changes: readonly PublicScenario['changes'][number][];
  declare _hidden: ReadonlySet<Topic>;
  declare _note: string;
  declare _newestFirst: boolean;
  #cmd = new CommandController(this);
  /** a pinned chart's or query's value at the pin's time, by time and expression */
  #values = new Map<string, string>();
  #memo: { readonly events: DrillModel['events']; readonly scenario: PublicScenario | undefined; readonly lines: TimelineLine[] } | undefined;

  constructor() {
    super();
    consumeRoom<DhTimeline>(this, (d) => ({ model: d.model, you: d.you.name, lock: d.lock, access: d.access, scenario: d.scenario, changes: d.changes }));
    this.you = '';
    this.lock = '';
    this.changes = [];
    this._hidden = new Set(['drill']);
    this._note = '';
    this._newestFirst = false;
  }

  /** The events in words, in time order; worked out again only when the events or the scenario change, not on each keystroke in the note box. */
  #lines(): TimelineLine[] {
    const { events } = this.model;
    const scenario = this.scenario;
    if (this.#memo?.events === events && this.#memo.scenario === scenario) return this.#memo.lines;
    const names = { team: (id: string) => scenario?.teams[id]?.name ?? id };
    const lines = events
      .map((e, i) => ({ e, i, secret: isSecret(e), d: describeEvent(e, names) }))
      .filter((x) => !x.secret)
      .map(({ e, i, d }) => ({ e, i, line: { kind: d.topic, text: sentence(d) } }))
      .sort((a, b) => a.e.t - b.e.t || a.i - b.i);
    this.#memo = { events, scenario, lines };
    return lines;
  }

  override render() {
    if (!this.model) return nothing;
    const lines = this.#lines();
    const counts = new Map<Topic, number>();
    for (const l of lines) counts.set(l.line.kind, (counts.get(l.line.kind) ?? 0) + 1);
    const shown = lines.filter((l) => !this._hidden.has(l.line.kind));
    if (this._newestFirst) shown.reverse();
    const ctx: PinContext = { events: this.model.events, changes: this.changes, ...(this.scenario ? { scenario: this.scenario } : {}) };
    const pins = this.model.events.filter((e): e is Pin => e.type === 'evidence_pinned').map((p) => ({ p, v: describePin(p, ctx) }));
    const key = 'note';
    return html`
      <div class="cols">
        <section class="main" aria-labelledby="tl-h">
          <div class="head">
            <h2 id="tl-h">Timeline</h2>
            <button class="small" @click=${() => { this._newestFirst = !this._newestFirst; }}>${this._newestFirst ? 'Oldest first' : 'Newest first'}</button>
          </div>
          <fieldset class="filters">
            <legend class="sr-only">Show kinds</legend>
            ${KINDS.map((k) => html`<button class="chip" aria-pressed=${this._hidden.has(k.id) ? 'false' : 'true'} @click=${() => this.#toggle(k.id)}>
              ${k.label} <span class="n">${counts.get(k.id) ?? 0}</span></button>`)}
          </fieldset>
          <form class="note" @submit=${this._onNote}>
            <label class="sr-only" for="note">Add a note</label>
            <input id="note" type="text" maxlength="4000" placeholder="Add a note to the timeline, e.g. what you ruled out and why"
              .value=${this._note} @input=${(e: Event) => { this._note = (e.target as HTMLInputElement).value; }} />
            <button class="primary" type="submit" ?disabled=${!!this.lock || !this._note.trim() || this.#cmd.busy(key)} title=${this.lock || 'Add the note'}>Add note</button>
          </form>
          ${this.#cmd.error(key) ? html`<p class="error" role="alert">${this.#cmd.error(key)}</p>` : nothing}
          ${shown.length === 0 ? html`<p class="muted">Nothing to show${lines.length ? ' with these filters' : ' yet'}.</p>` : nothing}
          <ol class="events">
            ${shown.map(({ e, line }) => html`<li class="k-${line.kind} ${e.by === this.you && this.you ? 'mine' : ''}">
              <span class="t">${simTime(e.t)}</span><span class="kind">${KINDS.find((k) => k.id === line.kind)?.short}</span><span class="text">${e.type === 'evidence_pinned' ? pinLine(e, describePin(e, ctx)) : line.text}</span>
            </li>`)}
          </ol>
        </section>
        <aside aria-labelledby="ev-h">
          <h3 id="ev-h">Pinned evidence (${pins.length})</h3>
          ${pins.length === 0 ? html`<p class="muted small">Pin charts, queries, log lines, changes, alerts and answers from the other panels; they are listed here.</p>` : nothing}
          <ul class="pins">${pins.map(({ p, v }) => html`<li><div class="meta"><span class="badge info">${p.kind}</span> <span class="t">${simTime(p.t)}</span> ${p.by ?? ''}</div>
            <div class="what">${v.title}</div><div class="ref ${v.mono ? 'mono' : ''}">${v.body}</div>
            ${v.expr ? html`<div class="val">${this.#value(p, v)}</div>` : nothing}${p.note ? html`<div class="small">${p.note}</div>` : nothing}</li>`)}</ul>
        </aside>
      </div>
    `;
  }

  /** The value the pinner saw: read once at the pin's sim time, then kept. */
  #value(p: Pin, v: PinView): string {
    const key = `${p.t}|${v.expr}`;
    const known = this.#values.get(key);
    if (known !== undefined) return known;
    this.#values.set(key, '…');
    if (this.access) {
      void queryInstant(this.access, v.expr!, p.t).then((r) => {
        const d = r.data;
        const vary = d.resultType === 'vector' ? resultVarying(d.result) : [];
        const text = d.resultType === 'scalar' ? formatValue(Number(d.result[1])) + (v.unit ?? '')
          : d.resultType === 'vector' ? d.result.slice(0, 4).map((x) => `${legendFor(x.metric, vary, '')}${vary.length ? ' ' : ''}${formatValue(Number(x.value[1]))}${v.unit ?? ''}`).join(' · ') || 'no data'
            : '';
        return `${text} at ${simTime(p.t)}`;
      }, () => {
        // Refused (the read rate, a lost connection): ask again on a render ten seconds on.
        setTimeout(() => this.#values.delete(key), 10_000);
        return `value at ${simTime(p.t)} not available yet`;
      }).then((text) => { this.#values.set(key, text); this.requestUpdate(); });
    }
    return '…';
  }

  #toggle(k: Topic): void {
    const next = new Set(this._hidden);
    if (next.has(k)) next.delete(k); else next.add(k);
    this._hidden = next;
  }

  private async _onNote(e: Event): Promise<void> {
    e.preventDefault();
    const text = this._note.trim();
    if (!text || this.lock) return;
    if (await this.#cmd.send('note', { type: 'add_note', text })) this._note = '';
  }

  static override styles = [base, css`
    :host { display: block; }
    .cols { display: grid; grid-template-columns: minmax(0, 1fr) 260px; gap: 16px; align-items: start; }
    .head { display: flex; align-items: center; justify-content: space-between; }
    button.small { padding: 2px 9px; font-size: 12px; }
    .filters { border: 0; padding: 0; margin: 4px 0 8px; display: flex; flex-wrap: wrap; gap: 4px; }
    .chip { padding: 2px 9px; font-size: 12.5px; border-radius: 999px; color: var(--muted); }
    .chip[aria-pressed='true'] { background: #1f3a5c; color: var(--text); border-color: #1f6feb; }
    .n { font-size: 11px; opacity: .8; }
    .note { display: flex; gap: 6px; margin-bottom: 8px; }
    .note input { flex: 1; min-width: 0; }
    .events { list-style: none; margin: 0; padding: 0; border-left: 2px solid var(--border); }
    .events li { display: grid; grid-template-columns: 80px 64px minmax(0, 1fr); gap: 8px; padding: 4px 8px; font-size: 13px; position: relative; }
    .events li::before { content: ''; position: absolute; left: -6px; top: 10px; width: 10px; height: 10px; border-radius: 50%; background: var(--border); }
    .events li.mine { background: #111a26; }
    .k-alerts::before { background: var(--bad) !important; } .k-incident::before { background: #f0883e !important; }
    .k-comms::before { background: var(--info) !important; } .k-actions::before { background: #7ee787 !important; }
    .k-changes::before { background: #d2a8ff !important; } .k-evidence::before { background: var(--pending) !important; }
    .k-notes::before { background: #c9d1d9 !important; }
    .t { color: var(--muted); font-family: var(--mono); font-size: 12px; }
    .kind { color: var(--muted); font-size: 11.5px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .text { white-space: pre-wrap; word-break: break-word; }
    aside { background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); padding: 10px; position: sticky; top: 0; }
    .pins { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; }
    .pins .meta { font-size: 12px; display: flex; gap: 6px; align-items: center; }
    .what { font-size: 12.5px; color: var(--muted); margin-top: 2px; }
    .what::first-letter { text-transform: uppercase; }
    .ref { word-break: break-word; margin-top: 2px; font-size: 13px; white-space: pre-wrap; }
    .ref.mono { font-size: 12px; }
    .val { font-family: var(--mono); font-size: 12.5px; color: #aff5b4; margin-top: 2px; }
    .small { font-size: 12.5px; }
    .error { margin: 0 0 8px; font-size: 13px; }
  `];
}

customElements.define('dh-timeline', DhTimeline);

declare global {
  interface HTMLElementTagNameMap { 'dh-timeline': DhTimeline }
}
