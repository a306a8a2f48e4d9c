/**
 * Builds the Fastify app without listening: `server.ts` listens, tests `inject()`.
 *
 * Everything that runs in the background (the metrics sampler, the stream hub) is created
 * here, started before the app answers, and stopped by `app.close()`.
 */
import http from 'node:http';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CachePolicy } from './cache.js';
import type { Config } from './config.js';
import { clientErrorHandler, frameworkErrors, installErrorHandling } from './errors.js';
import { createHistory } from './history/index.js';
import {
  createHostSource,
  MetricsSampler,
  namedHostSource,
  type HostSource,
} from './sampler/index.js';
import { createHosts, type Peers } from './peers/index.js';
import { installRequestLogging } from './logger.js';
import { metricsFastPath, registerRoutes } from './routes/index.js';
import { installSecurityHeaders } from './security-headers.js';
import { SOURCES, UpstreamSources } from './sources/index.js';
import { StreamHub } from './stream.js';

export interface AppOptions {
  /** pino options, or false for silence (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Replace the host source (tests count readings or feed fixed counters). */
  hostSource?: HostSource;
  /** The clock the upstream and peer caches read (tests move time instead of waiting). */
  now?: () => number;
  /** Adjust the upstream cache policy (tests shorten the wait before serving stale). */
  cachePolicy?: Partial<Omit<CachePolicy, 'ttlMs'>>;
}

/** What the app runs in the background, for the server's shutdown and for tests. */
declare module 'fastify' {
  interface FastifyInstance {
    sampler: MetricsSampler;
    hub: StreamHub;
    sources: UpstreamSources;
    peers: Peers;
  }
}

/**
 * Our own server (for the fast path) means Fastify's timeout options do not apply: set them
 * here. Slow or half-open clients get 10 s for headers and body, checked every second, so
 * they cannot hold sockets; idle keep-alive lasts 72 s (longer than nginx's upstream
 * keepalive_timeout, so nginx never reuses a socket we just closed).
 */
export const SERVER_OPTIONS: http.ServerOptions = {
  requestTimeout: 10_000,
  headersTimeout: 10_000,
  keepAliveTimeout: 72_000,
  connectionsCheckingInterval: 1_000,
};

export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  // Filled in once the sampler exists; the server is created before that.
  let fastPath: ((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | null = null;

  const app = Fastify({
    logger: options.logger ?? false,
    serverFactory: (handler) =>
      http.createServer(SERVER_OPTIONS, (req, res) => {
        if (fastPath?.(req, res)) return;
        handler(req, res);
      }),
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

  let readingsFailing = false;
  const hostSource = options.hostSource ?? createHostSource(config.metrics);
  const sampler = new MetricsSampler(namedHostSource(hostSource, config.hostName), {
    intervalMs: config.metrics.intervalMs,
    idleAfterMs: config.metrics.idleAfterMs,
    onError: (error) => {
      // A broken /proc fails at every interval: say so once, and again when it recovers.
      if (readingsFailing) return app.log.debug({ err: error }, 'host reading failed again');
      readingsFailing = true;
      app.log.warn({ err: error }, 'host reading failed; serving the previous sample');
    },
  });
  // Every event the stream carries, and so every name `?events=` may ask for: this host's
  // sample, the hosts report, and each source that has a route (configured here or not, so a
  // page asks the same of every host).
  const events = [
    'metrics',
    'hosts',
    ...SOURCES.flatMap((source) => (source.route ? [source.name] : [])),
  ];
  const hub = new StreamHub({ ...config.stream, events });
  if (app.log.level !== 'debug' && app.log.level !== 'trace') fastPath = metricsFastPath(sampler);

  await sampler.start();
  const first = sampler.latest;
  if (first) hub.publish('metrics', first.json);

  const sources = new UpstreamSources(config, {
    log: app.log,
    ...(options.now ? { now: options.now } : {}),
    ...(options.cachePolicy ? { policy: options.cachePolicy } : {}),
  });
  sources.onChange((event, json) => hub.publish(event, json));
  // Upstreams are asked on demand; while anyone streams they also refresh on their TTL.
  hub.onClientCount((count) => sources.keepWarm(count > 0));
  const {
    peers,
    report,
    publish: publishHosts,
  } = createHosts(config, sampler, hub, app.log, options.now);
  const history = createHistory(config.hostName, sampler, peers, options.now);
  // One listener for every sample: this host's figures, alone and among the hosts.
  sampler.on('sample', (snapshot) => {
    if (readingsFailing && !snapshot.metrics.stale) {
      readingsFailing = false;
      app.log.info('host readings work again');
    }
    hub.publish('metrics', snapshot.json);
    history.recordSelf(snapshot.metrics);
    publishHosts();
  });

  // The routes get what they use as plugin options; the decorations are for the server's
  // shutdown and for tests that look inside.
  app.decorate('sampler', sampler);
  app.decorate('hub', hub);
  app.decorate('sources', sources);
  app.decorate('peers', peers);

  // Streams never end on their own: close them first so the server can drain and exit. Calls
  // to upstreams and peers are aborted now too, so no request waits on a hung one.
  app.addHook('preClose', async () => {
    hub.close();
    await Promise.all([sources.close(), peers.close()]);
  });
  app.addHook('onClose', async () => sampler.stop());

  installSecurityHeaders(app);
  installErrorHandling(app);
  installRequestLogging(app);
  await registerRoutes(app, { config, sampler, hub, sources, peers, report, history });

  return app;
}
