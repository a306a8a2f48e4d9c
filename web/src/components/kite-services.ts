import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { Monitor, MonitorState, StatusReport } from '../api/types.js';
import type { ServicesState } from '../controllers/services-controller.js';
import { loadingState, type SourceState } from '../controllers/source-state.js';
import { TickController } from '../controllers/tick-controller.js';
import { formatPing, formatUptimePercent } from '../format.js';
import type { Service } from '../services.js';
import { filterServices, isTyping, startsFilter } from './kite-services.filter.js';
import { servicesStyles } from './kite-services.styles.js';
import { problemCards, statusShapes } from './status-shapes.styles.js';
import {
  serviceElementId,
  serviceStatuses,
  STATUS_WORDS,
  type ServiceStatus,
} from './service-status.js';
import { problem, skeleton } from './panel-parts.js';
import { FRESH_FOR_MS } from './freshness.js';
import { staleMark } from './panel-state.js';
import { baseStyles, panelStyles } from './shared-styles.js';

/**
 * The service cards from `services.json`, each with its status from Uptime Kuma when there
 * is one: a shape and a word (never colour alone), then the 24 h uptime and the response
 * time. The links work whatever the API does. Names and descriptions are the file's text,
 * each isolated so right-to-left text cannot reorder what follows it.
 *
 * A filter above the cards narrows them as the visitor types (name, description, address):
 * a letter or digit typed anywhere on the page (outside a field) starts it, `/` focuses it,
 * Escape clears it (a second Escape leaves it), Enter opens the first match and ↓ moves to
 * it. The number of matches is announced politely.
 *
 * @property services - the services file's state (loading, ready, error)
 * @property status - the status source; hidden indicators while it is loading or unconfigured
 * @property offline - the API is not answering
 */
@customElement('kite-services')
export class KiteServices extends LitElement {
  static override styles = [baseStyles, panelStyles, servicesStyles, statusShapes, problemCards];

  @property({ attribute: false }) services: ServicesState = { phase: 'loading' };
  @property({ attribute: false }) status: SourceState<StatusReport> = loadingState();
  @property({ type: Boolean }) offline = false;

  @state() private _query = '';
  @query('input') private _input?: HTMLInputElement;

