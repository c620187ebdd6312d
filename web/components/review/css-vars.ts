/**
 * Set CSS custom properties on an element through the CSSOM. The server's Content-Security-
 * Policy refuses `style` attributes, and Lit's styleMap writes one on first render; setting
 * properties one by one never does.
 * @example html`<span class="bar" style=${cssVars({ '--h': '40%' })}></span>`
 */
import { noChange } from 'lit';
import { Directive, directive, PartType, type AttributePart, type PartInfo } from 'lit/directive.js';

class CssVars extends Directive {
  #names = new Set<string>();

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ATTRIBUTE || info.name !== 'style') throw new Error('cssVars belongs in a style attribute');
  }

  render(_vars: Readonly<Record<string, string>>): typeof noChange {
    return noChange;
  }

  override update(part: AttributePart, [vars]: [Readonly<Record<string, string>>]): typeof noChange {
    const style = (part.element as HTMLElement).style;
    for (const name of this.#names) if (!(name in vars)) style.removeProperty(name);
    this.#names = new Set(Object.keys(vars));
    for (const [name, value] of Object.entries(vars)) style.setProperty(name, value);
    return noChange;
  }
}

export const cssVars = directive(CssVars);
