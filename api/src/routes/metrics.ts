/** `/api/metrics`: the sampler's latest snapshot, serialised once per sample, sent as-is. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { MetricsSampler } from '../host/index.js';
import { errorResponses, NoQuery } from '../schemas/common.js';
import { Metrics } from '../schemas/metrics.js';

export const metricsRoute: FastifyPluginAsyncTypebox<{ sampler: MetricsSampler }> = async (
  app,
  { sampler },
) => {
  app.get(
    '/api/metrics',
    { schema: { querystring: NoQuery, response: { 200: Metrics, ...errorResponses } } },
    async (_request, reply) => {
      // The snapshot was serialised by this same schema once per sample; a JSON string is
      // sent as-is, which the typed reply (expecting the object) cannot express.
      return (reply as FastifyReply)
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send(sampler.current().json);
    },
  );
};
