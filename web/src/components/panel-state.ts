/**
 * One way for every live panel to draw its source's state, so they all say it alike:
 *
 * | source state                         | drawn                                        |
 * |--------------------------------------|----------------------------------------------|
 * | `unconfigured`                       | nothing (the panel hides itself)             |
 * | `loading`                            | a skeleton                                   |
 * | data, fresh                          | the content                                  |
 * | data, stale or the API offline       | a mark "Stale · 3 min old — why", then the content |
 * | no data and a failure                | "Unavailable — what: why. Retrying…"         |
 *
 * With a freshness rule (`freshForMs`), "Stale" is kept for data that is past it, or that
 * the server itself calls stale (its upstream is failing). Data within its rule that could
 * not be refreshed (the API gone, a request failed) only says its age, quietly: "updated
 * 2 min ago" is the normal age of a cached copy, not a failure.
 *
 * ```ts
 * render() {
 *   return html`<section class="panel">…${panelState(this.state, {
 *     what: 'weather', offline: this.offline, now: this._tick.now,
 *     dataTime: (w) => w.fetched_at, content: (w) => this._content(w),
 *   })}</section>`;
 * }
 * ```
 * The age counts from the data's own time (`dataTime`, the server's clock: when it fetched
 * or sampled it) when there is one, else from when the browser received it (`receivedAt`).
 * While offline the panel only says how old its data is; the page-wide banner says why.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { SourceState } from '../controllers/source-state.js';
import { formatAge } from '../format.js';
import { problem, skeleton } from './panel-parts.js';

export interface PanelView<T> {
  /** Names the panel in the error line: "Unavailable — weather: …". */
  what: string;
  /** The API is not answering (the page's connection state). */
  offline: boolean;
  /** The clock the panel renders with (a TickController's `now` keeps ages moving). */
  now: number;
  /** How old the data may be before it reads "stale" (freshness.ts); none: any doubt is stale. */
  freshForMs?: number;
  /** Skeleton lines while loading; 3 by default. */
  lines?: number;
  /** The data's own time (ISO, e.g. `fetched_at` or `sampled_at`), which dates its age best. */
  dataTime?: (data: T) => string | null | undefined;
  /** Draws the data. */
  content: (data: T) => unknown;
}

/** The panel's body for its source state: skeleton, content (with a stale mark), or error. */
export function panelState<T>(state: SourceState<T>, view: PanelView<T>): unknown {
  if (state.phase === 'unconfigured') return nothing;
  if (state.phase === 'loading') return skeleton(view.lines ?? 3);
  const data = state.data;
  if (data === null) return problem(view.what, state, view.offline);
  return html`${staleMark(state, view.offline, view.now, view.dataTime?.(data), view.freshForMs)}
  ${view.content(data)}`;
}

/** The data shown may be out of date: the server said so, a refresh failed, or the API is gone. */
export function isStale(state: SourceState<unknown>, offline: boolean): boolean {
  return state.data !== null && (state.stale || offline || state.error !== null);
}

/**
 * The server sent the data marked stale (its upstream is failing): the store keeps the
 * answer's own `stale` with no error of ours beside it.
 */
function serverSaysStale(state: SourceState<unknown>): boolean {
  return state.stale && state.error === null;
}

/**
 * How old the shown data is, in ms, or null when nothing dates it. Prefers the data's own
 * time; never negative (the server's clock may run ahead of the browser's).
 */
export function dataAge(
  state: SourceState<unknown>,
  now: number,
  dataTime?: string | null,
): number | null {
  const own = dataTime ? Date.parse(dataTime) : NaN;
  const since = Number.isFinite(own) ? own : state.receivedAt;
  return since === null ? null : Math.max(0, now - since);
}

/**
 * "Stale · 3 min old — Forgejo answered 500." above the data it dates; null while the data is
 * fresh. Not a live region: the age changes every tick and would be read out each time.
 */
export function staleMark(
  state: SourceState<unknown>,
  offline: boolean,
  now: number,
  dataTime?: string | null,
  freshForMs?: number,
): TemplateResult | null {
  if (!isStale(state, offline)) return null;
  const age = dataAge(state, now, dataTime);
  if (freshForMs !== undefined && !serverSaysStale(state) && age !== null && age <= freshForMs)
    return html`<p class="age-note">updated ${formatAge(age)} ago</p>`;
  const why = offline
    ? null
    : (state.error ?? 'the upstream is not answering; the server sent its last good copy');
  return html`<p class="notice stale-mark">
    <strong>Stale</strong>${age === null ? '' : ` · ${formatAge(age)} old`}${
      why ? html` — <span class="why">${why}</span>` : nothing
    }
  </p>`;
}
