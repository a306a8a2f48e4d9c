/**
 * The shapes of the API's answers. Metrics come straight from the API's own schemas (types
 * only: nothing of the API ends up in the bundle). Weather, activity and status follow the
 * contract in the design until the API publishes schemas for them.
 */
export type { Metrics, DiskInfo } from '@kitestacks/api/schemas';

/** Every upstream-backed source answers this when the server has no settings for it. */
export interface NotConfigured {
  configured: false;
}

export interface WeatherReport {
  configured: true;
  location: string;
  temperature_c: number;
  temperature_f: number;
  feels_like_c: number;
  feels_like_f: number;
  condition: string;
  code: number;
  humidity_percent: number;
  wind_kph: number;
  wind_dir: string;
  observed_at: string;
  fetched_at: string;
  stale: boolean;
}
export type Weather = WeatherReport | NotConfigured;

export interface Commit {
  repo: string;
  repo_url: string;
  sha: string;
  message: string;
  author: string;
  date: string;
  url: string;
}
export interface ActivityReport {
  configured: true;
  commits: Commit[];
  fetched_at: string;
  stale: boolean;
}
export type Activity = ActivityReport | (NotConfigured & { commits: [] });

/** `unknown`: a monitor that has no heartbeat yet. */
export type MonitorState = 'up' | 'down' | 'pending' | 'maintenance' | 'unknown';
export interface Monitor {
  name: string;
  status: MonitorState;
  uptime_24h_percent: number | null;
  ping_ms: number | null;
  checked_at: string | null;
}
export interface StatusReport {
  configured: true;
  monitors: Monitor[];
  fetched_at: string;
  stale: boolean;
}
export type Status = StatusReport | NotConfigured;
