/**
 * The shapes of the API's answers, straight from the API's own schemas. Type-only imports:
 * nothing of the API ends up in the bundle.
 */
export type {
  Activity,
  ActivityReport,
  Commit,
  DiskInfo,
  Metrics,
  Monitor,
  MonitorState,
  Status,
  StatusReport,
  Weather,
  WeatherReport,
} from '@kitestacks/api/schemas';

import type { Metrics } from '@kitestacks/api/schemas';

/**
 * One host of `GET /api/hosts` (DESIGN.md): this host first, then the peers in `PEERS` order.
 * `metrics` is the host's last good `/api/metrics` answer (null before the first one);
 * `fetched_at` is when the serving API got it; `error` says why the last attempt failed.
 * Written here until the API's schemas export the same shape under these names.
 */
export interface HostEntry {
  name: string;
  self: boolean;
  reachable: boolean;
  metrics: Metrics | null;
  fetched_at: string | null;
  stale: boolean;
  error?: { code: string; message: string };
}

/** `GET /api/hosts` and the stream's `hosts` event. */
export interface Hosts {
  hosts: HostEntry[];
}
