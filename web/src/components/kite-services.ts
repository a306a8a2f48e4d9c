import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Monitor, MonitorState, StatusReport } from '../api/types.js';
import type { ServicesState } from '../controllers/services-controller.js';
import { loadingState, type SourceState } from '../controllers/source-state.js';
import type { Service } from '../services.js';
import { problem, skeleton, staleNotice } from './panel-parts.js';
import { servicesStyles } from './kite-services.styles.js';
import { baseStyles, panelStyles } from './shared-styles.js';

const STATUS_WORDS: Record<MonitorState, string> = {
  up: 'Up',
  down: 'Down',
  pending: 'Pending',
  maintenance: 'Maintenance',
  unknown: 'Unknown',
};

/**
 * The service cards from `services.json`, each with its status from Uptime Kuma when there
 * is one: a shape and a word, never colour alone. The links work whatever the API does.
 *
 * @property services - the services file's state (loading, ready, error)
 * @property status - the status source; hidden indicators while it is loading or unconfigured
 * @property offline - the API is not answering
 */
@customElement('kite-services')
export class KiteServices extends LitElement {
  static override styles = [baseStyles, panelStyles, servicesStyles];

  @property({ attribute: false }) services: ServicesState = { phase: 'loading' };
  @property({ attribute: false }) status: SourceState<StatusReport> = loadingState();
  @property({ type: Boolean }) offline = false;

  override render() {
    return html`<section class="panel" aria-labelledby="services-title">
      <div class="panel-head">
        <h2 id="services-title">Services</h2>
        ${
          this.services.phase === 'ready'
            ? html`<span class="meta">${this.services.list.services.length} linked</span>`
            : nothing
        }
      </div>
      ${this._statusNotice()} ${this._body()}
    </section>`;
  }

  private _body() {
    const state = this.services;
    if (state.phase === 'loading') return skeleton(4);
    if (state.phase === 'error') {
      return html`<p class="problem" role="alert">
        <strong>Cannot show services</strong> — ${state.message}.
      </p>`;
    }
    const monitors = this._monitors();
    return html`<ul>
        ${state.list.services.map((service) => html`<li>${this._card(service, monitors)}</li>`)}
      </ul>
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
      return staleNotice(status, this.offline, Date.now(), status.data?.fetched_at);
    return nothing;
  }

  private _monitors(): Map<string, Monitor> {
    const byName = new Map<string, Monitor>();
    const monitors = this.status.phase === 'ready' ? (this.status.data?.monitors ?? []) : [];
    for (const monitor of monitors) {
      if (typeof monitor.name === 'string') byName.set(monitor.name.trim().toLowerCase(), monitor);
    }
    return byName;
  }

  private _card(service: Service, monitors: Map<string, Monitor>): TemplateResult {
    const monitor = monitors.get(service.monitor.toLowerCase());
    const state = monitor && monitor.status in STATUS_WORDS ? monitor.status : null;
    const body = html`${
        service.icon
          ? html`<img class="icon" src=${service.icon} alt="" width="42" height="42" />`
          : html`<span class="icon monogram" aria-hidden="true"
              >${service.name.charAt(0).toUpperCase()}</span
            >`
      }
      <h3 class="name">${service.name}</h3>
      <p class="desc">${service.description}</p>
      <div class="foot">
        ${
          service.href
            ? html`<span class="host">${new URL(service.href).host}</span>`
            : html`<span class="nolink">no valid link</span>`
        }
        ${
          state
            ? html`<span class="status ${state}"
                ><span class="shape" aria-hidden="true"></span
                ><span class="sr-only">status: </span>${STATUS_WORDS[state]}</span
              >`
            : nothing
        }
      </div>`;
    const tone = state === 'up' ? 'is-up' : state === 'down' ? 'is-down' : '';
    return service.href
      ? html`<a class="card ${tone}" href=${service.href} rel="noopener noreferrer">${body}</a>`
      : html`<div class="card ${tone}">${body}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-services': KiteServices;
  }
}
