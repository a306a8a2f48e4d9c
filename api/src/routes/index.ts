/**
 * Every route the API answers, registered in one place, in one order: the Prometheus
 * exposition first (its request counter must see every route after it), then `/api/*`, then
 * the web app. The fast path for `GET /api/metrics`, which answers before Fastify routes at
 * all, lives here too (`metrics-fast-path.ts`): `app.ts` installs it in the server it creates.
 *
 * Each route gets what it uses as plugin options; none reads the app's decorations.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { ApiError } from '../errors.js';
import { historyRoute, type HostsHistory } from '../history/index.js';
import { hostsRoute, type HostsReport, type Peers } from '../peers/index.js';
import { prometheus } from '../prometheus/index.js';
import type { MetricsSampler } from '../sampler/index.js';
import type { UpstreamSources } from '../sources/index.js';
import { sourceRoutes } from '../sources/route.js';
import type { StreamHub } from '../stream.js';
import { serveWebApp } from '../web.js';
import { healthRoute } from './health.js';
import { metricsRoute } from './metrics.js';
import { streamRoute } from './stream.js';

export { metricsFastPath } from './metrics-fast-path.js';

/** What the routes read: the app's background parts, built in `app.ts`. */
export interface RouteParts {
  config: Config;
  sampler: MetricsSampler;
  hub: StreamHub;
  sources: UpstreamSources;
  peers: Peers;
  report: HostsReport;
  history: HostsHistory;
}

export async function registerRoutes(app: FastifyInstance, parts: RouteParts): Promise<void> {
  const { config, sampler, hub, sources, peers, report, history } = parts;
  // GET /metrics for Prometheus, outside /api/ so nginx never exposes it.
  await app.register(prometheus, {
    sampler,
    streams: hub,
    parts: () => [...sources.list, ...peers.list].map((part) => part.figures()),
  });

  await app.register(healthRoute, { hostName: config.hostName, sampler, sources, peers });
  await app.register(metricsRoute, { sampler });
  await app.register(hostsRoute, { sampler, peers, report });
  await app.register(historyRoute, { history });
  await app.register(streamRoute, { sampler, hub });
  await app.register(sourceRoutes, { sources });

  if (config.webRoot) {
    await serveWebApp(app, config.webRoot, config.servicesFile);
  } else {
    app.get('/', async () => {
      throw new ApiError(
        404,
        'web_app_not_built',
        'No built web app here: run `pnpm build`, or use the API under /api/',
      );
    });
  }
}
