/**
 * The shapes of the API's answers, straight from the API's own schemas. Type-only imports:
 * nothing of the API ends up in the bundle.
 */
export type {
  Activity,
  ActivityReport,
  Commit,
  DiskInfo,
  History,
  HistoryPoint,
  HostEntry,
  Hosts,
  Metrics,
  Monitor,
  MonitorState,
  Status,
  StatusReport,
  Weather,
  WeatherReport,
} from '@kitestacks/api/schemas';

/**
 * `/api/incidents`: the incidents pinned on the Uptime Kuma status page, newest first. Written
 * out from the contract (docs/api.md) until the API's schema exports them; then these become
 * one more name in the list above.
 */
export type IncidentStyle = 'info' | 'warning' | 'danger' | 'primary' | 'light' | 'dark';

export interface Incident {
  title: string;
  /** Upstream text (Markdown on the status page), drawn as text. */
  content: string;
  style: IncidentStyle;
  created_at: string | null;
  updated_at: string | null;
}

export interface IncidentsReport {
  configured: true;
  incidents: Incident[];
  fetched_at: string;
  stale: boolean;
}

export type Incidents = IncidentsReport | { configured: false; incidents: [] };
