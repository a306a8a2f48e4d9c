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
