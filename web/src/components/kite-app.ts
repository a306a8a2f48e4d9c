import { html, LitElement } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { memoHostsView } from '../controllers/hosts-view.js';
import { LiveController } from '../controllers/live-controller.js';
import { ServicesController } from '../controllers/services-controller.js';
import { appStyles } from './kite-app.styles.js';
import './kite-commits.js';
import './kite-header.js';
import './kite-offline.js';
import './kite-services.js';
import type { KiteServices } from './kite-services.js';
import type { KiteStats } from './kite-stats.js';
import type { RevealDetail } from './kite-summary.js';
import './kite-stats.js';
import './kite-summary.js';
import './kite-weather.js';

/**
 * The whole page: owns the data (live API data, the services file) and lays out the panels,
 * which only draw what they are given.
 *
 * First the status line ("10 of 11 services up · osTicket down"), then the grid follows
 * what there is to show: the service cards first with the weather and the commits beside
 * them, the hosts' stats across the page below; a panel the server has not configured
 * leaves no hole. Phones get one column in the same order.
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
    const hosts = this._hosts(sources.metrics, sources.hosts);
    const weather = sources.weather.phase !== 'unconfigured';
    const commits = sources.activity.phase !== 'unconfigured';
    const layout = weather || commits ? '' : 'no-aside';
    return html`<kite-header
        .hostname=${hosts.data?.find((host) => host.self)?.name ?? null}
        .hostCount=${hosts.data?.length ?? null}
        .connection=${live.connection}
      ></kite-header>
      <kite-offline
        .since=${live.offlineSince}
        .lastAnswer=${sources.metrics.receivedAt}
      ></kite-offline>
      <main class=${layout} @kite-reveal=${this._onReveal}>
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
        <div class="aside" ?hidden=${!weather && !commits}>
          <kite-weather .state=${sources.weather} ?offline=${offline}></kite-weather>
          <kite-commits .state=${sources.activity} ?offline=${offline}></kite-commits>
        </div>
      </main>
      <footer>
        KiteStacks Portal · stats as JSON at <a href="/api/metrics">/api/metrics</a> and
        <a href="/api/hosts">/api/hosts</a> · health at <a href="/api/health">/api/health</a>
      </footer>`;
  }

  /** A status line link: bring its service card or host into view. */
  private readonly _onReveal = (event: CustomEvent<RevealDetail>): void => {
    const detail = event.detail;
    if (detail.kind === 'service') void this._servicesPanel?.reveal(detail.index);
    else void this._statsPanel?.reveal(detail.name);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-app': KiteApp;
  }
}
