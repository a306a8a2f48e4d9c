/** `/api/activity?limit=N`: the N newest commits across Forgejo, from one cached crawl. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Activity, ActivityQuery } from '../schemas/activity.js';
import { errorResponses } from '../schemas/common.js';
import { activityPayload, upstreamApiError, type UpstreamSources } from '../sources/index.js';

export const activityRoute: FastifyPluginAsyncTypebox<{ sources: UpstreamSources }> = async (
  app,
  { sources },
) => {
  app.get(
    '/api/activity',
    { schema: { querystring: ActivityQuery, response: { 200: Activity, ...errorResponses } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (!sources.activity) return { configured: false as const, commits: [] };
      try {
        return activityPayload(await sources.activity.cache.get(), request.query.limit);
      } catch (error) {
        throw upstreamApiError(error, 'Forgejo');
      }
    },
  );
};
