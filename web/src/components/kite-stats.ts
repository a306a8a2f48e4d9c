import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { HostList } from '../controllers/hosts-view.js';
import { loadingState, type SourceState } from '../controllers/source-state.js';
import { HistorySeedController } from '../controllers/history-seed.js';
import { TickController } from '../controllers/tick-controller.js';
import { panelState } from './panel-state.js';
import { baseStyles, panelStyles } from './shared-styles.js';
import { hostBlock } from './stats-host.js';
import { StatsHistory } from './stats-history.js';
import { statsStyles } from './kite-stats.styles.js';

/**
 * Live figures of every host: the one that served the page first (marked "served by"),
 * then its peers. Each host shows CPU and network with ~2 minutes of history on a labelled
 * scale, memory and swap, disks, uptime; a peer that cannot be reached keeps its last
 * figures, dimmed, and says since when. The panel never blanks once it has figures.
 *
 * Lays out its hosts side by side as its own width allows (a size container).
 *
 * @property state - the hosts, as `hostsView()` builds them from the `metrics` and `hosts` sources
 * @property offline - the API is not answering: the figures are dimmed and dated
 */
@customElement('kite-stats')
export class KiteStats extends LitElement {
  static override styles = [baseStyles, panelStyles, statsStyles];

  @property({ attribute: false }) state: SourceState<HostList> = loadingState();
  @property({ type: Boolean }) offline = false;

  /** Ages ("12 s old", "unreachable … 3 min ago") move on between samples. */
  private readonly _tick = new TickController(this, 5_000);
  private readonly _history = new StatsHistory();
  /** The last minutes from the API at first paint, so the sparklines start full. */
  private readonly _seed = new HistorySeedController(this, this._history);

  override willUpdate(changed: PropertyValues<this>): void {
    this.hidden = this.state.phase === 'unconfigured';
    const hosts = this.state.data;
    if (changed.has('state') && hosts) {
      for (const host of hosts) if (host.metrics) this._history.record(host.name, host.metrics);
      this._history.retain(hosts.map((host) => host.name));
    }
  }

  override render() {
    const { state } = this;
    const count = state.data?.length ?? 1;
    return html`<section
      class="panel"
      aria-labelledby="stats-title"
      aria-busy=${state.phase === 'loading'}
    >
      <div class="panel-head">
        <h2 id="stats-title">Live stats</h2>
        <span class="meta">${count === 1 ? '1 host' : `${count} hosts`} · last 2 min</span>
      </div>
      ${panelState(state, {
        what: 'host stats',
        offline: this.offline,
        now: this._tick.now,
        lines: 5,
        dataTime: (hosts) => hosts.find((host) => host.self)?.metrics?.sampled_at,
        content: (hosts) => this._hosts(hosts),
      })}
    </section>`;
  }

  private _hosts(hosts: HostList) {
    const dim = this.offline || this.state.stale;
    return html`<div
      class=${dim ? 'hosts dimmed' : 'hosts'}
      data-count=${Math.min(hosts.length, 4)}
    >
      ${hosts.map((host) =>
        hostBlock({
          host,
          history: this._history.samples(host.name),
          spanMs: this._history.spanMs,
          now: this._tick.now,
        }),
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-stats': KiteStats;
  }
}
