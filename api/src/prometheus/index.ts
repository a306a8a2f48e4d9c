/**
 * `GET /metrics`: the Prometheus text exposition of the portal's own state (process
 * figures, sources and peers, the sampler, open streams, requests by route and status).
 *
 * Deliberately outside `/api/`: nginx proxies `/api/` alone, so the public never reaches
 * it, while the lab's Prometheus scrapes the API on its own listen addresses.
 *
 * A plugin without encapsulation (fastify-plugin) because its request counter must see
 * every route. prom-client is loaded at the first scrape, not at start: requests are
 * counted as plain integers until then, and the event-loop monitor starts then too, so a
 * host without Prometheus pays nothing.
 */
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { errorResponses, NoQuery } from '../schemas/common.js';
import type { PrometheusOptions } from './figures.js';
import { RequestCounts } from './requests.js';
import type { Exposition } from './series.js';

export type { PartFigures, PrometheusOptions, SamplerFigures, SamplerState } from './figures.js';
export { fastPathRequests } from './requests.js';

export const METRICS_PATH = '/metrics';

const plugin: FastifyPluginAsync<PrometheusOptions> = async (app, options) => {
  const requests = new RequestCounts();
  let exposition: Promise<Exposition> | null = null;
  const load = () =>
    (exposition ??= import('./series.js')
      .then(({ createExposition }) => createExposition(options, requests))
      .catch((error: unknown) => {
        // A failed load is retried at the next scrape rather than remembered.
        exposition = null;
        throw error;
      }));
  app.addHook('onClose', async () => {
    const loaded = await exposition?.catch(() => null);
    loaded?.stop();
  });

  // The route's pattern, never the raw URL: a scan of random paths adds no series.
  app.addHook('onResponse', async (request, reply) => {
    requests.add(
      request.is404 ? undefined : request.routeOptions.url,
      request.method,
      reply.statusCode,
    );
  });

  app.get(
    METRICS_PATH,
    { schema: { querystring: NoQuery, response: errorResponses } },
    async (_request, reply) => {
      const { registry } = await load();
      const text = await registry.metrics();
      return reply
        .header('cache-control', 'no-store')
        .header('content-type', registry.contentType)
        .send(text);
    },
  );
};

export const prometheus = fp(plugin, { name: 'kitestacks-prometheus', fastify: '5.x' });
