/**
 * Everything that happens in the drill, newest first: the team's commands, alerts, responders,
 * injects, the clock, and the events only the facilitator sees (faults starting and changing),
 * which are highlighted. Filters narrow it to the team, alerts, or the hidden events. A pinned
 * answer reads as the answer, not its id (`payments/0`).
 */
import { css, html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { DrillEvent } from '../../../contract/events.js';
import { formatClock } from '../../../contract/duration.js';
import { describeEvent, type Topic } from '../../../contract/event-text.js';
import { consumeConsole, type ConsoleDrill } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';

type Filter = 'all' | 'team' | 'alerts' | 'secret';

const FILTERS: readonly { id: Filter; label: string; kinds?: readonly Topic[] }[] = [
  { id: 'all', label: 'Everything' },
  { id: 'team', label: 'Team', kinds: ['incident', 'comms', 'actions', 'evidence', 'notes'] },
  { id: 'alerts', label: 'Alerts', kinds: ['alerts'] },
  { id: 'secret', label: 'Hidden from trainees', kinds: ['faults'] },
];

/** Who a line is from when no person did it. */
const SYSTEM: Partial<Record<Topic, string>> = { alerts: 'alerting', faults: 'scenario', drill: 'Drillhall', actions: 'team' };
/** Long texts (answers, status updates) are cut here; the timeline has them whole. */
const MAX_TEXT = 240;

/** The newest this many lines are drawn; older ones stay in the model. */
const MAX_LINES = 500;

export class DhEventFeed extends LitElement {
  static override properties = {
    events: { type: Array },
    scenario: { type: Object },
    _filter: { state: true },
  };

  declare events: readonly DrillEvent[];
  declare scenario: ConsoleDrill['scenario'] | undefined;
  declare _filter: Filter;

  constructor() {
    super();
    consumeConsole<DhEventFeed>(this, (d) => ({ events: d.events, scenario: d.scenario }));
    this.events = [];
    this._filter = 'all';
  }

  #describe(e: DrillEvent) {
    const d = describeEvent(e, { team: (id) => this.scenario?.teams[id]?.name ?? id });
    const a = e.type === 'evidence_pinned' && e.kind === 'answer' ? this.events.find((x) => x.type === 'answer' && x.answer === e.ref) : undefined;
    const text = a?.type === 'answer' ? `pinned ${a.responder}'s answer: “${a.text}”` : d.text;
    return { kind: d.topic, who: d.who ?? SYSTEM[d.topic] ?? 'system', text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text, loud: d.loud };
  }

  protected override render() {
    const kinds = FILTERS.find((f) => f.id === this._filter)?.kinds;
    const lines = this.events.map((e, i) => ({ i, e, d: this.#describe(e) })).filter((l) => !kinds || kinds.includes(l.d.kind));
    const shown = lines.slice(-MAX_LINES).reverse();
    return html`
      <div class="head">
        <h2 id="feed-h">Live feed</h2>
        <div class="filters" role="group" aria-label="Show">
          ${FILTERS.map((f) => html`<button class="small" aria-pressed=${f.id === this._filter ? 'true' : 'false'} @click=${() => { this._filter = f.id; }}>${f.label}</button>`)}
        </div>
      </div>
      ${shown.length === 0 ? html`<p class="muted empty">${this.events.length === 0 ? 'Nothing has happened yet. Start the drill to set the scenario in motion.' : 'Nothing of this kind yet.'}</p>` : nothing}
      <ol class="feed" aria-labelledby="feed-h">
        ${repeat(shown, (l) => l.i, ({ e, d }) => html`<li class="k-${d.kind} ${d.loud ? 'loud' : ''}">
          <span class="t">${formatClock(e.t)}</span>
          <span class="who">${d.who}</span>
          <span class="text">${d.text}${d.kind === 'faults' ? html` <span class="secret-tag">facilitator only</span>` : nothing}</span>
        </li>`)}
      </ol>
      ${lines.length > MAX_LINES ? html`<p class="muted more">${lines.length - MAX_LINES} older lines not shown.</p>` : nothing}`;
  }

  static override styles = [base, css`
    :host { display: flex; flex-direction: column; min-height: 0; }
    .head { display: flex; align-items: center; justify-content: space-between; gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
    .head h2 { margin: 0; }
    .filters { display: flex; gap: 4px; flex-wrap: wrap; }
    .small { padding: 2px 8px; font-size: 12px; }
    .small[aria-pressed='true'] { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
    .feed { list-style: none; margin: 0; padding: 0; overflow-y: auto; flex: 1; min-height: 0; }
    .feed li { display: grid; grid-template-columns: 74px 120px 1fr; gap: 8px; padding: 4px 6px; border-bottom: 1px solid #21262d; font-size: 13px; align-items: baseline; }
    .t { font-family: var(--mono); font-size: 12px; color: var(--muted); }
    .who { color: #c9d1d9; font-weight: 600; overflow-wrap: anywhere; }
    .text { overflow-wrap: anywhere; }
    .k-faults { background: #2a1d08; border-left: 3px solid var(--warn); }
    .k-faults .text { color: #f2cc60; }
    .secret-tag { font-size: 10.5px; text-transform: uppercase; letter-spacing: .05em; border: 1px solid var(--warn); color: var(--warn); border-radius: 999px; padding: 0 6px; margin-left: 4px; white-space: nowrap; }
    .k-alerts .who { color: #ff9b93; }
    .k-alerts.loud .text { color: #ff7b72; font-weight: 600; }
    .k-drill .text, .k-drill .who { color: var(--info); }
    .k-comms .who, .k-changes .who { color: #d2a8ff; }
    .loud:not(.k-alerts):not(.k-faults) .text { color: #ffb4ae; }
    .empty, .more { font-size: 12.5px; }
  `];
}

customElements.define('dh-event-feed', DhEventFeed);

declare global {
  interface HTMLElementTagNameMap { 'dh-event-feed': DhEventFeed }
}
