/**
 * `/api/stream`: Server-Sent Events. The response is handed to the hub, which writes the
 * events the client asked for (`?events=hosts,weather`; none named: every event); holding
 * the sampler keeps samples flowing while the stream is open.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MetricsSampler } from '../sampler/index.js';
import { ApiError } from '../errors.js';
import { errorResponses, StreamQuery } from '../schemas/common.js';
import type { StreamHub } from '../stream.js';
import { visitorNetwork } from '../visitor-network.js';

export const streamRoute: FastifyPluginAsyncTypebox<{
  sampler: MetricsSampler;
  hub: StreamHub;
}> = async (app, { sampler, hub }) => {
  app.get(
    '/api/stream',
    { schema: { querystring: StreamQuery, response: errorResponses } },
    async (request, reply) => {
      const wanted = hub.subscription(request.query.events);
      if (!wanted.ok) throw new ApiError(400, 'bad_request', wanted.message);
      const network = visitorNetwork(request.ip);
      if (hub.fullFor(network)) {
        throw new ApiError(
          503,
          'too_many_streams',
          'Too many live streams open from your network; poll /api/hosts (or /api/metrics) instead',
          { 'retry-after': '30' },
        );
      }
      if (hub.full) {
        throw new ApiError(
          503,
          'too_many_streams',
          'Too many live streams open; poll /api/hosts (or /api/metrics) instead',
          {
            'retry-after': '30',
          },
        );
      }
      reply.hijack();
      const res = reply.raw;
      // A hijacked reply does not send headers that hooks set (security headers): copy them.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) res.setHeader(name, value);
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        // nginx must pass events through as they come, not buffer them.
        'x-accel-buffering': 'no',
      });
      if (request.method === 'HEAD') {
        res.end();
        return;
      }
      const release = sampler.hold();
      res.on('close', release);
      if (!hub.add(res, network, wanted.subscription)) res.end();
    },
  );
};
