import { html, LitElement } from 'lit';
import { customElement } from 'lit/decorators.js';
import { LiveController } from '../controllers/live-controller.js';
import { ServicesController } from '../controllers/services-controller.js';
import { appStyles } from './kite-app.styles.js';
import './kite-commits.js';
import './kite-header.js';
import './kite-services.js';
import './kite-stats.js';
import './kite-weather.js';

/**
 * The whole page: owns the data (live API data, the services file) and lays out the panels,
 * which only draw what they are given.
 */
@customElement('kite-app')
export class KiteApp extends LitElement {
  static override styles = appStyles;

  private readonly _live = new LiveController(this);
  private readonly _services = new ServicesController(this);

  override render() {
    const live = this._live;
    const offline = live.connection === 'offline';
    return html`<kite-header
        .hostname=${live.metrics.data?.host.hostname ?? null}
        .connection=${live.connection}
      ></kite-header>
      <main>
        <kite-services
          .services=${this._services.state}
          .status=${live.status}
          ?offline=${offline}
        ></kite-services>
        <div class="side">
          <kite-stats
            .state=${live.metrics}
            .history=${live.history}
            ?offline=${offline}
          ></kite-stats>
          <kite-weather .state=${live.weather} ?offline=${offline}></kite-weather>
        </div>
        <kite-commits .state=${live.activity} ?offline=${offline}></kite-commits>
      </main>
      <footer>
        KiteStacks Portal · stats as JSON at <a href="/api/metrics">/api/metrics</a> · health at
        <a href="/api/health">/api/health</a>
      </footer>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-app': KiteApp;
  }
}
