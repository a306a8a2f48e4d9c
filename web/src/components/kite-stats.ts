import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { HostList } from '../controllers/hosts-view.js';
import { loadingState, type SourceState } from '../controllers/source-state.js';
import { HistorySeedController } from '../controllers/history-seed.js';
import { TickController } from '../controllers/tick-controller.js';
import { FRESH_FOR_MS } from './freshness.js';
import { panelState } from './panel-state.js';
import { baseStyles, panelStyles } from './shared-styles.js';
import { isChartable, readFigures } from './host-figures.js';
import { hostBlock } from './stats-host.js';
import { StatsHistory } from './stats-history.js';
import { statsStyles } from './kite-stats.styles.js';
import { statsPhoneStyles } from './stats-phone.styles.js';

/**
 * Live figures of every host: the one that served the page first (marked "served by"),
 * then its peers. Each host shows CPU and network with ~2 minutes of history on a labelled
 * scale, memory and swap, disks, uptime; a peer that cannot be reached keeps its last
 * figures, dimmed, and says since when. The panel never blanks once it has figures.
 *
 * Lays out its hosts side by side as its own width allows (a size container).
 *
 * @property state - the hosts, as `hostsView()` reads them from the `hosts` source
 * @property offline - the API is not answering: the figures are dimmed and dated
 */
@customElement('kite-stats')
export class KiteStats extends LitElement {
  static override styles = [baseStyles, panelStyles, statsStyles, statsPhoneStyles];

  @property({ attribute: false }) state: SourceState<HostList> = loadingState();
  @property({ type: Boolean }) offline = false;

  /** Ages ("12 s old", "unreachable … 3 min ago") move on between samples. */
  private readonly _tick = new TickController(this, 5_000);
  private readonly _history = new StatsHistory();
  /** The last minutes from the API at first paint, so the sparklines start full. */
  private readonly _seed = new HistorySeedController(this, this._history);
  /** Phones: the hosts whose figures the visitor opened (by name). */
  @state() private _open: ReadonlySet<string> = new Set();

  override willUpdate(changed: PropertyValues<this>): void {
    this.hidden = this.state.phase === 'unconfigured';
    const hosts = this.state.data;
    if (changed.has('state') && hosts) {
      // Only readings with a date and finite figures go into the charts' history.
      for (const host of hosts)
        if (host.metrics && isChartable(readFigures(host.metrics)))
          this._history.record(host.name, host.metrics);
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
        freshForMs: FRESH_FOR_MS.hosts,
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
      ${hosts.map((host, index) => this._host(host, index))}
    </div>`;
  }

  /** One host; whatever its data, a failure to draw it stays inside its own card. */
  private _host(host: HostList[number], index: number) {
    try {
      return hostBlock({
        host,
        index,
        history: this._history.samples(host.name),
        spanMs: this._history.spanMs,
        now: this._tick.now,
        open: this._open.has(host.name),
        toggle: () => this._toggle(host.name),
      });
    } catch {
      return html`<article class="host unreadable" data-host=${String(host.name)}>
        <p class="empty unreadable">
          <strong>Unreadable figures</strong> — <bdi>${String(host.name)}</bdi>
        </p>
      </article>`;
    }
  }

  /** Brings a host into view (the status line's links), opened on a phone, and focuses it. */
  async reveal(name: string): Promise<void> {
    if (!this._open.has(name)) this._toggle(name);
    await this.updateComplete;
    const host = [...this.renderRoot.querySelectorAll<HTMLElement>('article.host')].find(
      (article) => article.dataset.host === name,
    );
    if (!host) return;
    host.tabIndex = -1;
    host.scrollIntoView({ block: 'center' });
    host.focus({ preventScroll: true });
  }

  private _toggle(name: string): void {
    const open = new Set(this._open);
    if (!open.delete(name)) open.add(name);
    this._open = open;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-stats': KiteStats;
  }
}