  /** Keeps the stale mark's age moving. */
  private readonly _tick = new TickController(this, 30_000);

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this._onPageKey);
  }

  override disconnectedCallback(): void {
    document.removeEventListener('keydown', this._onPageKey);
    super.disconnectedCallback();
  }

  override render() {
    const ready = this.services.phase === 'ready' ? this.services.list : null;
    const all = ready?.services ?? [];
    const shown = filterServices(all, this._query);
    const filtering = this._query.trim() !== '';
    return html`<section class="panel" aria-labelledby="services-title">
      <div class="panel-head">
        <h2 id="services-title">Services</h2>
        ${
          ready
            ? html`<div class="tools">
                <label class="filter"
                  ><span class="sr-only">Filter services</span
                  ><input
                    type="search"
                    placeholder="Filter…"
                    autocomplete="off"
                    spellcheck="false"
                    aria-keyshortcuts="/"
                    aria-describedby="services-count"
                    .value=${live(this._query)}
                    @input=${this._onInput}
                    @keydown=${this._onFilterKey}
                  /><kbd aria-hidden="true">/</kbd></label
                ><span class="meta" id="services-count" role="status"
                  >${filtering ? `${shown.length} of ${all.length} match` : `${all.length} linked`}</span
                >
              </div>`
            : nothing
        }
      </div>
      ${this._statusNotice()} ${this._body(shown)}
    </section>`;
  }

  private _body(shown: Service[]) {
    const state = this.services;
    if (state.phase === 'loading') return skeleton(4);
    if (state.phase === 'error') {
      return html`<p class="problem" role="alert">
        <strong>Cannot show services</strong> — ${state.message}.
      </p>`;
    }
    const statuses = serviceStatuses(state.list.services, this.status);
    const byService = new Map(statuses.map((entry) => [entry.service, entry]));
    return html`${
      shown.length
        ? html`<ul class="cards">
            ${shown.map((service) => {
              const entry = byService.get(service);
              return entry ? html`<li>${this._card(entry)}</li>` : nothing;
            })}
          </ul>`
        : html`<p class="empty">No service matches “<bdi>${this._query.trim()}</bdi>”.</p>`
    }
    ${
      state.list.problems.length
        ? html`<ul class="problems" aria-label="Problems in services.json">
            ${state.list.problems.map((line) => html`<li>${line}</li>`)}
          </ul>`
        : nothing
    }`;
  }

  private _statusNotice() {
    const status = this.status;
    if (this.services.phase !== 'ready') return nothing;
    if (status.phase === 'error') return problem('service status', status, this.offline);
    if (status.phase === 'ready')
      return staleMark(
        status,
        this.offline,
        this._tick.now,
        status.data?.fetched_at,
        FRESH_FOR_MS.status,
      );
    return nothing;
  }

  private _card({ service, index, monitor, state }: ServiceStatus): TemplateResult {
    const body = html`${
        service.icon
          ? html`<img class="icon" src=${service.icon} alt="" width="42" height="42" />`
          : html`<span class="icon monogram" aria-hidden="true"
              >${service.name.charAt(0).toUpperCase()}</span
            >`
      }
      <h3 class="name" dir="auto">${service.name}</h3>
      ${service.description ? html`<p class="desc" dir="auto">${service.description}</p>` : nothing}
      ${
        service.href
          ? html`<span class="host">${new URL(service.href).host}</span>`
          : html`<span class="host nolink">no valid link</span>`
      }
      ${monitor && state ? this._status(monitor, state) : nothing}`;
    // A card whose monitor says anything but up is marked as a problem, by its border and
    // by the status word; the status line above the panels links straight to it.
    const tone = state === null ? '' : state === 'up' ? 'is-up' : `is-problem is-${state}`;
    const id = serviceElementId(index);
    return service.href
      ? html`<a class="card ${tone}" id=${id} href=${service.href} rel="noopener noreferrer"
          >${body}</a
        >`
      : html`<div class="card ${tone}" id=${id} tabindex="-1">${body}</div>`;
  }

  /** "● UP · 99.9% · 42 ms": the word first, then what Uptime Kuma measured, where it did. */
  private _status(monitor: Monitor, state: MonitorState) {
    const uptime =
      typeof monitor.uptime_24h_percent === 'number' ? monitor.uptime_24h_percent : null;
    const ping = typeof monitor.ping_ms === 'number' ? monitor.ping_ms : null;
    return html`<p class="status-line">
      <span class="status ${state}"
        ><span class="shape" aria-hidden="true"></span
        ><span class="sr-only">status: </span>${STATUS_WORDS[state]}</span
      >${
        uptime === null && ping === null
          ? nothing
          : html`<span class="figures"
              >${
                uptime === null
                  ? nothing
                  : html`<span class="figure uptime"
                      ><span class="sr-only">, uptime over 24 hours: </span
                      >${formatUptimePercent(uptime)}<span class="unit" aria-hidden="true"
                        >24h</span
                      ></span
                    >`
              }${
                ping === null
                  ? nothing
                  : html`<span class="figure ping"
                      ><span class="sr-only">, response time: </span>${formatPing(ping)}</span
                    >`
              }</span
            >`
      }
    </p>`;
  }

  private _shown(): Service[] {
    return this.services.phase === 'ready'
      ? filterServices(this.services.list.services, this._query)
      : [];
  }

  private _onInput(event: Event): void {
    this._query = (event.target as HTMLInputElement).value;
  }

  private _onFilterKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (this._query) this._query = '';
      else this._input?.blur();
    } else if ((event.key === 'Enter' || event.key === 'ArrowDown') && this._query.trim()) {
      const first = this.renderRoot.querySelector<HTMLAnchorElement>('ul.cards a.card');
      if (!first || this._shown().length === 0) return;
      event.preventDefault();
      if (event.key === 'Enter') first.click();
      else first.focus();
    }
  }

  /**
   * Brings a card into view and gives it the focus (the status line's links), clearing a
   * filter that hides it.
   */
  async reveal(index: number): Promise<void> {
    const find = () => this.renderRoot.querySelector<HTMLElement>(`#${serviceElementId(index)}`);
    if (!find() && this._query) {
      this._query = '';
      await this.updateComplete;
    }
    const card = find();
    if (!card) return;
    card.scrollIntoView({ block: 'center' });
    card.focus({ preventScroll: true });
  }

  /**
   * `/` focuses the filter; a letter or digit typed anywhere else on the page starts a new
   * filter with it. Neither while the visitor is typing in a field.
   */
  private readonly _onPageKey = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || isTyping(event) || !this._input) return;
    if (event.key === '/') {
      event.preventDefault();
      this._input.focus();
      this._input.select();
    } else if (startsFilter(event.key)) {
      event.preventDefault();
      this._query = event.key;
      this._input.focus();
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-services': KiteServices;
  }
}
