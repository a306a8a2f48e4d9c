/**
 * `/api/hosts`: every host's figures on one page. A poll counts as watching: this host keeps
 * sampling and the peers are asked for an idle window. The answer never waits on a peer.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { MetricsSampler } from '../sampler/index.js';
import { errorResponses, NoQuery } from '../schemas/common.js';
import { Hosts } from '../schemas/hosts.js';
import { sendSerialized } from '../serialized.js';
import { sharedCacheHeaders } from '../shared-cache.js';
import type { Peers } from './peers.js';
import type { HostsReport } from './hosts-report.js';

export const hostsRoute: FastifyPluginAsync<{
  sampler: MetricsSampler;
  peers: Peers;
  report: HostsReport;
}> = async (app, { sampler, peers, report }) => {
  app.get(
    '/api/hosts',
    { schema: { querystring: NoQuery, response: { 200: Hosts, ...errorResponses } } },
    async (_request, reply) => {
      peers.poll();
      // This host's figures obey the /api/metrics promise: a poll after a sleep waits
      // briefly for a fresh reading (never for a peer).
      const pending = sampler.poll();
      const snapshot = pending instanceof Promise ? await pending : pending;
      // The answer changes when this host samples or a peer answers, both once per sampling
      // interval: shared caches keep it for the rest of this host's sample (shared-cache.ts).
      const madeAt = Date.parse(snapshot.metrics.sampled_at);
      reply.headers(sharedCacheHeaders(madeAt, sampler.intervalMs, Date.now()));
      return sendSerialized(reply, report.json());
    },
  );
};
