/** What the runner asks of one generator process, and what each sends back. */
import { merge, type Histogram } from './histogram.js';

export interface CrowdPlan {
  target: string;
  index: number;
  generators: number;
  visitors: number;
  arrivalMs: number;
  sessionMs: number;
  /** Epoch ms when visitor 0 arrives (the same for every generator). */
  startAt: number;
  /** Source address on the loopback, so each generator has its own ephemeral ports. */
  localAddress?: string;
  /** Static paths a page load asks for (the document, its assets, services.json, icons). */
  pagePaths: string[];
  /** METRICS_INTERVAL_S of the API, for the lateness of stream events. */
  intervalMs: number;
}

export type FailureKind = 'socket' | 'timeout' | '5xx' | '429' | '4xx' | 'refused';

export interface CrowdReport {
  visitors: number;
  served: number;
  requests: Record<string, number>;
  latency: Record<string, Histogram>;
  failures: Record<string, Partial<Record<FailureKind, number>>>;
  streamsOpened: number;
  streamRefusals: number;
  /** Gap between consecutive sample events (the page's heartbeat source) on one stream. */
  eventGap: Histogram;
  /** Receive time minus the event's sampled_at. */
  eventAge: Histogram;
  /** Visitors that never got a stream and polled the whole session. */
  pollingVisitors: number;
  /** CPU seconds the generator processes spent (user + system). */
  generatorCpuS: number;
  /**
   * How late the generators' own timers fired (ms): every latency above includes this much
   * of the measurer's own waiting for a core.
   */
  generatorLag: Histogram;
}

export function emptyReport(): CrowdReport {
  return {
    visitors: 0,
    served: 0,
    requests: {},
    latency: {},
    failures: {},
    streamsOpened: 0,
    streamRefusals: 0,
    eventGap: {},
    eventAge: {},
    pollingVisitors: 0,
    generatorCpuS: 0,
    generatorLag: {},
  };
}

/** The reports of every generator process added up. */
export function combine(reports: CrowdReport[]): CrowdReport {
  const total = emptyReport();
  for (const report of reports) {
    total.visitors += report.visitors;
    total.served += report.served;
    total.streamsOpened += report.streamsOpened;
    total.streamRefusals += report.streamRefusals;
    total.pollingVisitors += report.pollingVisitors;
    total.generatorCpuS += report.generatorCpuS;
    for (const [path, count] of Object.entries(report.requests))
      total.requests[path] = (total.requests[path] ?? 0) + count;
    for (const [path, histogram] of Object.entries(report.latency))
      merge((total.latency[path] ??= {}), histogram);
    for (const [path, kinds] of Object.entries(report.failures)) {
      const into = (total.failures[path] ??= {});
      for (const [kind, count] of Object.entries(kinds) as [keyof typeof kinds, number][])
        into[kind] = (into[kind] ?? 0) + count;
    }
    merge(total.eventGap, report.eventGap);
    merge(total.eventAge, report.eventAge);
    merge(total.generatorLag, report.generatorLag);
  }
  return total;
}
