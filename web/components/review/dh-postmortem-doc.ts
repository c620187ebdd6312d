/**
 * A submitted postmortem, read-only, in the template's order: what the reviewer grades and the
 * team reads back beside its score. Text is rendered as text.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { Postmortem } from '../../lib/api-types.js';
import { base } from '../../styles/theme.js';
import { simClock } from './format.js';

export class DhPostmortemDoc extends LitElement {
  static override properties = { postmortem: { type: Object } };

  declare postmortem: Postmortem;

  override render() {
    const pm = this.postmortem;
    if (!pm) return nothing;
    const i = pm.impact;
    const impact = [
      i.duration || i.minutes !== undefined ? `Duration: ${[i.duration, i.minutes !== undefined ? `${i.minutes} minutes` : ''].filter(Boolean).join(', ')}` : '',
      i.users_affected ? `Users affected: ${i.users_affected}` : '',
      i.requests_failed !== undefined ? `Failed requests: ${i.requests_failed.toLocaleString('en')}` : '',
    ].filter(Boolean);
    return html`<article>
      ${this._text('Summary', pm.summary)}
      <h4>Impact</h4>
      ${impact.length || i.description ? html`${impact.length ? html`<ul>${impact.map((x) => html`<li>${x}</li>`)}</ul>` : nothing}${i.description ? html`<p>${i.description}</p>` : nothing}` : notWritten()}
      <h4>Timeline</h4>
      ${pm.timeline.length ? html`<table class="tl"><tbody>${[...pm.timeline].sort((a, b) => a.t - b.t).map((e) => html`<tr><td class="mono">${simClock(e.t)}</td><td>${e.text}</td></tr>`)}</tbody></table>` : notWritten()}
      ${this._text('Root cause', pm.root_cause)}
      ${this._text('Trigger', pm.trigger)}
      ${this._list('Contributing factors', pm.contributing_factors)}
      ${this._text('Detection', pm.detection)}
      ${this._text('Resolution', pm.resolution)}
      ${this._list('What went well', pm.what_went_well)}
      ${this._list('What went wrong', pm.what_went_wrong)}
      ${this._list('Where we got lucky', pm.where_we_got_lucky)}
      <h4>Action items</h4>
      ${pm.action_items.length ? html`<table><thead><tr><th>Action</th><th>Owner</th><th>Priority</th><th>Type</th><th>Due</th></tr></thead>
        <tbody>${pm.action_items.map((a) => html`<tr><td>${a.title}</td><td>${a.owner || '–'}</td><td>${a.priority ?? '–'}</td><td>${a.type ?? '–'}</td><td>${a.due || '–'}</td></tr>`)}</tbody></table>` : notWritten()}
    </article>`;
  }

  private _text(title: string, text: string) {
    return html`<h4>${title}</h4>${text.trim() ? html`<p class="pre">${text}</p>` : notWritten()}`;
  }

  private _list(title: string, xs: readonly string[]) {
    return html`<h4>${title}</h4>${xs.length ? html`<ul>${xs.map((x) => html`<li>${x}</li>`)}</ul>` : notWritten()}`;
  }

  static override styles = [base, css`
    :host { display: block; }
    h4 { margin: 14px 0 4px; font-size: 13px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
    h4:first-child { margin-top: 0; }
    p { margin: 0; }
    .pre { white-space: pre-wrap; }
    ul { margin: 0; padding-left: 20px; }
    .tl td:first-child { width: 100px; white-space: nowrap; }
    .none { color: var(--muted); font-style: italic; margin: 0; }
  `];
}

function notWritten() {
  return html`<p class="none">Not written.</p>`;
}

customElements.define('dh-postmortem-doc', DhPostmortemDoc);

declare global {
  interface HTMLElementTagNameMap { 'dh-postmortem-doc': DhPostmortemDoc }
}
