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
  /** Publishes the current answer as the `hosts` event (the app calls it on every sample). */
  publish(): void;
}

/** Builds the peers and the report, and publishes `hosts` whenever a peer changes. */
export function createHosts(
  config: Config,
  sampler: MetricsSampler,
  hub: StreamHub,
  log: FastifyBaseLogger,
): HostsWiring {
  const peers = new Peers(config, log);
  const report = new HostsReport(config.hostName, sampler, peers);
  const publish = () => hub.publish('hosts', report.json());
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
