/**
 * The incidents pinned on the lab's status page (Uptime Kuma), across the top of the page:
 * what a visitor must read before anything else. Takes no room when there are none.
 */
import { isRecord } from '../api/guards.js';
import type { IncidentsReport } from '../api/types.js';
import type { Unconfigured } from '../controllers/sources.js';
import { definePanel } from './panel.js';

export const isIncidents = (value: unknown): value is IncidentsReport | Unconfigured =>
  isRecord(value) &&
  typeof value.configured === 'boolean' &&
  (value.configured === false || Array.isArray(value.incidents));

export const incidentsPanel = definePanel({
  name: 'incidents',
  path: '/api/incidents',
  guard: isIncidents,
  // The API keeps an answer as long as the status (STATUS_TTL_S 30).
  pollMs: 30_000,
  freshForMs: 60_000,
  element: 'kite-incidents',
  slot: 'top',
  // While loading it takes no room either: most of the time there is nothing to say, and a
  // skeleton at the top of every page load would push everything down and back.
  shown: (state) => (state.data?.incidents.length ?? 0) > 0,
});
