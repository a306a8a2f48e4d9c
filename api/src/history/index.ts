/**
 * Recent figures of every host (`/api/history`): the rings, and the wiring that fills them
 * from what the portal already receives — each sample of this host, each answer of a peer.
 */
import type { MetricsSampler } from '../sampler/index.js';
import type { Peers } from '../peers/index.js';
import { HostsHistory } from './hosts-history.js';

export { GAP_AFTER_INTERVALS, HISTORY_SPAN_S, HostsHistory } from './hosts-history.js';
export { historyRoute } from './route.js';

/**
 * Builds the history with this host's current snapshot and listens to every peer. This
 * host's later samples come from the app's one `sample` listener (`recordSelf`), which
 * feeds everything that follows the sampler. Costs nothing while idle.
 */
export function createHistory(
  hostName: string,
  sampler: MetricsSampler,
  peers: Peers,
  now?: () => number,
): HostsHistory {
  const history = new HostsHistory(
    hostName,
    peers.list.map((peer) => peer.name),
    { intervalMs: peers.intervalMs, ...(now ? { now } : {}) },
  );
  if (sampler.latest) history.recordSelf(sampler.latest.metrics);
  for (const peer of peers.list) {
    peer.cache.on((event) => {
      if (event.type === 'updated') history.recordPeer(peer.name, event.entry.value);
    });
  }
  return history;
}
