import { html, LitElement } from 'lit';
import { customElement } from 'lit/decorators.js';

@customElement('kite-app')
export class KiteApp extends LitElement {
  override render() {
    return html`<h1>KiteStacks</h1>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-app': KiteApp;
  }
}
