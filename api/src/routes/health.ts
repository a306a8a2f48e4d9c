/**
 * `/api/health`: liveness for Uptime Kuma and container checks, and the state of every part.
 * Never waits on anything: each check reads what is already known. Each poll also asks every
 * peer whose answer is due, without waiting, so a peer's state is never older than the
 * monitor's previous poll (health never vouches for a peer nobody asked). Only a failing sampler
 * (the portal cannot serve its own figures) turns it red; an upstream or a peer in trouble
 * shows in `checks` but keeps `ok: true`, so a keyword monitor watches the portal itself and a
 * JSON-query monitor can watch one part.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { MetricsSampler } from '../sampler/index.js';
import type { Peers } from '../peers/index.js';
import { errorResponses, NoQuery } from '../schemas/common.js';
import { Health } from '../schemas/health.js';
import type { PartCheck, UpstreamSources } from '../sources/index.js';
import { VERSION } from '../version.js';

export const healthRoute: FastifyPluginAsync<{
  /** HOST_NAME (the hostname when unset): which host answered. */
  hostName: string;
  sampler: MetricsSampler;
  sources: UpstreamSources;
  peers: Peers;
}> = async (app, { hostName, sampler, sources, peers }) => {
  const checksOf = (list: readonly { name: string; check(): PartCheck }[]) =>
    Object.fromEntries(list.map((part) => [part.name, part.check()]));

  app.get(
    '/api/health',
    { schema: { querystring: NoQuery, response: { 200: Health, ...errorResponses, 503: Health } } },
    async (_request, reply) => {
      const samplerCheck = sampler.check();
      const peerChecks = checksOf(peers.list);
      // After reading their state: this poll's answers are for the next poll to report.
      peers.askDue();
      const ok = samplerCheck.state !== 'failing';
      reply.header('cache-control', 'no-store').code(ok ? 200 : 503);
      return {
        ok,
        ...(ok
          ? {}
          : {
              error: {
                code: 'sampler_failing',
                message: 'The host figures cannot be read; /api/metrics is serving stale figures',
              },
            }),
        version: VERSION,
        uptime_s: Math.round(process.uptime()),
        host: hostName,
        checks: {
          sampler: samplerCheck,
          sources: checksOf(sources.list),
          peers: peerChecks,
        },
      };
    },
  );
};
