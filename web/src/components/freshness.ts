/**
 * How old the core sources' data may be before a panel calls it stale: twice the API's
 * default cache lifetime for that source (docs/configuration.md), so a copy the API is about
 * to refresh is never called stale, and the host figures a few sampling intervals. A declared
 * panel says its own (`freshForMs` in panels/).
 */
export const FRESH_FOR_MS = {
  /** Host figures: sampled every 2 s (METRICS_INTERVAL_S). */
  hosts: 10_000,
  /** STATUS_TTL_S 30. */
  status: 60_000,
} as const;
