/**
 * `/api/history`: the last few minutes of every host, so the page draws its sparklines at
 * first paint. It only reads what the rings hold: asking for history is not watching, so it
 * wakes neither the sampler nor the peers (the page's own requests for live figures do).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../schemas/common.js';
import { History, HistoryQuery } from '../schemas/history.js';
import { sendSerialized } from '../serialized.js';
import type { HostsHistory } from './hosts-history.js';

export const historyRoute: FastifyPluginAsyncTypebox<{ history: HostsHistory }> = async (
  app,
  { history },
) => {
  app.get(
    '/api/history',
    { schema: { querystring: HistoryQuery, response: { 200: History, ...errorResponses } } },
    async (request, reply) =>
      sendSerialized(reply.header('cache-control', 'no-store'), history.json(request.query.span_s)),
  );
};
