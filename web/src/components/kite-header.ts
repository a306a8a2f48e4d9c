import { html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Connection } from '../controllers/live-controller.js';
import { TickController } from '../controllers/tick-controller.js';
import { formatClock, formatDate } from '../format.js';
import { headerStyles } from './kite-header.styles.js';
import { baseStyles } from './shared-styles.js';

const CONNECTION_WORDS: Record<Connection, string> = {
  connecting: 'Connecting',
  live: 'Live',
  polling: 'Polling',
  offline: 'Offline',
  paused: 'Paused',
};

/**
 * The page's title bar: name, clock, which host answered, and the state of the live link.
 *
 * @property hostname - the host that served the stats (its `/api/hosts` entry's name); null until known
 * @property hostCount - how many hosts the stats show (the tagline counts them); null until known
 * @property connection - the live controller's connection state
 */
@customElement('kite-header')
export class KiteHeader extends LitElement {
  static override styles = [baseStyles, headerStyles];

  @property({ attribute: false }) hostname: string | null = null;
  /** How many hosts the page shows; null until known. */
  @property({ attribute: false }) hostCount: number | null = null;
  @property() connection: Connection = 'connecting';

  private readonly _clock = new TickController(this, 1000);

  override render() {
    const now = this._clock.now;
    return html`<header>
      <div class="brand">
        <h1 data-text="KITESTACKS">KITE<span class="accent">STACKS</span></h1>
        <p class="tagline">homelab front door${hostsLine(this.hostCount)}</p>
      </div>
      <div class="readout">
        <time datetime=${new Date(now).toISOString()}>${formatClock(now)}</time>
        <span class="date">${formatDate(now)}</span>
        <span class="served">served by <strong>${this.hostname ?? '…'}</strong></span>
        <span class="link ${this.connection}" role="status">
          <span class="shape" aria-hidden="true"></span>${CONNECTION_WORDS[this.connection]}
        </span>
      </div>
    </header>`;
  }
}

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** " // three hosts, one tunnel", counted from the data; nothing until the hosts are known. */
function hostsLine(count: number | null) {
  if (count === null || count < 1) return nothing;
  const words = NUMBER_WORDS[count] ?? String(count);
  return html` <b>//</b> ${words} ${count === 1 ? 'host' : 'hosts'}, one tunnel`;
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-header': KiteHeader;
  }
}
