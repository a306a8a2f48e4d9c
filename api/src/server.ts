/**
 * Production entrypoint: `node api/dist/server.js`. Reads the environment, listens, and
 * shuts down cleanly on SIGTERM/SIGINT (streams closed, exit within a few seconds).
 */
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { listenOnAll, type Listeners } from './listen.js';
import { lanWarning } from './listen-warnings.js';
import { loggerOptions } from './logger.js';
import { releaseStartupGarbageLater } from './startup-memory.js';

/** Past this, a shutdown that is still waiting on something is cut short. */
const SHUTDOWN_GRACE_MS = 5_000;
/** In-flight requests get this long to finish before every remaining connection is cut. */
const DRAIN_MS = 1_000;

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`kitestacks-portal: configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const app = await buildApp(config, { logger: loggerOptions(config) });

  let listeners: Listeners | null = null;
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    // Streams are ended by the hub and idle keep-alive sockets by Fastify, but a client
    // that sent half a request holds the close until its request timeout (10 s), past the
    // grace period: after a short drain, cut whatever is left.
    setTimeout(() => {
      app.server.closeAllConnections();
      listeners?.closeAllConnections();
    }, DRAIN_MS).unref();
    Promise.all([app.close(), listeners?.close()]).then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  const exposed = lanWarning(config.hosts);
  if (exposed) app.log.warn(exposed);
  try {
    listeners = await listenOnAll(app, config.hosts, config.port);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    app.log.fatal(`cannot listen on ${config.hosts[0]}:${config.port}: ${message}`);
    process.exit(1);
  }
  releaseStartupGarbageLater();
  if (config.webRoot)
    app.log.info(
      `portal at http://${config.hosts[0]}:${config.port}/ (web app from ${config.webRoot})`,
    );
}

void main();
