/**
 * The scenario's answer key with the team's progress against it, recomputed from the drill
 * model on every event: expected alerts acknowledged and how fast, severity, paging, the
 * mitigation and fix against their windows, harmful actions (red), the root-cause hypothesis,
 * communication cadence, verification and resolution. Only the facilitator sees this.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { Scenario } from '../../lib/api-types.js';
import { answerKeyProgress, type Mark } from '../../lib/answer-key.js';
import type { DrillModel } from '../../lib/drill-model.js';
import { consumeConsole } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';

const MARKS: Record<Mark, { icon: string; text: string }> = {
  done: { icon: '✓', text: 'done' },
  late: { icon: '◔', text: 'done late' },
  partial: { icon: '◑', text: 'partly' },
  waiting: { icon: '○', text: 'not yet' },
  overdue: { icon: '!', text: 'overdue' },
  missed: { icon: '✗', text: 'missed' },
  bad: { icon: '✗', text: 'harmful' },
};

export class DhAnswerKey extends LitElement {
  static override properties = {
    scenario: { type: Object },
    model: { type: Object },
    now: { type: Number },
  };

  declare scenario: Scenario | undefined;
  declare model: DrillModel | undefined;
  /** current sim time */
  declare now: number;

  constructor() {
    super();
    consumeConsole<DhAnswerKey>(this, (d) => ({ scenario: d.scenario, model: d.model, now: d.clock.t }));
    this.scenario = undefined;
    this.model = undefined;
    this.now = 0;
  }

  protected override render() {
    if (!this.scenario || !this.model) return nothing;
    const sections = answerKeyProgress(this.scenario, this.model, this.now);
    return html`<h2>Answer key</h2>
      ${sections.map((s) => {
        const done = s.items.filter((i) => i.mark === 'done').length;
        return html`<section class="sec" data-section=${s.id} aria-label=${s.title}>
          <div class="sec-head"><h3>${s.title}</h3><span class="tally" title="${done} of ${s.items.length} met">${done}/${s.items.length}</span></div>
          <p class="target muted">${s.target}</p>
          <ul>${s.items.map((i) => html`<li class="m-${i.mark}" data-mark=${i.mark}>
            <span class="icon" aria-hidden="true">${MARKS[i.mark].icon}</span>
            <span class="body"><span class="label">${i.label}</span> <span class="sr-only">(${MARKS[i.mark].text})</span><span class="detail">${i.detail}</span></span>
          </li>`)}</ul>
        </section>`;
      })}`;
  }

  static override styles = [base, css`
    :host { display: block; }
    .sec { padding: 8px 0; border-bottom: 1px solid var(--border); }
    .sec:last-child { border-bottom: none; }
    .sec-head { display: flex; justify-content: space-between; align-items: baseline; }
    .sec-head h3 { margin: 0; color: var(--text); }
    .tally { font-family: var(--mono); font-size: 12px; color: var(--muted); }
    .target { font-size: 12px; margin: 2px 0 4px; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { display: flex; gap: 8px; padding: 3px 0; font-size: 13px; align-items: baseline; }
    .icon { width: 18px; height: 18px; flex: none; display: inline-grid; place-items: center; border-radius: 50%; font-size: 11px; font-weight: 700; border: 1px solid var(--border); color: var(--muted); position: relative; top: 2px; }
    .body { min-width: 0; }
    .label { font-weight: 600; }
    .detail { display: block; color: var(--muted); font-size: 12.5px; overflow-wrap: anywhere; }
    .m-done .icon { color: #0d1117; background: var(--ok); border-color: var(--ok); }
    .m-late .icon, .m-partial .icon { color: #0d1117; background: var(--pending); border-color: var(--pending); }
    .m-overdue .icon { color: var(--pending); border-color: var(--pending); }
    .m-overdue .detail { color: var(--pending); }
    .m-missed .icon { color: var(--bad); border-color: var(--bad); }
    .m-bad { background: #3d1618; border-radius: var(--radius); padding: 4px 6px; }
    .m-bad .icon { color: #fff; background: var(--bad); border-color: var(--bad); }
    .m-bad .label, .m-bad .detail { color: #ffb4ae; }
  `];
}

customElements.define('dh-answer-key', DhAnswerKey);

declare global {
  interface HTMLElementTagNameMap { 'dh-answer-key': DhAnswerKey }
}
