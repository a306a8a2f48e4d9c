import { html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Incident, IncidentsReport, IncidentStyle } from '../api/types.js';
import { loadingState, type SourceState } from '../controllers/source-state.js';
import { TickController } from '../controllers/tick-controller.js';
import { formatAge } from '../format.js';
import { incidentsPanel } from '../panels/incidents.js';
import { isShown } from '../panels/panel.js';
import { incidentsStyles } from './kite-incidents.styles.js';
import { panelState } from './panel-state.js';
import { baseStyles, panelStyles } from './shared-styles.js';

/** The word each status page style stands for; the shape beside it says the same. */
const STYLE_WORDS: Record<IncidentStyle, string> = {
  danger: 'Outage',
  warning: 'Warning',
  info: 'Info',
  primary: 'Notice',
  light: 'Note',
  dark: 'Note',
};

/**
 * The incidents pinned on the lab's status page, newest first: each one's kind as a word and
 * a shape (not colour alone), its title, its text and how long ago it was updated. Hidden
 * when there are none. Titles and texts are upstream text, drawn as text.
 *
 * @property state - the incidents source
 * @property offline - the API is not answering
 * @property freshForMs - how old the list may be before it reads "stale"
 */
@customElement('kite-incidents')
export class KiteIncidents extends LitElement {
  static override styles = [baseStyles, panelStyles, incidentsStyles];

  @property({ attribute: false }) state: SourceState<IncidentsReport> = loadingState();
  @property({ type: Boolean }) offline = false;
  @property({ attribute: false }) freshForMs: number | undefined = incidentsPanel.freshForMs;

  /** "updated 5 min ago" moves on by itself. */
  private readonly _tick = new TickController(this, 30_000);

  override willUpdate(): void {
    this.hidden = !isShown(incidentsPanel, this.state);
  }

  override render() {
    const { state } = this;
    return html`<section class="panel" aria-labelledby="incidents-title">
      <div class="panel-head">
        <h2 id="incidents-title">Incidents</h2>
        <span class="meta">Status page</span>
      </div>
      ${panelState(state, {
        what: 'incidents',
        offline: this.offline,
        now: this._tick.now,
        freshForMs: this.freshForMs,
        dataTime: (report) => report.fetched_at,
        content: (report) =>
          html`<ol>
            ${report.incidents.map((incident) => this._incident(incident))}
          </ol>`,
      })}
    </section>`;
  }

  private _incident(incident: Incident) {
    const style = Object.hasOwn(STYLE_WORDS, incident.style) ? incident.style : 'info';
    const updated = incident.updated_at ?? incident.created_at;
    const since = updated === null ? NaN : Date.parse(updated);
    return html`<li class="incident ${style}">
      <h3 class="title">
        <span class="kind"
          ><span class="shape" aria-hidden="true"></span>${STYLE_WORDS[style]}</span
        >
        <bdi>${incident.title}</bdi>
      </h3>
      <p class="content" dir="auto">${incident.content}</p>
      ${
        Number.isFinite(since)
          ? html`<p class="updated">
              updated
              <time datetime=${updated}>${formatAge(Math.max(0, this._tick.now - since))} ago</time>
            </p>`
          : ''
      }
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-incidents': KiteIncidents;
  }
}
