/** What the metrics sampler offers its users: options, snapshots, and its own state. */
import type { SamplerCheck } from '../schemas/health.js';
import type { Metrics } from '../schemas/metrics.js';

export interface SamplerOptions {
  intervalMs: number;
  idleAfterMs: number;
  /** How often the temperature is refreshed while awake. */
  temperatureEveryMs?: number;
  /** The window of the fresh reading after a sleep (or after failures). */
  freshWindowMs?: number;
  /** The longest a poll waits for that fresh reading before taking what there is. */
  freshBudgetMs?: number;
  onError?: (error: unknown) => void;
}

export interface Snapshot {
  metrics: Metrics;
  /** `metrics` serialised by the route's own schema: what every request and stream sends. */
  json: string;
}

/** The sampler's part of `/api/health`, as its schema says: `asleep` is normal. */
export type { SamplerCheck };
export type SamplerState = SamplerCheck['state'];

export interface SamplerEvents {
  /** Each new snapshot, and the current one again when it turns stale. */
  sample: [Snapshot];
}
