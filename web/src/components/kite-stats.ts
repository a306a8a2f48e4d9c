import { html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DiskInfo, Metrics } from '../api/types.js';
import type { Sample } from '../controllers/live-controller.js';
import { loadingState, type SourceState } from '../controllers/source-state.js';
import { formatBytes, formatClock, formatPercent, formatRate, formatUptime } from '../format.js';
import { cssVars } from './css-vars.js';
import { problem, skeleton, staleNotice } from './panel-parts.js';
import { sparkline } from './sparkline.js';
import { statsStyles } from './kite-stats.styles.js';
import { baseStyles, panelStyles } from './shared-styles.js';

/**
 * Live figures of the host that served the page: CPU, memory, network, uptime and load,
 * disks, each with ~2 minutes of history drawn as a sparkline.
 *
 * @property state - the metrics source
 * @property history - recent samples, oldest first
 * @property offline - the API is not answering: the panel says "offline" over the last values
 */
@customElement('kite-stats')
export class KiteStats extends LitElement {
  static override styles = [baseStyles, panelStyles, statsStyles];

  @property({ attribute: false }) state: SourceState<Metrics> = loadingState();
  @property({ attribute: false }) history: readonly Sample[] = [];
  @property({ type: Boolean }) offline = false;

  override willUpdate(): void {
    this.hidden = this.state.phase === 'unconfigured';
  }

  override render() {
    const { state } = this;
    const metrics = state.data;
    return html`<section
      class="panel"
      aria-labelledby="stats-title"
      aria-busy=${state.phase === 'loading'}
    >
      <div class="panel-head">
        <h2 id="stats-title">Live stats</h2>
        ${
          metrics
            ? html`<span class="meta"
                >${metrics.host.hostname} · ${metrics.host.os} · ${metrics.host.kernel}</span
              >`
            : nothing
        }
      </div>
      ${this._banner()}
      ${
        state.phase === 'loading'
          ? skeleton(5)
          : metrics
            ? html`${this.offline ? nothing : staleNotice(state, false, Date.now())}
                <div class=${this.offline || state.stale ? 'tiles dimmed' : 'tiles'}>
                  ${this._tiles(metrics)}
                </div>`
            : this.offline
              ? nothing
              : problem('host stats', state, false)
      }
    </section>`;
  }

  private _banner() {
    if (!this.offline) return nothing;
    const last = this.state.receivedAt;
    return html`<p class="offline-banner" role="status">
      <strong>Offline</strong>
      <span
        >The portal API is not answering; retrying.
        ${last === null ? 'No stats yet.' : `Last sample at ${formatClock(last)}.`} Links still
        work.</span
      >
    </p>`;
  }

  private _tiles(m: Metrics) {
    const history = this.history;
    const load = m.cpu.load_avg.map((value) => value.toFixed(2)).join(' ');
    const temperature =
      m.cpu.temperature_c === null ? '' : ` · ${Math.round(m.cpu.temperature_c)}°C`;
    return html`<div class="tile">
        <h3>CPU</h3>
        <span class="value" data-metric="cpu">${formatPercent(m.cpu.percent)}</span>
        ${sparkline([history.map((s) => s.cpu)], 100)}
        <p class="sub">${m.cpu.cores} cores · load ${load}${temperature}</p>
      </div>
      <div class="tile mem">
        <h3>Memory</h3>
        <span class="value" data-metric="memory">${formatPercent(m.memory.percent)}</span>
        ${sparkline([history.map((s) => s.memory)], 100)}
        <p class="sub">
          ${formatBytes(m.memory.used_bytes)} of ${formatBytes(m.memory.total_bytes)}
        </p>
      </div>
      <div class="tile">
        <h3>Network</h3>
        <span class="value small" data-metric="network"
          ><span class="rx"
            ><span aria-hidden="true">▼</span><span class="sr-only">in</span> ${formatRate(
              m.network.rx_bytes_per_s,
            )}</span
          ><br /><span class="tx"
            ><span aria-hidden="true">▲</span><span class="sr-only">out</span> ${formatRate(
              m.network.tx_bytes_per_s,
            )}</span
          ></span
        >
        ${sparkline([history.map((s) => s.rx), history.map((s) => s.tx)])}
        <p class="sub">
          total ${formatBytes(m.network.rx_total_bytes)} in ·
          ${formatBytes(m.network.tx_total_bytes)} out
        </p>
      </div>
      <div class="tile">
        <h3>Uptime</h3>
        <span class="value" data-metric="uptime">${formatUptime(m.host.uptime_s)}</span>
        <p class="sub">${m.processes.total} processes · ${m.processes.running} running</p>
      </div>
      ${
        m.disks.length
          ? html`<div class="tile disks">
              <h3>Disks</h3>
              <ul>
                ${m.disks.map((disk) => this._disk(disk))}
              </ul>
            </div>`
          : nothing
      }`;
  }

  private _disk(disk: DiskInfo) {
    const fill = Math.max(0, Math.min(1, disk.percent / 100));
    return html`<li>
      <div class="disk-line">
        <span class="mount">${disk.mount}</span>
        <span
          >${formatBytes(disk.used_bytes)} / ${formatBytes(disk.total_bytes)} ·
          ${formatPercent(disk.percent)}</span
        >
      </div>
      <div class=${disk.percent >= 90 ? 'bar hot' : 'bar'} aria-hidden="true">
        <span ${cssVars({ '--fill': fill })}></span>
      </div>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-stats': KiteStats;
  }
}
