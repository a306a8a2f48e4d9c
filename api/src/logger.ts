/**
 * pino options: JSON lines in production (collected by Docker), a readable colourised
 * form in a terminal. Request logs carry method, path and status only, never headers.
 */
import type { FastifyInstance } from 'fastify';
import type { LoggerOptions } from 'pino';
import type { Config } from './config.js';
import { messageText } from './sources/text-caps.js';

export function loggerOptions(config: Pick<Config, 'logLevel' | 'logFormat'>): LoggerOptions {
  return {
    level: config.logLevel,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.token'],
      censor: '[redacted]',
    },
    ...(config.logFormat === 'pretty'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
  };
}

/**
 * One line per finished request. Successful ones go at `debug`: Conky and Uptime Kuma poll
 * every few seconds, and a line per poll would drown what matters. `LOG_LEVEL=debug` shows them.
 */
export function installRequestLogging(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
    request.log[level](
      {
        method: request.method,
        path: messageText(request.url.split('?')[0] ?? '/'),
        status,
        ms: Math.round(reply.elapsedTime),
        ip: request.ip,
      },
      'request',
    );
  });
}
