/** `/api/health`: liveness for Uptime Kuma and container checks. Never waits on anything. */
import os from 'node:os';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, NoQuery } from '../schemas/common.js';
import { Health } from '../schemas/health.js';
import { VERSION } from '../version.js';

export const healthRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    { schema: { querystring: NoQuery, response: { 200: Health, ...errorResponses } } },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return {
        ok: true as const,
        version: VERSION,
        uptime_s: Math.round(process.uptime()),
        host: os.hostname(),
      };
    },
  );
};
