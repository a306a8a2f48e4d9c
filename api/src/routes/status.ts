/** `/api/status`: service status from the configured Uptime Kuma status page. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, NoQuery } from '../schemas/common.js';
import { Status, StatusReport } from '../schemas/status.js';
import { cachedSerializer, sendSerialized } from '../serialized.js';
import { statusPayload, upstreamApiError, type UpstreamSources } from '../sources/index.js';

export const statusRoute: FastifyPluginAsyncTypebox<{ sources: UpstreamSources }> = async (
  app,
  { sources },
) => {
  const serialize = cachedSerializer(StatusReport, statusPayload);
  app.get(
    '/api/status',
    { schema: { querystring: NoQuery, response: { 200: Status, ...errorResponses } } },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      if (!sources.status) return { configured: false as const };
      try {
        return sendSerialized(reply, serialize(await sources.status.cache.get(), 0));
      } catch (error) {
        throw upstreamApiError(error, 'Uptime Kuma');
      }
    },
  );
};
