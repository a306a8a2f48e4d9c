/**
 * Sets CSS custom properties on an element through the CSSOM. Lit's `styleMap` writes a
 * `style` attribute on first render, which a strict Content-Security-Policy (no
 * 'unsafe-inline' in style-src) blocks; `style.setProperty` is allowed.
 */
import { noChange, type ElementPart } from 'lit';
import { Directive, directive, PartType, type PartInfo } from 'lit/directive.js';

class CssVarsDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('cssVars() belongs on an element');
  }

  override render(_vars: Record<`--${string}`, string | number>): unknown {
    return noChange;
  }

  override update(part: ElementPart, [vars]: [Record<`--${string}`, string | number>]): unknown {
    const { style } = part.element as HTMLElement | SVGElement;
    for (const [name, value] of Object.entries(vars)) style.setProperty(name, String(value));
    return noChange;
  }
}

export const cssVars = directive(CssVarsDirective);
