import { html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { WeatherReport } from '../api/types.js';
import { loadingState, type SourceState } from '../controllers/source-state.js';
import { TickController } from '../controllers/tick-controller.js';
import { relativeTime } from '../format.js';
import { weatherPanel } from '../panels/weather.js';
import { panelState } from './panel-state.js';
import { baseStyles, panelStyles } from './shared-styles.js';
import { weatherIcon } from './weather-icon.js';
import { weatherStyles } from './kite-weather.styles.js';

/** An observation older than this no longer describes the weather outside: it is marked. */
export const OLD_OBSERVATION_MS = 3 * 3_600_000;

/**
 * Current conditions at the server's configured location (wttr.in through the API).
 * Hidden when the server has no location set. An observation over 3 hours old is marked
 * "old observation"; the location and condition are upstream text, isolated for bidi.
 *
 * @property state - the weather source
 * @property offline - the API is not answering
 * @property freshForMs - how old the data may be before it reads "stale"
 */
@customElement('kite-weather')
export class KiteWeather extends LitElement {
  static override styles = [baseStyles, panelStyles, weatherStyles];

  @property({ attribute: false }) state: SourceState<WeatherReport> = loadingState();
  @property({ type: Boolean }) offline = false;
  @property({ attribute: false }) freshForMs: number | undefined = weatherPanel.freshForMs;

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
        ${weather ? html`<span class="meta" dir="auto">${weather.location}</span>` : nothing}
      </div>
      ${panelState(state, {
        what: 'weather',
        offline: this.offline,
        now: this._tick.now,
        freshForMs: this.freshForMs,
        dataTime: (w) => w.fetched_at,
        content: (w) => this._content(w),
      })}
    </section>`;
  }

  private _content(w: WeatherReport) {
    return html`<div class="now">
        ${weatherIcon(w.code)}
        <span class="temp">${Math.round(w.temperature_c)}°C</span>
        <p class="condition" dir="auto">${w.condition}</p>
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
          <dd>${w.wind_kph} km/h <bdi>${w.wind_dir}</bdi></dd>
        </div>
        <div class="observed">
          <dt>Observed</dt>
          <dd>${this._observed(w.observed_at)}</dd>
        </div>
      </dl>`;
  }

  /** When the station reported, marked when it is too old to describe the weather now. */
  private _observed(observedAt: string | null) {
    if (!observedAt) return 'unknown';
    const age = this._tick.now - Date.parse(observedAt);
    const when = html`<time datetime=${observedAt}
      >${relativeTime(observedAt, this._tick.now)}</time
    >`;
    if (!(age > OLD_OBSERVATION_MS)) return when;
    return html`${when}
      <span class="old"><span class="shape" aria-hidden="true"></span>old observation</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-weather': KiteWeather;
  }
}
