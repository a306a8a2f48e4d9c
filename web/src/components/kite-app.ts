import { html, LitElement } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { memoHostsView } from '../controllers/hosts-view.js';
import { LiveController } from '../controllers/live-controller.js';
import { ServicesController } from '../controllers/services-controller.js';
import type { SourceStates } from '../controllers/source-store.js';
import type { SourceName } from '../controllers/sources.js';
import { PANELS } from '../panels/index.js';
import { isShown, SLOTS, type AnyPanel, type Slot } from '../panels/panel.js';
import { appStyles } from './kite-app.styles.js';
import './kite-header.js';
import './kite-offline.js';
import './kite-services.js';
import type { KiteServices } from './kite-services.js';
import type { KiteStats } from './kite-stats.js';
import type { RevealDetail } from './kite-summary.js';
import './kite-stats.js';
import './kite-summary.js';

// The elements the panel declarations name by tag: every component module defines its
// element (the declarations import none, see panels/panel.ts), so all are loaded here.
import.meta.glob(['./kite-*.ts', '!./kite-app.ts', '!./*.styles.ts'], { eager: true });

/** Hosts that still fit side by side in the cards' column on a wide screen. */
const FEW_HOSTS = 2;

/**
 * The whole page: owns the data (live API data, the services file) and lays out the panels,
 * which only draw what they are given.
 *
 * The fixed parts: the status line ("10 of 11 services up · osTicket down"), the service
 * cards and the hosts' stats across the page below. Every declared panel (panels/index.ts)
 * goes into its slot: `top` across the page above the status line, `aside` beside the
 * cards. A slot with nothing to show leaves no hole. Phones get one column: top, status
 * line, cards, stats, aside.
 */
@customElement('kite-app')
export class KiteApp extends LitElement {
  static override styles = appStyles;

  private readonly _live = new LiveController(this);
  private readonly _services = new ServicesController(this);
  private readonly _hosts = memoHostsView();

  @query('kite-services') private _servicesPanel?: KiteServices;
  @query('kite-stats') private _statsPanel?: KiteStats;

  override render() {
    const live = this._live;
    const sources = live.sources;
    const offline = live.connection === 'offline';
    const hosts = this._hosts(sources.hosts);
    const empty = SLOTS.filter((slot) => !slotShown(slot, sources));
    const layout = empty.map((slot) => `no-${slot}`);
    // Up to two hosts fit side by side beside the aside on a wide screen (kite-app.styles.ts).
    if ((hosts.data?.length ?? 0) <= FEW_HOSTS) layout.push('few-hosts');
    return html`<kite-header
        .hostname=${hosts.data?.find((host) => host.self)?.name ?? null}
        .hostCount=${hosts.data?.length ?? null}
        .connection=${live.connection}
      ></kite-header>
      <kite-offline
        .since=${live.offlineSince}
        .lastAnswer=${sources.hosts.receivedAt}
      ></kite-offline>
      <main class=${layout.join(' ')} @kite-reveal=${this._onReveal}>
        ${this._slot('top', empty, offline)}
        <kite-summary
          .services=${this._services.state}
          .status=${sources.status}
          .hosts=${hosts}
        ></kite-summary>
        <kite-services
          .services=${this._services.state}
          .status=${sources.status}
          ?offline=${offline}
        ></kite-services>
        <kite-stats .state=${hosts} ?offline=${offline}></kite-stats>
        ${this._slot('aside', empty, offline)}
      </main>
      <footer>
        KiteStacks Portal · stats as JSON at <a href="/api/metrics">/api/metrics</a> and
        <a href="/api/hosts">/api/hosts</a> · health at <a href="/api/health">/api/health</a>
      </footer>`;
  }

  /** The declared panels of one slot, in the list's order; hidden while none has anything to show. */
  private _slot(slot: Slot, empty: readonly Slot[], offline: boolean) {
    const sources = this._live.sources;
    return html`<div class="slot ${slot}" ?hidden=${empty.includes(slot)}>
      ${PANELS.filter((panel) => panel.slot === slot).map((panel) => {
        // The tag comes from the declarations in this repository, never from data.
        const tag = unsafeStatic(panel.element);
        return staticHtml`<${tag}
          .state=${sources[panel.name]}
          .freshForMs=${panel.freshForMs}
          ?offline=${offline}
        ></${tag}>`;
      })}
    </div>`;
  }

  /** A status line link: bring its service card or host into view. */
  private readonly _onReveal = (event: CustomEvent<RevealDetail>): void => {
    const detail = event.detail;
    if (detail.kind === 'service') void this._servicesPanel?.reveal(detail.index);
    else void this._statsPanel?.reveal(detail.name);
  };
}

/** Whether any declared panel in the slot has something to show now. */
function slotShown(slot: Slot, sources: SourceStates): boolean {
  return PANELS.some(
    (panel: AnyPanel) => panel.slot === slot && isShown(panel, sources[panel.name as SourceName]),
  );
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-app': KiteApp;
  }
}
