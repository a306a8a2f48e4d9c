/**
 * Listening on every `HOST` address: the first through Fastify, the others (the host's
 * Tailscale address, for peers) as twin servers with the very same handlers and timeouts.
 *
 * At boot a Tailscale address may not exist yet. The first address is required (nginx
 * reaches the API there); a later one that cannot be bound yet is retried every few seconds
 * while the portal already serves on the others.
 */
import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { SERVER_OPTIONS } from './app.js';

const RETRY_MS = 5_000;
/**
 * Connections the kernel holds for us before we accept them. Node's default (511) is
 * short of a crowd: when nginx's kept-alive pool runs dry at a second's turn it opens
 * hundreds of connections at once, and past the queue the kernel drops the SYN, which the
 * client resends only after 1 s, then 3 s (`pnpm bench --only spike` measured both queues
 * full and p99 in seconds). The kernel caps it at `net.core.somaxconn` (4,096 by default
 * since Linux 5.4).
 */
export const LISTEN_BACKLOG = 4096;
/** What the main server does with a request and with a broken one, copied to each twin. */
const SHARED_EVENTS = ['request', 'clientError', 'checkExpectation'] as const;

export interface Listeners {
  /** Stops the twins (and their retries); the main server closes with the app. */
  close(): Promise<void>;
  /** Cuts every twin's remaining connection (the end of a shutdown's drain). */
  closeAllConnections(): void;
}

function twin(app: FastifyInstance): http.Server {
  const server = http.createServer(SERVER_OPTIONS);
  for (const event of SHARED_EVENTS) {
    for (const listener of app.server.listeners(event)) {
      server.on(event, listener as (...args: unknown[]) => void);
    }
  }
  return server;
}

function bind(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export async function listenOnAll(
  app: FastifyInstance,
  hosts: readonly string[],
  port: number,
): Promise<Listeners> {
  const [first = '127.0.0.1', ...others] = hosts;
  await app.listen({ host: first, port, backlog: LISTEN_BACKLOG });
  const twins: http.Server[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const attempt = (host: string, server: http.Server) => {
    bind(server, host, port).then(
      () => app.log.info(`also listening on http://${host}:${port}`),
      (error: unknown) => {
        const reason = (error as { code?: string }).code ?? String(error);
        app.log.warn(`cannot listen on ${host}:${port} yet (${reason}); trying again in 5 s`);
        const timer = setTimeout(() => {
          timers.delete(timer);
          attempt(host, server);
        }, RETRY_MS);
        timer.unref();
        timers.add(timer);
      },
    );
  };
  for (const host of others) {
    const server = twin(app);
    twins.push(server);
    attempt(host, server);
  }

  return {
    async close() {
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(
        twins.map(
          (server) =>
            new Promise<void>((resolve) =>
              server.listening ? server.close(() => resolve()) : resolve(),
            ),
        ),
      );
    },
    closeAllConnections() {
      for (const server of twins) server.closeAllConnections();
    },
  };
}
