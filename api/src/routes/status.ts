/** `/api/status`: service status from the configured Uptime Kuma status page. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, NoQuery } from '../schemas/common.js';
import { Status } from '../schemas/status.js';
import { statusPayload, upstreamApiError, type UpstreamSources } from '../sources/index.js';

export const statusRoute: FastifyPluginAsyncTypebox<{ sources: UpstreamSources }> = async (
  app,
  { sources },
) => {
  app.get(
    '/api/status',
    { schema: { querystring: NoQuery, response: { 200: Status, ...errorResponses } } },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      if (!sources.status) return { configured: false as const };
      try {
        return statusPayload(await sources.status.cache.get());
      } catch (error) {
        throw upstreamApiError(error, 'Uptime Kuma');
      }
    },
  );
};
