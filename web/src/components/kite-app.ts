import { html, LitElement } from 'lit';
import { customElement } from 'lit/decorators.js';
import { memoHostsView } from '../controllers/hosts-view.js';
import { LiveController } from '../controllers/live-controller.js';
import { ServicesController } from '../controllers/services-controller.js';
import { appStyles } from './kite-app.styles.js';
import './kite-commits.js';
import './kite-header.js';
import './kite-offline.js';
import './kite-services.js';
import './kite-stats.js';
import './kite-weather.js';

/**
 * The whole page: owns the data (live API data, the services file) and lays out the panels,
 * which only draw what they are given.
 *
 * The grid follows what there is to show: the hosts' stats across the top (with the weather
 * beside them while one or two hosts leave it room), the service cards below with the
 * commits beside them; a panel the server has not configured leaves no hole. Phones get one
 * column, cards first.
 */
@customElement('kite-app')
export class KiteApp extends LitElement {
  static override styles = appStyles;

  private readonly _live = new LiveController(this);
  private readonly _services = new ServicesController(this);
  private readonly _hosts = memoHostsView();

  override render() {
    const live = this._live;
    const sources = live.sources;
    const offline = live.connection === 'offline';
    const hosts = this._hosts(sources.metrics, sources.hosts);
    const count = hosts.data?.length ?? 1;
    const weather = sources.weather.phase !== 'unconfigured';
    const commits = sources.activity.phase !== 'unconfigured';
    const layout = [
      weather && count <= 2 ? 'weather-top' : '',
      weather || commits ? '' : 'no-aside',
      commits ? '' : 'no-commits',
    ]
      .filter(Boolean)
      .join(' ');
    return html`<kite-header
        .hostname=${hosts.data?.find((host) => host.self)?.name ?? null}
        .connection=${live.connection}
      ></kite-header>
      <kite-offline
        .since=${live.offlineSince}
        .lastAnswer=${sources.metrics.receivedAt}
      ></kite-offline>
      <main class=${layout}>
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
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-app': KiteApp;
  }
}
