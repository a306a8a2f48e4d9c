/** `/api/weather`: the cached wttr.in conditions for the server's own location. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, NoQuery } from '../schemas/common.js';
import { Weather, WeatherReport } from '../schemas/weather.js';
import { cachedSerializer, sendSerialized } from '../serialized.js';
import { upstreamApiError, weatherPayload, type UpstreamSources } from '../sources/index.js';

export const weatherRoute: FastifyPluginAsyncTypebox<{ sources: UpstreamSources }> = async (
  app,
  { sources },
) => {
  const serialize = cachedSerializer(WeatherReport, weatherPayload);
  // NoQuery: visitors cannot choose what the server fetches (no location parameter).
  app.get(
    '/api/weather',
    { schema: { querystring: NoQuery, response: { 200: Weather, ...errorResponses } } },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      if (!sources.weather) return { configured: false as const };
      try {
        return sendSerialized(reply, serialize(await sources.weather.cache.get(), 0));
      } catch (error) {
        throw upstreamApiError(error, 'wttr.in');
      }
    },
  );
};
