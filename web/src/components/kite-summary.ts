import { html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { StatusReport } from '../api/types.js';
import type { HostList } from '../controllers/hosts-view.js';
import type { ServicesState } from '../controllers/services-controller.js';
import { loadingState, type SourceState } from '../controllers/source-state.js';
import { hostState, isHostProblem, stateWord } from './host-state.js';
import { readFigures } from './host-figures.js';
import { problems, serviceStatuses, type ServiceStatus } from './service-status.js';
import { baseStyles } from './shared-styles.js';
import { statusShapes } from './status-shapes.styles.js';
import { summaryStyles } from './kite-summary.styles.js';

/** Names at most this many problems; the rest are counted ("+2 more"). */
const MAX_NAMED = 4;

/** Asks the page to bring a service card or a host into view: `detail` says which. */
export type RevealDetail = { kind: 'service'; index: number } | { kind: 'host'; name: string };

/**
 * The page's answer to "is everything up?", in the first screen: "10 of 11 up · osTicket
 * down · Portainer pending", then the hosts the same way. Every state is a shape and a word;
 * each named service or host is a link that brings its card into view (a `kite-reveal`
 * event the page acts on). When all is well it says so in a few words.
 *
 * Not a live region: the cards say the same where they are, and the header announces the
 * page's own connection.
 *
 * @property services - the services file's state
 * @property status - the Uptime Kuma status source
 * @property hosts - every host, as the stats panel gets them
 */
@customElement('kite-summary')
export class KiteSummary extends LitElement {
  static override styles = [baseStyles, statusShapes, summaryStyles];

  @property({ attribute: false }) services: ServicesState = { phase: 'loading' };
  @property({ attribute: false }) status: SourceState<StatusReport> = loadingState();
  @property({ attribute: false }) hosts: SourceState<HostList> = loadingState();

  override render() {
    const services = this._services();
    const hosts = this._hosts();
    this.hidden = services === nothing && hosts === nothing;
    return html`<section aria-label="At a glance">
      <p class="summary">${services}${hosts}</p>
    </section>`;
  }

  private _services() {
    if (this.services.phase !== 'ready' || this.status.phase === 'unconfigured') return nothing;
    if (this.status.phase === 'loading') return html`<span class="group">Checking services…</span>`;
    if (this.status.data === null)
      return html`<span class="group"
        ><span class="status unknown"
          ><span class="shape" aria-hidden="true"></span>Service status unavailable</span
        ></span
      >`;
    const statuses = serviceStatuses(this.services.list.services, this.status).filter(
      (entry) => entry.state !== null,
    );
    if (statuses.length === 0) return nothing;
    const bad = problems(statuses);
    const up = statuses.length - bad.length;
    if (bad.length === 0)
      return html`<span class="group all-up"
        ><span class="status up"
          ><span class="shape" aria-hidden="true"></span>All ${statuses.length} services up</span
        ></span
      >`;
    return html`<span class="group"
      ><span class="count">${up} of ${statuses.length} services up</span>${bad
        .slice(0, MAX_NAMED)
        .map((entry) => this._service(entry))}${more(bad.length)}</span
    >`;
  }

  private _service({ service, index, state }: ServiceStatus) {
    return html`<span class="item"
      ><span class="sep" aria-hidden="true">·</span
      ><a
        class="status ${state}"
        href=${`#service-${index}`}
        @click=${(event: Event) => this._reveal(event, { kind: 'service', index })}
        ><span class="shape" aria-hidden="true"></span><bdi>${service.name}</bdi> ${state}</a
      ></span
    >`;
  }

  private _hosts() {
    const list = this.hosts.data;
    if (!list || list.length < 2) return nothing;
    const states = list.map((host) => ({
      host,
      state: hostState(host, readFigures(host.metrics)),
    }));
    const bad = states.filter((entry) => isHostProblem(entry.state));
    if (bad.length === 0)
      return html`<span class="group all-up"
        ><span class="status up"
          ><span class="shape" aria-hidden="true"></span>All ${list.length} hosts live</span
        ></span
      >`;
    return html`<span class="group"
      ><span class="count">${list.length - bad.length} of ${list.length} hosts live</span>${bad
        .slice(0, MAX_NAMED)
        .map(
          ({ host, state }) =>
            html`<span class="item"
              ><span class="sep" aria-hidden="true">·</span
              ><a
                class="status down"
                href=${`#host-${host.name}`}
                @click=${(event: Event) => this._reveal(event, { kind: 'host', name: host.name })}
                ><span class="shape" aria-hidden="true"></span
                ><bdi>${host.name}</bdi> ${stateWord(state)}</a
              ></span
            >`,
        )}${more(bad.length)}</span
    >`;
  }

  private _reveal(event: Event, detail: RevealDetail): void {
    event.preventDefault();
    this.dispatchEvent(new CustomEvent('kite-reveal', { detail, bubbles: true, composed: true }));
  }
}

function more(count: number) {
  return count > MAX_NAMED
    ? html`<span class="sep" aria-hidden="true">·</span><span>+${count - MAX_NAMED} more</span>`
    : nothing;
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-summary': KiteSummary;
  }
}
