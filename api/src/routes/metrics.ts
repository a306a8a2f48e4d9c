/**
 * `/api/metrics`: the sampler's latest snapshot, serialised once per sample, sent as-is —
 * after a brief wait for a fresh one when the sampler slept (see `MetricsSampler.poll`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MetricsSampler } from '../sampler/index.js';
import { errorResponses, NoQuery } from '../schemas/common.js';
import { Metrics } from '../schemas/metrics.js';
import { sendSerialized } from '../serialized.js';
import { sharedCacheHeaders } from '../shared-cache.js';

export const metricsRoute: FastifyPluginAsyncTypebox<{ sampler: MetricsSampler }> = async (
  app,
  { sampler },
) => {
  app.get(
    '/api/metrics',
    { schema: { querystring: NoQuery, response: { 200: Metrics, ...errorResponses } } },
    async (_request, reply) => {
      // Serialised by this same schema once per sample (see serialized.ts).
      const snapshot = await sampler.poll();
      // Current until the next sample: shared caches may keep it that long (shared-cache.ts).
      const madeAt = Date.parse(snapshot.metrics.sampled_at);
      reply.headers(sharedCacheHeaders(madeAt, sampler.intervalMs, Date.now()));
      return sendSerialized(reply, snapshot.json);
    },
  );
};
