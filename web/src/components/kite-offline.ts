import { html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { TickController } from '../controllers/tick-controller.js';
import { formatAge, formatClock } from '../format.js';
import { offlineStyles } from './kite-offline.styles.js';
import { baseStyles } from './shared-styles.js';

/**
 * The page's one word on an outage: while the API is not answering, a banner with how long
 * it has been gone (counting up) and when it last answered. Panels keep their last data and
 * only say how old it is. Hidden while the API answers.
 *
 * Not a live region: the header's connection state announces the change, and a count that
 * moves every second would be read out every second.
 *
 * @property since - when the API stopped answering (ms), null while it answers
 * @property lastAnswer - when it last answered (ms), null if it never did
 */
@customElement('kite-offline')
export class KiteOffline extends LitElement {
  static override styles = [baseStyles, offlineStyles];

  @property({ attribute: false }) since: number | null = null;
  @property({ attribute: false }) lastAnswer: number | null = null;

  protected readonly _tick = new TickController(this, 1_000);

  override willUpdate(): void {
    this.hidden = this.since === null;
  }

  override render() {
    if (this.since === null) return nothing;
    // The tick only asks for the redraw; the age is counted at drawing time.
    const gone = formatAge(Math.max(0, Date.now() - this.since));
    return html`<p class="offline-banner">
      <strong>Offline</strong>
      <span class="what">API unreachable for <span class="age">${gone}</span></span>
      <span class="rest"
        >${
          this.lastAnswer === null
            ? 'no answer since the page opened'
            : html`last answer at
                <time datetime=${new Date(this.lastAnswer).toISOString()}
                  >${formatClock(this.lastAnswer)}</time
                >`
        }
        · links still work · retrying every few seconds</span
      >
    </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-offline': KiteOffline;
  }
}
