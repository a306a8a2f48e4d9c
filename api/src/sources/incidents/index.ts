/**
 * Incidents: what the lab's admin pinned on the Uptime Kuma status page ("NAS disk
 * replacement — the media share is read-only…"). The same page and settings as `status`:
 * configured exactly when it is, refreshed on its TTL.
 */
import { status, type StatusSettings } from '../status/index.js';
import { defineSource } from '../definition.js';
import { fetchIncidents } from './kuma.js';
import { Incidents, IncidentsReport, type Incident } from './schema.js';

// The folder's schema travels through the list to the API's contract (schemas/index.ts).
export * from './schema.js';

export const incidents = defineSource({
  name: 'incidents',
  settings: (env): StatusSettings | null => status.settings(env),
  upstream: () => 'Uptime Kuma',
  connection: (settings) => ({ baseUrl: settings.baseUrl }),
  fetch: (http, settings, context) => fetchIncidents(http, settings, context),
  route: {
    path: '/api/incidents',
    response: Incidents,
    report: IncidentsReport,
    unconfigured: { incidents: [] },
    fields: (list: Incident[]) => ({ incidents: list }),
  },
});
