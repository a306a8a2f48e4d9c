/** `/api/activity?limit=N`: the N newest commits across Forgejo, from one cached crawl. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Activity, ActivityQuery, ActivityReport } from '../schemas/activity.js';
import { cachedSerializer, sendSerialized } from '../serialized.js';
import { errorResponses } from '../schemas/common.js';
import { activityPayload, upstreamApiError, type UpstreamSources } from '../sources/index.js';

export const activityRoute: FastifyPluginAsyncTypebox<{ sources: UpstreamSources }> = async (
  app,
  { sources },
) => {
  // One body per limit for each crawl: at most 50 strings, rebuilt when the crawl changes.
  const serialize = cachedSerializer(ActivityReport, activityPayload);
  app.get(
    '/api/activity',
    { schema: { querystring: ActivityQuery, response: { 200: Activity, ...errorResponses } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (!sources.activity) return { configured: false as const, commits: [] };
      try {
        return sendSerialized(
          reply,
          serialize(await sources.activity.cache.get(), request.query.limit),
        );
      } catch (error) {
        throw upstreamApiError(error, 'Forgejo');
      }
    },
  );
};
