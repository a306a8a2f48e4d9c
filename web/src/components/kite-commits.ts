import { html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { safeHref } from '../api/guards.js';
import type { ActivityReport, Commit } from '../api/types.js';
import { loadingState, type SourceState } from '../controllers/source-state.js';
import { TickController } from '../controllers/tick-controller.js';
import { relativeTime } from '../format.js';
import { commitsPanel } from '../panels/commits.js';
import { panelState } from './panel-state.js';
import { commitsStyles } from './kite-commits.styles.js';
import { baseStyles, panelStyles } from './shared-styles.js';

/**
 * The newest commits across the lab's Forgejo. Messages, names and repositories are
 * upstream text, drawn as text; only http(s) URLs become links.
 *
 * @property state - the activity source
 * @property offline - the API is not answering
 * @property freshForMs - how old the data may be before it reads "stale"
 */
@customElement('kite-commits')
export class KiteCommits extends LitElement {
  static override styles = [baseStyles, panelStyles, commitsStyles];

  @property({ attribute: false }) state: SourceState<ActivityReport> = loadingState();
  @property({ type: Boolean }) offline = false;
  @property({ attribute: false }) freshForMs: number | undefined = commitsPanel.freshForMs;

  /** Relative times ("5 minutes ago") move on by themselves. */
  private readonly _tick = new TickController(this, 30_000);

  override willUpdate(): void {
    this.hidden = this.state.phase === 'unconfigured';
  }

  override render() {
    const { state } = this;
    return html`<section
      class="panel"
      aria-labelledby="commits-title"
      aria-busy=${state.phase === 'loading'}
    >
      <div class="panel-head">
        <h2 id="commits-title">Recent commits</h2>
        <span class="meta">Forgejo</span>
      </div>
      ${panelState(state, {
        what: 'recent commits',
        offline: this.offline,
        now: this._tick.now,
        freshForMs: this.freshForMs,
        lines: 4,
        dataTime: (a) => a.fetched_at,
        content: (a) => this._list(a),
      })}
    </section>`;
  }

  private _list(activity: ActivityReport) {
    if (activity.commits.length === 0) return html`<p class="empty">No commits yet.</p>`;
    return html`<ol>
      ${activity.commits.map((commit) => this._commit(commit))}
    </ol>`;
  }

  /**
   * One fixed row: the message (the link to the commit), then `repo · id · author · age`.
   * Every upstream string sits in its own isolate, so a right-to-left override in an author's
   * name cannot reorder the age after it.
   */
  private _commit(commit: Commit) {
    const url = safeHref(commit.url);
    const repoUrl = safeHref(commit.repo_url);
    const sha = typeof commit.sha === 'string' ? commit.sha.slice(0, 7) : '';
    return html`<li>
      <p class="message" dir="auto">
        ${url ? html`<a href=${url} rel="noopener noreferrer">${commit.message}</a>` : commit.message}
      </p>
      <p class="byline">
        <bdi class="repo"
          >${
            repoUrl
              ? html`<a href=${repoUrl} rel="noopener noreferrer">${commit.repo}</a>`
              : commit.repo
          }</bdi
        >
        <code class="sha">${sha}</code>
        <bdi class="author">${commit.author}</bdi>
        <time datetime=${commit.date}>${relativeTime(commit.date, this._tick.now)}</time>
      </p>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kite-commits': KiteCommits;
  }
}
