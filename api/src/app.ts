/**
 * Builds the Fastify app without listening: `server.ts` listens, tests `inject()`.
 *
 * Everything that runs in the background (the metrics sampler, the stream hub) is created
 * here, started before the app answers, and stopped by `app.close()`.
 */
import http from 'node:http';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Dispatcher } from 'undici';
import type { CachePolicy } from './cache.js';
import type { Config } from './config.js';
import { ApiError, clientErrorHandler, frameworkErrors, installErrorHandling } from './errors.js';
import { metricsFastPath } from './fast-path.js';
import { createHostSource, MetricsSampler, type HostSource } from './host/index.js';
import { installRequestLogging } from './logger.js';
import { prometheus } from './prometheus/index.js';
import { activityRoute } from './routes/activity.js';
import { healthRoute } from './routes/health.js';
import { metricsRoute } from './routes/metrics.js';
import { statusRoute } from './routes/status.js';
import { streamRoute } from './routes/stream.js';
import { weatherRoute } from './routes/weather.js';
import { installSecurityHeaders } from './security-headers.js';
import { UpstreamSources } from './sources/index.js';
import { StreamHub } from './stream.js';
import { serveWebApp } from './web.js';

export interface AppOptions {
  /** pino options, or false for silence (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Replace the host source (tests count readings or feed fixed counters). */
  hostSource?: HostSource;
  /** Replace the network for weather, activity and status (tests use undici's MockAgent). */
  upstreamDispatcher?: Dispatcher;
  /** The clock the upstream caches read (tests move time instead of waiting). */
  now?: () => number;
  /** Adjust the upstream cache policy (tests shorten the wait before serving stale). */
  cachePolicy?: Partial<Omit<CachePolicy, 'ttlMs'>>;
}

declare module 'fastify' {
  interface FastifyInstance {
    sampler: MetricsSampler;
    hub: StreamHub;
    sources: UpstreamSources;
  }
}

export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  // Filled in once the sampler exists; the server is created before that.
  let fastPath: ((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | null = null;

  const app = Fastify({
    logger: options.logger ?? false,
    // Our own server (for the fast path) means Fastify's timeout options do not apply:
    // set them here. Slow or half-open clients get 10 s for headers and body, checked
    // every second, so they cannot hold sockets; idle keep-alive lasts 72 s (longer than
    // nginx's upstream keepalive_timeout, so nginx never reuses a socket we just closed).
    serverFactory: (handler) =>
      http.createServer(
        {
          requestTimeout: 10_000,
          headersTimeout: 10_000,
          keepAliveTimeout: 72_000,
          connectionsCheckingInterval: 1_000,
        },
        (req, res) => {
          if (fastPath?.(req, res)) return;
          handler(req, res);
        },
      ),
    // Fastify's two lines per request are replaced by one of ours (logger.ts).
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    // Only GET and HEAD exist; a body has no business arriving.
    bodyLimit: 1024,
    return503OnClosing: true,
    // Errors raised before routing, and by node's parser, still leave as the envelope.
    frameworkErrors,
    clientErrorHandler,
    ajv: {
      // Unknown query parameters are an error (400), not something to strip silently.
      customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const sampler = new MetricsSampler(options.hostSource ?? createHostSource(config.metrics), {
    intervalMs: config.metrics.intervalMs,
    idleAfterMs: config.metrics.idleAfterMs,
    onError: (error) =>
      app.log.warn({ err: error }, 'host reading failed; serving the previous sample'),
  });
  const hub = new StreamHub(config.stream);
  app.decorate('sampler', sampler);
  app.decorate('hub', hub);
  if (app.log.level !== 'debug' && app.log.level !== 'trace') fastPath = metricsFastPath(sampler);

  await sampler.start();
  const first = sampler.latest;
  if (first) hub.publish('metrics', first.json);
  sampler.on('sample', (snapshot) => hub.publish('metrics', snapshot.json));

  const sources = new UpstreamSources(config, {
    log: app.log,
    ...(options.upstreamDispatcher ? { dispatcher: options.upstreamDispatcher } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.cachePolicy ? { policy: options.cachePolicy } : {}),
  });
  app.decorate('sources', sources);
  sources.onChange((event, json) => hub.publish(event, json));
  // Upstreams are asked on demand; while anyone streams they also refresh on their TTL.
  hub.onClientCount((count) => sources.keepWarm(count > 0));
  app.addHook('onClose', async () => sources.close());

  // Streams never end on their own: close them first so the server can drain and exit.
  app.addHook('preClose', async () => hub.close());
  app.addHook('onClose', async () => sampler.stop());

  installSecurityHeaders(app);
  installErrorHandling(app);
  installRequestLogging(app);
  // GET /metrics for Prometheus, outside /api/ so nginx never exposes it. Registered before
  // the routes so its request counter sees them all.
  await app.register(prometheus, { sampler, streams: hub });

  await app.register(healthRoute);
  await app.register(metricsRoute, { sampler });
  await app.register(streamRoute, { sampler, hub });
  await app.register(weatherRoute, { sources });
  await app.register(activityRoute, { sources });
  await app.register(statusRoute, { sources });

  if (config.webRoot) {
    await serveWebApp(app, config.webRoot);
  } else {
    app.get('/', async () => {
      throw new ApiError(
        404,
        'web_app_not_built',
        'No built web app here: run `pnpm build`, or use the API under /api/',
      );
    });
  }

  return app;
}
