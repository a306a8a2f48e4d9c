/**
 * One route per listed source, all alike: the unconfigured answer, or the cached answer
 * serialised once per cache entry. A failure with nothing cached throws the `UpstreamError`,
 * which the error handler turns into the envelope (502, or 504 for a timeout, `no-store`).
 *
 * Every visitor gets the same answer, so shared caches may keep it for the rest of its cache
 * entry's TTL (shared-cache.ts); a stale one, while the upstream is being asked again, for a
 * second. "Not configured" only changes with a restart: a minute.
 */
import type { FastifyPluginAsync } from 'fastify';
import { errorResponses, NoQuery } from '../schemas/common.js';
import { sendSerialized } from '../serialized.js';
import { sharedCacheHeaders } from '../shared-cache.js';
import { SOURCES, type UpstreamSources } from './index.js';

const UNCONFIGURED_LIFETIME_MS = 60_000;

export const sourceRoutes: FastifyPluginAsync<{ sources: UpstreamSources }> = async (
  app,
  { sources },
) => {
  for (const definition of SOURCES) {
    const route = definition.route;
    if (!route) continue;
    const source = sources.byName(definition.name);
    const unconfigured = { configured: false, ...route.unconfigured };
    app.get(
      route.path,
      {
        schema: {
          querystring: route.querystring ?? NoQuery,
          response: { 200: route.response, ...errorResponses },
        },
      },
      async (request, reply) => {
        if (!source) {
          reply.headers(sharedCacheHeaders(Date.now(), UNCONFIGURED_LIFETIME_MS, Date.now()));
          return unconfigured;
        }
        const entry = await source.cache.get();
        reply.headers(sharedCacheHeaders(entry.fetchedAt, source.cache.policy.ttlMs, source.now()));
        const variant = route.variant?.(request.query as never) ?? 0;
        return sendSerialized(reply, source.body(entry, variant));
      },
    );
  }
};
