/**
 * The alert-tuning lab: take one of the scenario's alert rules, change its expression or its
 * `for`, and backtest it: when it would have fired in this drill (bars over the drill's
 * timeline) and how often it fires on a healthy baseline of the same system (firings per day,
 * the first one), beside the original rule's figures. PromQL errors are shown under the
 * expression, at the place they point to.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { ApiError } from '../../lib/api.js';
import { errorText } from '../../lib/errors.js';
import { base } from '../../styles/theme.js';
import { cssVars } from './css-vars.js';
import { firingRate, formatDuration, points, simClock } from './format.js';
import { errorSpan, firingBars } from './report-view.js';
import { backtest, type DrillAccess, type BacktestFigures, type BacktestResult } from './review-api.js';

export interface LabRule { readonly alert: string; readonly expr: string; readonly for: number }

const HOURS = [24, 48, 72] as const;

interface LabError { readonly message: string; readonly span?: { before: string; at: string } }

export class DhAlertLab extends LitElement {
  static override properties = {
    access: { type: Object },
    rules: { type: Array },
    end: { type: Number },
    _rule: { state: true },
    _expr: { state: true },
    _for: { state: true },
    _hours: { state: true },
    _busy: { state: true },
    _error: { state: true },
    _result: { state: true },
  };

  declare access: DrillAccess;
  declare rules: readonly LabRule[];
  /** the drill's end (or current) sim time */
  declare end: number;
  declare _rule: string;
  declare _expr: string;
  declare _for: string;
  declare _hours: number;
  declare _busy: boolean;
  declare _error: LabError | undefined;
  /** the result and what it was run with (the form may have changed since) */
  declare _result: { res: BacktestResult; expr: string; for: string; hours: number; rule: string } | undefined;

  constructor() {
    super();
    this.rules = [];
    this.end = 0;
    this._rule = '';
    this._expr = '';
    this._for = '';
    this._hours = 24;
    this._busy = false;
    this._error = undefined;
    this._result = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('rules') && !this._rule && this.rules[0]) this._pick(this.rules[0].alert);
  }

  private _pick(name: string): void {
    const r = this.rules.find((x) => x.alert === name);
    if (!r) return;
    this._rule = r.alert;
    this._expr = r.expr;
    this._for = formatDuration(r.for);
    this._error = undefined;
  }

  private get _original(): LabRule | undefined {
    return this.rules.find((r) => r.alert === this._rule);
  }

  override render() {
    if (this.rules.length === 0) return html`<p class="muted">This scenario has no alert rules to tune.</p>`;
    const o = this._original;
    const changed = !!o && (this._expr.trim() !== o.expr.trim() || this._for.trim() !== formatDuration(o.for));
    return html`
      <form @submit=${this._onRun} aria-describedby="lab-help">
        <p id="lab-help" class="muted help">Change a rule and see when it would have fired in this drill, and how often it fires on ${this._hours} hours of the same system with no faults (healthy noise).</p>
        <div class="row top">
          <div><label for="lab-rule">Rule</label>
            <select id="lab-rule" .value=${this._rule} @change=${(e: Event) => this._pick((e.target as HTMLSelectElement).value)}>
              ${this.rules.map((r) => html`<option value=${r.alert} ?selected=${r.alert === this._rule}>${r.alert}</option>`)}
            </select></div>
          <div><label for="lab-for">for</label>
            <input id="lab-for" class="mono for" .value=${this._for} placeholder="2m" spellcheck="false" @input=${(e: Event) => { this._for = (e.target as HTMLInputElement).value; }} /></div>
          <div><label for="lab-hours">Healthy baseline</label>
            <select id="lab-hours" .value=${String(this._hours)} @change=${(e: Event) => { this._hours = Number((e.target as HTMLSelectElement).value); }}>
              ${HOURS.map((h) => html`<option value=${h} ?selected=${h === this._hours}>${h} hours</option>`)}
            </select></div>
          <button type="button" ?disabled=${!changed} @click=${() => this._pick(this._rule)} title="Put back the scenario's rule">Reset</button>
        </div>
        <label for="lab-expr">Expression (PromQL)</label>
        <textarea id="lab-expr" class="mono" rows="3" spellcheck="false" .value=${this._expr} aria-invalid=${this._error?.span ? 'true' : 'false'}
          aria-describedby=${this._error ? 'lab-err' : nothing} @input=${(e: Event) => { this._expr = (e.target as HTMLTextAreaElement).value; }}
          @keydown=${this._onKey}></textarea>
        ${this._error ? html`<div id="lab-err" class="error" role="alert">${this._error.message}
          ${this._error.span ? html`<pre class="caret mono" aria-hidden="true">${this._error.span.before}<mark>${this._error.span.at}</mark></pre>` : nothing}</div>` : nothing}
        <div class="row"><button class="primary" type="submit" ?disabled=${this._busy || !this._expr.trim()}>${this._busy ? 'Backtesting…' : 'Run backtest'}</button>
          ${this._busy ? html`<span class="muted" role="status">Replaying the drill and ${this._hours} healthy hours; this takes a few seconds.</span>` : html`<span class="muted key">Ctrl+Enter runs it</span>`}</div>
      </form>
      ${this._result ? this._results(this._result) : nothing}`;
  }

  private _results(r: NonNullable<DhAlertLab['_result']>) {
    const mine = r.res;
    const orig = r.res.original;
    const label = orig && (r.expr.trim() !== this._original?.expr.trim() || r.for !== formatDuration(this._original?.for ?? 0)) ? 'Your rule' : 'This rule';
    const stale = r.expr !== this._expr || r.for !== this._for.trim() || r.hours !== this._hours || r.rule !== this._rule;
    return html`<div class="results ${stale ? 'stale' : ''}" aria-live="polite">
      <p class="ran muted">${stale ? 'Results of the last run, before your latest edits: ' : 'Results for '}<code>${r.expr}</code> for <code>${r.for || '0s'}</code></p>
      <h3>In this drill</h3>
      ${this._strip(label, mine)}
      ${orig ? this._strip(`Original ${r.rule}`, orig) : nothing}
      <div class="scale" aria-hidden="true"><span>${simClock(0)}</span><span>${simClock(this.end / 2)}</span><span>${simClock(this.end)}</span></div>
      <h3>On ${mine.baseline.hours} healthy hours</h3>
      <table class="figures">
        <thead><tr><th></th><th scope="col">${label}</th>${orig ? html`<th scope="col">Original</th>` : nothing}</tr></thead>
        <tbody>
          <tr><th scope="row">Fires</th><td>${firingRate(mine.baseline.firingsPerDay)}</td>${orig ? html`<td>${firingRate(orig.baseline.firingsPerDay)}</td>` : nothing}</tr>
          <tr><th scope="row">Firings in ${mine.baseline.hours} h</th><td>${mine.baseline.firings}</td>${orig ? html`<td>${orig.baseline.firings}</td>` : nothing}</tr>
          <tr><th scope="row">Time spent firing</th><td>${formatDuration(mine.baseline.firingSeconds)}</td>${orig ? html`<td>${formatDuration(orig.baseline.firingSeconds)}</td>` : nothing}</tr>
          <tr><th scope="row">First firing</th><td>${first(mine)}</td>${orig ? html`<td>${first(orig)}</td>` : nothing}</tr>
        </tbody>
      </table>
      <p class="verdict">${verdict(mine, orig)}</p>
      ${r.res.warnings?.length ? html`<ul class="warn">${r.res.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : nothing}
    </div>`;
  }

  private _strip(label: string, f: BacktestFigures) {
    const bars = firingBars(f.drill.firings, this.end);
    const words = bars.length === 0 ? 'never fired' : bars.map((b) => `fired ${simClock(b.from)} to ${b.open ? 'the end' : simClock(b.to)}`).join('; ');
    const open = bars.some((b) => b.open);
    return html`<div class="strip">
      <div class="sl"><strong>${label}</strong><span class="muted"> · ${bars.length === 0 ? 'would not have fired' : `${bars.length} firing${bars.length === 1 ? '' : 's'}, first at ${simClock(bars[0]!.from)}${open ? ', still firing when the drill ended' : ''}`}</span></div>
      <div class="track" role="img" aria-label="${label}: ${words}">
        ${bars.map((b) => html`<span class="bar ${b.open ? 'open' : ''}" style=${cssVars({ '--l': `${b.left}%`, '--w': `${b.width}%` })} title="${simClock(b.from)} – ${b.open ? 'still firing at the end' : simClock(b.to)}"></span>`)}
      </div>
    </div>`;
  }

  private _onKey(e: KeyboardEvent): void {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void this._run(); }
  }

  private _onRun(e: Event): void {
    e.preventDefault();
    void this._run();
  }

  private async _run(): Promise<void> {
    if (this._busy || !this._expr.trim()) return;
    const req = { alert: this._rule, expr: this._expr, for: this._for.trim() || 0, baselineHours: this._hours };
    this._busy = true;
    this._error = undefined;
    try {
      const res = await backtest(this.access, req);
      this._result = { res, expr: req.expr, for: this._for.trim(), hours: this._hours, rule: this._rule };
    } catch (err) {
      const off = err instanceof ApiError ? err.error.offset : undefined;
      const len = err instanceof ApiError ? err.error.length : undefined;
      this._error = { message: errorText(err), ...(typeof off === 'number' ? { span: errorSpan(req.expr, off, typeof len === 'number' ? len : 1) } : {}) };
    } finally {
      this._busy = false;
    }
  }

  static override styles = [base, css`
    :host { display: block; }
    form { display: grid; gap: 6px; }
    .help { margin: 0 0 4px; font-size: 13px; }
    .top { align-items: flex-end; gap: 12px; }
    .for { width: 90px; }
    textarea { font-family: var(--mono); font-size: 12.5px; }
    .caret { margin: 6px 0 0; white-space: pre-wrap; word-break: break-all; color: var(--muted); }
    .caret mark { background: var(--bad); color: #fff; border-radius: 2px; }
    .key { font-size: 12px; }
    .results { margin-top: 12px; display: grid; gap: 6px; }
    .results h3 { margin: 6px 0 0; }
    .ran { margin: 0; font-size: 12.5px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .ran code { font-family: var(--mono); font-size: 12px; color: var(--text); }
    .stale .strip, .stale .figures, .stale .verdict { opacity: .55; }
    .strip { display: grid; gap: 3px; }
    .sl { font-size: 13px; }
    .track { position: relative; height: 16px; background: var(--panel-2); border: 1px solid var(--border); border-radius: 3px; }
    .bar { position: absolute; top: 2px; bottom: 2px; left: var(--l); width: var(--w); background: var(--bad); border-radius: 2px; }
    .bar.open { border-top-right-radius: 0; border-bottom-right-radius: 0; }
    .scale { display: flex; justify-content: space-between; font-family: var(--mono); font-size: 11px; color: var(--muted); }
    .figures { max-width: 560px; }
    .figures td { font-variant-numeric: tabular-nums; }
    .verdict { margin: 2px 0 0; }
    .warn { color: var(--pending); font-size: 12.5px; margin: 0; }
  `];
}

function first(f: BacktestFigures): string {
  return f.baseline.firstAt === null ? 'never' : `after ${formatDuration(f.baseline.firstAt)}`;
}

/** One sentence comparing the edited rule with the original: earlier or later in the drill, noisier or quieter. */
function verdict(mine: BacktestFigures, orig: BacktestFigures | undefined): string {
  const m0 = mine.drill.firings[0]?.firedAt;
  if (!orig) return m0 === undefined ? 'It would not have fired in this drill.' : `It would have fired first at ${simClock(m0)}, ${firingRate(mine.baseline.firingsPerDay)} on healthy traffic.`;
  const o0 = orig.drill.firings[0]?.firedAt;
  const when = m0 === undefined ? 'It would not have fired in this drill' + (o0 !== undefined ? `, where the original fired at ${simClock(o0)}` : '')
    : o0 === undefined ? `It would have fired at ${simClock(m0)}, where the original never fired`
      : m0 === o0 ? `It fires at the same time as the original (${simClock(m0)})`
        : `It fires ${formatDuration(Math.abs(m0 - o0))} ${m0 < o0 ? 'earlier' : 'later'} than the original (${simClock(m0)} against ${simClock(o0)})`;
  const dm = mine.baseline.firingsPerDay;
  const dn = orig.baseline.firingsPerDay;
  const noise = dm === dn ? 'and is as noisy on healthy traffic' : dm > dn ? `and is noisier on healthy traffic (${points(dm)} against ${points(dn)} firings a day)` : `and is quieter on healthy traffic (${points(dm)} against ${points(dn)} firings a day)`;
  return `${when}, ${noise}.`;
}

customElements.define('dh-alert-lab', DhAlertLab);

declare global {
  interface HTMLElementTagNameMap { 'dh-alert-lab': DhAlertLab }
}
