/**
 * Actions: everything the team can do to the simulated system, grouped by service. Each action
 * takes its parameters (a choice is a select, a number an input with its bounds, text a field),
 * asks for confirmation showing exactly what will run, then shows its progress in sim time
 * (from `action_started`'s doneAt) and its outcome (`action_completed`). Refusals (a
 * precondition not met, the action already running, a bad parameter) appear under the action.
 * A parameter starts from its current value where the drill's changes and actions say what it is
 * (param-values.ts), not from the scenario's default: after a rollback, the rolled-back value.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { TraineeView } from '../../lib/api-types.js';
import type { ActionRun } from '../../../contract/drill-state.js';
import type { DrillModel } from '../../lib/drill-model.js';
import { consumeRoom } from '../../lib/drill-context.js';
import { base } from '../../styles/theme.js';
import { formatDuration, simTime } from './format.js';
import { currentValue } from './param-values.js';
import { CommandController } from './room-events.js';

type ActionDef = TraineeView['scenario']['actions'][number];
type Param = ActionDef['params'][number];

export class DhActions extends LitElement {
  static override properties = {
    scenario: { type: Object },
    model: { type: Object },
    changes: { type: Array },
    now: { type: Number },
    reveal: { type: Object },
    lock: { type: String },
    _values: { state: true },
    _confirm: { state: true },
    _highlight: { state: true },
  };

  declare scenario: TraineeView['scenario'];
  declare model: DrillModel;
  /** the change history with diffs (the drill view's), where current values come from */
  declare changes: TraineeView['changes'];
  declare now: number;
  declare reveal: { focus?: string; n: number } | undefined;
  declare lock: string;
  declare _values: Readonly<Record<string, Readonly<Record<string, string>>>>;
  declare _confirm: string;
  declare _highlight: string;
  #cmd = new CommandController(this);

  constructor() {
    super();
    consumeRoom<DhActions>(this, (d) => ({ scenario: d.scenario, model: d.model, changes: d.changes, now: d.now, lock: d.lock }));
    this.changes = [];
    this.now = 0;
    this.reveal = undefined;
    this.lock = '';
    this._values = {};
    this._confirm = '';
    this._highlight = '';
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('reveal') && this.reveal?.focus) {
      const id = this.reveal.focus;
      this._highlight = id;
      const card = this.renderRoot.querySelector<HTMLElement>(`[data-action="${CSS.escape(id)}"]`);
      card?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      card?.querySelector<HTMLElement>('select, input, button')?.focus({ preventScroll: true });
      setTimeout(() => { if (this._highlight === id) this._highlight = ''; }, 2500);
    }
  }

  #groups(): { service: string; actions: ActionDef[] }[] {
    const order = [...Object.keys(this.scenario.services), ''];
    const groups = new Map<string, ActionDef[]>();
    for (const a of this.scenario.actions) {
      const key = a.service ?? '';
      groups.set(key, [...(groups.get(key) ?? []), a]);
    }
    return [...groups].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)).map(([service, actions]) => ({ service, actions }));
  }

  #value(a: ActionDef, p: Param): string {
    return this._values[a.id]?.[p.name] ?? this.#current(a, p) ?? (p.default !== undefined ? String(p.default) : '');
  }

  #current(a: ActionDef, p: Param): string | undefined {
    return currentValue(this.scenario.actions, a, p, this.changes, this.model.actions);
  }

  /** The params to send, and the first problem with them in words. */
  #params(a: ActionDef): { params: Record<string, string | number>; problem?: string } {
    const params: Record<string, string | number> = {};
    for (const p of a.params) {
      const v = this.#value(a, p).trim();
      const name = p.label ?? p.name;
      if (v === '') {
        if (p.default === undefined) return { params, problem: `Fill in ${name}.` };
        continue;
      }
      if (p.type === 'number') {
        const n = Number(v);
        if (!Number.isFinite(n)) return { params, problem: `${name} must be a number.` };
        if (p.min !== undefined && n < p.min) return { params, problem: `${name} must be at least ${p.min}.` };
        if (p.max !== undefined && n > p.max) return { params, problem: `${name} must be at most ${p.max}.` };
        params[p.name] = n;
      } else params[p.name] = v;
    }
    return { params };
  }

  override render() {
    if (!this.scenario) return nothing;
    const running = this.model.actions.filter((r) => r.completedAt === undefined);
    return html`
      <div class="head">
        <h2>Actions</h2>
        <span class="muted small">${running.length ? `${running.length} in progress` : 'Nothing running'} · actions take sim time and change the system when they complete.</span>
      </div>
      ${this.#groups().map((g) => html`<section>
        <h3>${g.service || 'General'}${g.service && this.scenario.services[g.service] ? html` <span class="team">${this.scenario.teams[this.scenario.services[g.service]!.team]?.name ?? ''}</span>` : nothing}</h3>
        <ul class="cards">${g.actions.map((a) => this.#card(a))}</ul>
      </section>`)}
      ${this.scenario.actions.length === 0 ? html`<p class="muted">This scenario has no actions.</p>` : nothing}
    `;
  }

  #card(a: ActionDef) {
    const runs = this.model.actions.filter((r) => r.action === a.id);
    const current = runs.findLast((r) => r.completedAt === undefined);
    const last = runs.findLast((r) => r.completedAt !== undefined);
    const key = `run:${a.id}`;
    const { params, problem } = this.#params(a);
    const confirming = this._confirm === a.id;
    const requires = [
      ...(a.requires?.teams ?? []).map((t) => `${this.scenario.teams[t]?.name ?? t} on the call`),
      ...(a.requires?.actions ?? []).map((x) => `“${this.scenario.actions.find((y) => y.id === x)?.label ?? x}” done first`),
    ];
    return html`<li class="card ${this._highlight === a.id ? 'hl' : ''} ${current ? 'busy' : ''}" data-action=${a.id}>
      <div class="top">
        <strong>${a.label}</strong>
        <span class="badge kind">${a.kind}</span>
        <span class="muted small">takes ${formatDuration(a.takes)}</span>
      </div>
      ${requires.length ? html`<div class="muted small">Needs ${requires.join(' and ')}.</div>` : nothing}
      ${a.params.length ? html`<div class="params">${a.params.map((p) => this.#param(a, p))}</div>` : nothing}
      ${current ? this.#progress(current) : nothing}
      ${confirming
        ? html`<div class="confirm" role="group" aria-label="Confirm ${a.label}">
            <p>Run <strong>${a.label}</strong>${Object.keys(params).length ? html` with ${Object.entries(params).map(([k, v], i) => html`${i ? ', ' : ''}<code>${k}=${v}</code>`)}` : nothing}?
              It takes ${formatDuration(a.takes)} of sim time and cannot be undone from here.</p>
            <div class="row">
              <button class="primary" ?disabled=${!!this.lock || this.#cmd.busy(key)} @click=${() => this.#run(a, params)}>${this.#cmd.busy(key) ? 'Starting…' : 'Confirm and run'}</button>
              <button @click=${() => { this._confirm = ''; }}>Cancel</button>
            </div>
          </div>`
        : html`<div class="row">
            <button class="run" ?disabled=${!!this.lock || !!problem || !!current} title=${this.lock || problem || (current ? 'Already running' : `Run ${a.label}`)}
              @click=${() => { this.#cmd.clear(key); this._confirm = a.id; }}>${current ? 'Running…' : 'Run…'}</button>
            ${problem && !this.lock ? html`<span class="muted small">${problem}</span>` : nothing}
          </div>`}
      ${this.#cmd.error(key) ? html`<p class="error" role="alert">${this.#cmd.error(key)}</p>` : nothing}
      ${last ? html`<p class="outcome" role="status"><span class="t">${simTime(last.completedAt!)}</span> ✓ ${last.outcome}
        <span class="muted">(started by ${last.by ?? 'someone'} at ${simTime(last.startedAt)}${paramText(last)})</span></p>` : nothing}
    </li>`;
  }

  #param(a: ActionDef, p: Param) {
    const id = `p-${a.id}-${p.name}`;
    const now = this.#current(a, p);
    const label = html`${p.label ?? p.name}${now !== undefined ? html` <span class="hint">(now ${now})</span>` : nothing}`;
    const set = (v: string) => { this._values = { ...this._values, [a.id]: { ...this._values[a.id], [p.name]: v } }; };
    const value = this.#value(a, p);
    if (p.type === 'choice') {
      return html`<label for=${id}>${label}
        <select id=${id} .value=${value} @change=${(e: Event) => set((e.target as HTMLSelectElement).value)}>
          ${p.default === undefined ? html`<option value="" ?selected=${value === ''}>choose…</option>` : nothing}
          ${(p.choices ?? []).map((c) => html`<option value=${String(c)} ?selected=${String(c) === value}>${String(c)}</option>`)}
        </select></label>`;
    }
    if (p.type === 'number') {
      const range = [p.min !== undefined ? `min ${p.min}` : '', p.max !== undefined ? `max ${p.max}` : ''].filter(Boolean).join(', ');
      return html`<label for=${id}><span>${label}${range ? html` <span class="hint">(${range})</span>` : nothing}</span>
        <input id=${id} type="number" inputmode="decimal" step="any" min=${p.min ?? ''} max=${p.max ?? ''} .value=${value}
          @input=${(e: Event) => set((e.target as HTMLInputElement).value)} /></label>`;
    }
    return html`<label for=${id}>${label}
      <input id=${id} type="text" maxlength="200" .value=${value} @input=${(e: Event) => set((e.target as HTMLInputElement).value)} /></label>`;
  }

  #progress(r: ActionRun) {
    const total = r.doneAt - r.startedAt;
    const share = total > 0 ? Math.min(1, Math.max(0, (this.now - r.startedAt) / total)) : 1;
    const left = Math.max(0, r.doneAt - this.now);
    return html`<div class="progress">
      <!-- A native progress element: accessible as is, and no inline style (the server's CSP forbids style attributes). -->
      <progress max="100" .value=${Math.round(share * 1000) / 10} aria-label="${r.label} progress"></progress>
      <span class="small">${share >= 1 ? 'finishing…' : `${formatDuration(Math.ceil(left))} left`} · started by ${r.by ?? 'someone'} at ${simTime(r.startedAt)}${paramText(r)}</span>
    </div>`;
  }

  async #run(a: ActionDef, params: Record<string, string | number>): Promise<void> {
    // Once it runs, the form follows the value the run sets rather than what was typed.
    if (await this.#cmd.send(`run:${a.id}`, { type: 'run_action', action: a.id, params })) this._values = { ...this._values, [a.id]: {} };
    this._confirm = '';
  }

  static override styles = [base, css`
    :host { display: block; }
    .head { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; }
    .small { font-size: 12.5px; }
    section { margin-bottom: 14px; }
    h3 { text-transform: none; letter-spacing: 0; color: var(--text); font-size: 14px; }
    .team { color: var(--muted); font-weight: 400; font-size: 12px; }
    .cards { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 10px; align-items: start; }
    .card { background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); padding: 9px 11px; display: grid; gap: 6px; align-content: start; transition: box-shadow .3s; }
    .card.hl { box-shadow: 0 0 0 2px var(--accent); }
    .card.busy { border-color: var(--info); }
    .top { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
    .badge.kind { color: var(--muted); font-weight: 500; }
    .params { display: flex; flex-wrap: wrap; gap: 8px; }
    .params label { margin: 0; display: grid; gap: 2px; }
    .params input { width: 140px; }
    button.run { border-color: #1f6feb; color: #b6d7ff; }
    .hint { color: var(--muted); }
    .confirm { background: #10243d; border: 1px solid #1f4b80; border-radius: var(--radius); padding: 8px 10px; }
    .confirm p { margin: 0 0 6px; }
    .progress { display: grid; gap: 3px; }
    progress { appearance: none; width: 100%; height: 8px; border: 1px solid var(--border); border-radius: 999px; overflow: hidden; background: var(--panel-2); }
    progress::-webkit-progress-bar { background: var(--panel-2); }
    progress::-webkit-progress-value { background: linear-gradient(90deg, #1f6feb, #58a6ff); transition: width .25s linear; }
    progress::-moz-progress-bar { background: linear-gradient(90deg, #1f6feb, #58a6ff); }
    .outcome { margin: 0; font-size: 13px; color: #aff5b4; }
    .t { color: var(--muted); font-family: var(--mono); font-size: 11.5px; }
    .error { margin: 0; font-size: 13px; }
  `];
}

function paramText(r: ActionRun): string {
  const e = Object.entries(r.params);
  return e.length ? `, ${e.map(([k, v]) => `${k}=${v}`).join(', ')}` : '';
}

customElements.define('dh-actions', DhActions);

declare global {
  interface HTMLElementTagNameMap { 'dh-actions': DhActions }
}
