/**
 * Both hosts on one page: the peers, the `/api/hosts` answer built from them and this host's
 * snapshot, and the wiring that keeps the `hosts` stream event current.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { MetricsSampler } from '../host/index.js';
import type { StreamHub } from '../stream.js';
import { Peers } from './peers.js';
import { HostsReport } from './report.js';

export { Peers } from './peers.js';
export { HostsReport } from './report.js';
export { hostsRoute } from './route.js';

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
