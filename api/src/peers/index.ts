/**
 * The other hosts, in one folder: each peer as a source (`peer-source.ts`: asked for its own
 * `/api/metrics`, its answer checked by `metrics-check.ts`, refused as `incompatible.ts`
 * says), all of them together (`Peers`), and what is built from them with this host's
 * snapshot — the `/api/hosts` report, its route and the `hosts` stream event. Everything
 * that knows a peer exists is here; this host's own readings are `sampler/`.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { MetricsSampler } from '../sampler/index.js';
import type { StreamHub } from '../stream.js';
import { Peers } from './peers.js';
import { HostsReport } from './hosts-report.js';

export { Peers } from './peers.js';
export { HostsReport } from './hosts-report.js';
export { hostsRoute } from './hosts-route.js';

export interface HostsWiring {
  peers: Peers;
  report: HostsReport;
  /**
   * Publishes the current answer as the `hosts` event (the app calls it on every sample).
   * Never throws: a report that cannot be built is this report's failure, logged here, and
   * never a failure of whoever called (least of all this host's readings).
   */
  publish(): void;
}

/** Builds the peers and the report, and publishes `hosts` whenever a peer changes. */
export function createHosts(
  config: Config,
  sampler: MetricsSampler,
  hub: StreamHub,
  log: FastifyBaseLogger,
  now: () => number = Date.now,
): HostsWiring {
  const peers = new Peers(config, log, now);
  const report = new HostsReport(config.hostName, sampler, peers, now);
  let failing = false;
  const publish = () => {
    try {
      hub.publish('hosts', report.json());
      if (failing) log.info('hosts report works again');
      failing = false;
    } catch (error) {
      // Once per run of failures, like the host readings: not at every sample.
      if (!failing)
        log.error({ err: error }, 'hosts report failed; the hosts event is not updated');
      failing = true;
    }
  };
  if (sampler.latest) publish();
  for (const peer of peers.list) {
    peer.cache.on(() => {
      report.invalidate();
      publish();
    });
  }
  hub.onClientCount((count) => peers.streams(count));
  return { peers, report, publish };
}
