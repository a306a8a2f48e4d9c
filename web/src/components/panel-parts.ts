/** The pieces of every panel's loading, stale and error states, so all panels say them alike. */
import { html, type TemplateResult } from 'lit';
import type { SourceState } from '../controllers/source-state.js';
import { relativeTime } from '../format.js';

export function skeleton(lines = 3): TemplateResult {
  return html`<div class="skeleton" role="status" aria-label="Loading">
    ${Array.from({ length: lines }, () => html`<span></span>`)}
  </div>`;
}

/** Nothing to show: say what is missing and that it will come back by itself. */
export function problem(
  what: string,
  state: SourceState<unknown>,
  offline: boolean,
): TemplateResult {
  const why = offline ? 'the portal API is not answering' : (state.error ?? 'no answer');
  return html`<p class="problem" role="status">
    <strong>${offline ? 'Offline' : 'Unavailable'}</strong> — ${what}: ${why}. Retrying
    automatically.
  </p>`;
}

/**
 * Data to show, but maybe old: say how old and why. `fetchedAt` is when the server last got
 * it from the upstream, which dates data the server itself marked stale.
 */
export function staleNotice(
  state: SourceState<unknown>,
  offline: boolean,
  now: number,
  fetchedAt?: string | null,
): TemplateResult | null {
  if (!state.stale && !offline) return null;
  const ownFailure = offline || state.error !== null;
  const since = ownFailure ? state.receivedAt : fetchedAt ? Date.parse(fetchedAt) : null;
  const age = since === null || Number.isNaN(since) ? '' : ` from ${relativeTime(since, now)}`;
  const why = offline
    ? 'the portal API is not answering'
    : (state.error ?? 'the upstream is not answering, the server sent its last good copy');
  return html`<p class="notice" role="status">
    ${offline ? 'Offline' : 'Stale'}: showing data${age} — ${why}.
  </p>`;
}
