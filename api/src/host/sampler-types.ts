/** What the metrics sampler offers its users: options, snapshots, and its own state. */
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

export type SamplerState = 'ok' | 'asleep' | 'failing';

export interface SamplerCheck {
  /** `asleep` is normal (nobody is looking); only `failing` means the figures are not live. */
  state: SamplerState;
  /** Seconds since the last good snapshot was taken; null before the first one. */
  age_s: number | null;
}

export interface SamplerEvents {
  /** Each new snapshot, and the current one again when it turns stale. */
  sample: [Snapshot];
}
