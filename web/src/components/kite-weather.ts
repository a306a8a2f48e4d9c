import { html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { WeatherReport } from '../api/types.js';
import { loadingState, type SourceState } from '../controllers/source-state.js';
import { TickController } from '../controllers/tick-controller.js';
import { relativeTime } from '../format.js';
import { panelState } from './panel-state.js';
import { baseStyles, panelStyles } from './shared-styles.js';
import { weatherIcon } from './weather-icon.js';
import { weatherStyles } from './kite-weather.styles.js';

/**
 * Current conditions at the server's configured location (wttr.in through the API).
 * Hidden when the server has no location set.
 *
 * @property state - the weather source
 * @property offline - the API is not answering
 */
@customElement('kite-weather')
export class KiteWeather extends LitElement {
  static override styles = [baseStyles, panelStyles, weatherStyles];

  @property({ attribute: false }) state: SourceState<WeatherReport> = loadingState();
  @property({ type: Boolean }) offline = false;

  /** Ages ("observed 2 hours ago", "stale · 3 min old") move on by themselves. */
  private readonly _tick = new TickController(this, 30_000);

  override willUpdate(): void {
    this.hidden = this.state.phase === 'unconfigured';
  }

  override render() {
    const { state } = this;
    const weather = state.data;
    return html`<section
      class="panel"
      aria-labelledby="weather-title"
      aria-busy=${state.phase === 'loading'}
    >
      <div class="panel-head">
        <h2 id="weather-title">Weather</h2>
        ${weather ? html`<span class="meta">${weather.location}</span>` : nothing}
      </div>
      ${panelState(state, {
        what: 'weather',
        offline: this.offline,
        now: this._tick.now,
        dataTime: (w) => w.fetched_at,
        content: (w) => this._content(w),
      })}
    </section>`;
  }

  private _content(w: WeatherReport) {
    return html`<div class="now">
        ${weatherIcon(w.code)}
        <span class="temp">${Math.round(w.temperature_c)}°C</span>
        <p class="condition">${w.condition}</p>
      </div>
      <dl>
        <div>
          <dt>Feels like</dt>
          <dd>${Math.round(w.feels_like_c)}°C</dd>
        </div>
        <div>
          <dt>Humidity</dt>
          <dd>${w.humidity_percent}%</dd>
        </div>
        <div>
          <dt>Wind</dt>
          <dd>${w.wind_kph} km/h ${w.wind_dir}</dd>
        </div>
        <div>
          <dt>Observed</dt>
          <dd>
            ${
              w.observed_at
                ? html`<time datetime=${w.observed_at}
                    >${relativeTime(w.observed_at, this._tick.now)}</time
                  >`
                : 'unknown'
            }
          </dd>
        </div>
      </dl>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-weather': KiteWeather;
  }
}
