/** Builds the real app for inject() tests, configured as from a given environment. */
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ LOG_FORMAT: 'json', WEB_ROOT: 'off', ...env });
}

export async function testApp(
  env: Record<string, string> = {},
  options: AppOptions = {},
): Promise<FastifyInstance> {
  return buildApp(testConfig(env), options);
}

/** Listens on a free loopback port (for tests that need a real socket); the base URL. */
export async function listenOnLoopback(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}
