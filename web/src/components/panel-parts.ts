/** The pieces of every panel's loading and error states (panel-state.ts puts them together). */
import { html, type TemplateResult } from 'lit';
import type { SourceState } from '../controllers/source-state.js';

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
