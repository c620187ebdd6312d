/**
 * The scenario library: every scenario the server offers with its difficulty, length, tags and
 * skills practised, filtered by text, difficulty and tag. Each card starts a drill (with an
 * optional seed for a repeatable run); the page does the request and passes back progress and
 * errors, so this element only shows state and fires `dh-start-drill`.
 */
import { css, html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { formatDuration } from '../../../contract/duration.js';
import { matches, type ScenarioSummary } from '../../lib/scenarios.js';
import { base } from '../../styles/theme.js';

export interface StartDrillDetail { readonly scenarioId: string; readonly seed?: string }

const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;

export class DhScenarioLibrary extends LitElement {
  static override properties = {
    scenarios: { type: Array },
    starting: { type: String },
    startError: { type: Object },
    _text: { state: true },
    _difficulty: { state: true },
    _tag: { state: true },
  };

  declare scenarios: readonly ScenarioSummary[];
  /** the scenario a drill is being created for, if any */
  declare starting: string | undefined;
  declare startError: { scenarioId: string; message: string } | undefined;
  declare _text: string;
  declare _difficulty: string;
  declare _tag: string;

  constructor() {
    super();
    this.scenarios = [];
    this.starting = undefined;
    this.startError = undefined;
    this._text = '';
    this._difficulty = '';
    this._tag = '';
  }

  protected override render() {
    const tags = [...new Set(this.scenarios.flatMap((s) => s.tags))].sort();
    const shown = this.scenarios.filter((s) => matches(s, { text: this._text, difficulty: this._difficulty, tag: this._tag }));
    return html`
      <div class="filters" role="search" aria-label="Filter scenarios">
        <div class="grow"><label for="q">Search</label>
          <input id="q" type="search" placeholder="database, latency, dns…" .value=${this._text} @input=${this._onText} /></div>
        <div><label for="d">Difficulty</label>
          <select id="d" .value=${this._difficulty} @change=${this._onDifficulty}>
            <option value="">Any</option>${DIFFICULTIES.map((d) => html`<option value=${d} ?selected=${d === this._difficulty}>${d}</option>`)}
          </select></div>
        <div><label for="t">Tag</label>
          <select id="t" @change=${this._onTag}>
            <option value="">Any</option>${tags.map((t) => html`<option value=${t} ?selected=${t === this._tag}>${t}</option>`)}
          </select></div>
        <p class="count muted" aria-live="polite">${shown.length === this.scenarios.length ? `${shown.length} scenarios` : `${shown.length} of ${this.scenarios.length} scenarios`}
          ${shown.length !== this.scenarios.length ? html`<button class="link" @click=${this._onClear}>Clear filters</button>` : nothing}</p>
      </div>
      ${shown.length === 0 ? html`<p class="empty">No scenario matches these filters.</p>` : nothing}
      <ul class="cards">${repeat(shown, (s) => s.id, (s) => this._card(s))}</ul>`;
  }

  private _card(s: ScenarioSummary) {
    const busy = this.starting === s.id;
    const err = this.startError?.scenarioId === s.id ? this.startError.message : undefined;
    return html`<li class="card panel" data-scenario=${s.id}>
      <div class="head">
        <h2>${s.title}</h2>
        <span class="badge diff-${s.difficulty}">${s.difficulty}</span>
      </div>
      <p class="meta muted">about ${formatDuration(s.duration)} of sim time · <span class="mono">${s.id}</span></p>
      <p class="summary">${s.summary}</p>
      ${s.tags.length ? html`<p class="tags">${s.tags.map((t) => html`<button class="tag" aria-pressed=${t === this._tag ? 'true' : 'false'} title="Show scenarios tagged ${t}" @click=${() => this._setTag(t)}>${t}</button>`)}</p>` : nothing}
      ${s.skills.length ? html`<details>
        <summary>Skills practised (${s.skills.length})</summary>
        <ul class="skills">${s.skills.map((o) => html`<li>${o}</li>`)}</ul>
      </details>` : nothing}
      <form class="start" @submit=${(e: Event) => this._onStart(e, s.id)}>
        <label class="sr-only" for="seed-${s.id}">Seed for ${s.title} (optional)</label>
        <input id="seed-${s.id}" name="seed" class="seed" placeholder="seed (random)" maxlength="64" autocomplete="off" ?disabled=${busy} />
        <button class="primary" type="submit" ?disabled=${this.starting !== undefined}>${busy ? 'Starting…' : 'Start drill'}</button>
      </form>
      ${err ? html`<p class="error" role="alert">${err}</p>` : nothing}
    </li>`;
  }

  private _onText(e: Event): void { this._text = (e.target as HTMLInputElement).value; }
  private _onDifficulty(e: Event): void { this._difficulty = (e.target as HTMLSelectElement).value; }
  private _onTag(e: Event): void { this._tag = (e.target as HTMLSelectElement).value; }
  private _setTag(t: string): void { this._tag = this._tag === t ? '' : t; }
  private _onClear(): void { this._text = ''; this._difficulty = ''; this._tag = ''; }

  private _onStart(e: Event, scenarioId: string): void {
    e.preventDefault();
    const seed = String(new FormData(e.target as HTMLFormElement).get('seed') ?? '').trim();
    this.dispatchEvent(new CustomEvent<StartDrillDetail>('dh-start-drill', { detail: { scenarioId, ...(seed ? { seed } : {}) }, bubbles: true, composed: true }));
  }

  static override styles = [base, css`
    :host { display: block; }
    .filters { display: flex; gap: 12px; align-items: flex-end; flex-wrap: wrap; margin-bottom: 14px; }
    .filters .grow { flex: 1; min-width: 200px; }
    .filters input { width: 100%; }
    .filters input, .filters select { height: 34px; }
    .count { margin: 0 0 6px auto; font-size: 12.5px; }
    .link { background: none; border: none; color: var(--accent); padding: 0 4px; text-decoration: underline; font-size: 12.5px; }
    .cards { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 14px; }
    .card { display: flex; flex-direction: column; gap: 6px; }
    .head { display: flex; gap: 8px; align-items: flex-start; justify-content: space-between; }
    .head h2 { margin: 0; font-size: 15.5px; line-height: 1.3; }
    .meta { margin: 0; font-size: 12.5px; }
    .summary { margin: 2px 0; flex: 1; }
    .tags { margin: 0; display: flex; flex-wrap: wrap; gap: 4px; }
    .tag { font-size: 11.5px; padding: 0 8px; border-radius: 999px; background: #1f2a3a; border-color: #2b3b52; color: #a9c7ee; }
    .tag[aria-pressed='true'] { background: var(--accent); color: var(--accent-text); }
    .diff-easy { color: var(--ok); } .diff-medium { color: var(--pending); } .diff-hard { color: var(--bad); }
    details summary { cursor: pointer; color: var(--muted); font-size: 12.5px; }
    .skills { margin: 6px 0 0; padding-left: 18px; font-size: 13px; }
    .start { display: flex; gap: 6px; margin-top: 6px; }
    .seed { flex: 1; min-width: 0; font-size: 12.5px; }
    .empty { color: var(--muted); padding: 24px 0; }
    .error { margin: 4px 0 0; }
  `];
}

customElements.define('dh-scenario-library', DhScenarioLibrary);

declare global {
  interface HTMLElementTagNameMap { 'dh-scenario-library': DhScenarioLibrary }
  interface HTMLElementEventMap { 'dh-start-drill': CustomEvent<StartDrillDetail> }
}
