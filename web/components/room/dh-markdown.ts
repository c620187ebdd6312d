/**
 * Renders the runbook Markdown subset (markdown.ts) with Lit templates: every piece of text goes
 * through Lit's escaping, links only keep safe addresses and open in a new tab.
 */
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { base } from '../../styles/theme.js';
import { parseMarkdown, type Block, type Inline } from './markdown.js';

export class DhMarkdown extends LitElement {
  static override properties = { text: { type: String } };
  declare text: string;
  #parsed?: { text: string; blocks: Block[] };

  constructor() {
    super();
    this.text = '';
  }

  override render() {
    if (this.#parsed?.text !== this.text) this.#parsed = { text: this.text, blocks: parseMarkdown(this.text) };
    return html`${this.#parsed.blocks.map(renderBlock)}`;
  }

  static override styles = [base, css`
    :host { display: block; line-height: 1.55; }
    h1, h2, h3, h4, h5, h6 { margin: 14px 0 6px; color: var(--text); text-transform: none; letter-spacing: 0; }
    h1 { font-size: 18px; } h2 { font-size: 16px; } h3, h4, h5, h6 { font-size: 14px; }
    :first-child { margin-top: 0; }
    p, ul, ol, blockquote, pre, table { margin: 0 0 10px; }
    ul, ol { padding-left: 22px; }
    li { margin: 3px 0; }
    code { font-family: var(--mono); font-size: 12.5px; background: var(--panel-2); border: 1px solid var(--border); border-radius: 4px; padding: 0 4px; }
    pre { background: var(--bg); border: 1px solid var(--border); border-radius: var(--radius); padding: 8px 10px; overflow-x: auto; }
    pre code { background: none; border: 0; padding: 0; white-space: pre; }
    blockquote { border-left: 3px solid var(--border); padding-left: 10px; color: var(--muted); }
    hr { border: 0; border-top: 1px solid var(--border); margin: 12px 0; }
    table { width: auto; }
  `];
}

function renderInline(n: Inline): TemplateResult | string {
  switch (n.type) {
    case 'text': return n.text;
    case 'code': return html`<code>${n.text}</code>`;
    case 'strong': return html`<strong>${n.children.map(renderInline)}</strong>`;
    case 'em': return html`<em>${n.children.map(renderInline)}</em>`;
    case 'link': return html`<a href=${n.href} target="_blank" rel="noopener noreferrer">${n.children.map(renderInline)}</a>`;
  }
}

function renderBlock(b: Block): TemplateResult | typeof nothing {
  switch (b.type) {
    case 'heading': {
      const c = b.children.map(renderInline);
      // Runbook headings sit inside a panel that already has its own h2: shift them down one level.
      switch (Math.min(6, b.level + 1)) {
        case 2: return html`<h2>${c}</h2>`;
        case 3: return html`<h3>${c}</h3>`;
        case 4: return html`<h4>${c}</h4>`;
        case 5: return html`<h5>${c}</h5>`;
        default: return html`<h6>${c}</h6>`;
      }
    }
    case 'paragraph': return html`<p>${b.children.map(renderInline)}</p>`;
    case 'list': {
      const items = b.items.map((it) => html`<li>${it.map(renderInline)}</li>`);
      return b.ordered ? html`<ol start=${b.start}>${items}</ol>` : html`<ul>${items}</ul>`;
    }
    case 'code': return html`<pre><code>${b.text}</code></pre>`;
    case 'quote': return html`<blockquote>${b.children.map(renderBlock)}</blockquote>`;
    case 'table': return html`<table>
      <thead><tr>${b.header.map((c) => html`<th scope="col">${c.map(renderInline)}</th>`)}</tr></thead>
      <tbody>${b.rows.map((r) => html`<tr>${r.map((c) => html`<td>${c.map(renderInline)}</td>`)}</tr>`)}</tbody>
    </table>`;
    case 'rule': return html`<hr />`;
  }
}

customElements.define('dh-markdown', DhMarkdown);

declare global {
  interface HTMLElementTagNameMap { 'dh-markdown': DhMarkdown }
}
