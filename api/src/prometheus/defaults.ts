/**
 * The API process's own figures under prom-client's standard names (`process_*`, `nodejs_*`),
 * the names Node.js dashboards expect, beside the portal's `kitestacks_*` series.
 */
import { collectDefaultMetrics, type Registry } from 'prom-client';
import { monitorEventLoop, registerEventLoopFigures } from './event-loop.js';

/**
 * prom-client names these gauges `_total`, which only counters may end in (`promtool check
 * metrics` refuses them); the same figures remain beside them, broken down by type.
 */
const MISNAMED_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
] as const;

/** prom-client's event-loop series, replaced by those of `event-loop.ts`. */
const PROM_CLIENT_EVENT_LOOP = [
  'nodejs_eventloop_lag_seconds',
  ...['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'].map(
    (figure) => `nodejs_eventloop_lag_${figure}_seconds`,
  ),
];

/**
 * prom-client always starts its own delay monitor and has no switch to leave it out. Its
 * figures are replaced, so its monitor is given the longest period a timer takes (about 25
 * days): it never wakes the process, and the only monitor that does is `event-loop.ts`'s.
 */
const PARKED_MONITOR_MS = 2 ** 31 - 1;

/** Registers the defaults; the returned stop ends the event-loop monitor they started. */
export async function registerDefaultFigures(registry: Registry): Promise<() => void> {
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: PARKED_MONITOR_MS });
  for (const name of [...MISNAMED_DEFAULTS, ...PROM_CLIENT_EVENT_LOOP]) {
    registry.removeSingleMetric(name);
  }
  const monitor = await monitorEventLoop();
  registerEventLoopFigures([registry], monitor.delay);
  return monitor.stop;
}
