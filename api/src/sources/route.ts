/**
 * One route per listed source, all alike: the unconfigured answer, or the cached answer
 * serialised once per cache entry. A failure with nothing cached throws the `UpstreamError`,
 * which the error handler turns into the envelope (502, or 504 for a timeout).
 */
import type { FastifyPluginAsync } from 'fastify';
import { errorResponses } from '../schemas/common.js';
import { sendSerialized } from '../serialized.js';
import { SOURCES, type UpstreamSources } from './index.js';

export const sourceRoutes: FastifyPluginAsync<{ sources: UpstreamSources }> = async (
  app,
  { sources },
) => {
  for (const definition of SOURCES) {
    const route = definition.route;
    if (!route) continue;
    const source = sources.byName(definition.name);
    app.get(
      route.path,
      {
        schema: {
          querystring: route.querystring,
          response: { 200: route.response, ...errorResponses },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        if (!source) return route.unconfigured;
        const entry = await source.cache.get();
        return sendSerialized(reply, source.body(entry, route.variant(request.query as never)));
      },
    );
  }
};
