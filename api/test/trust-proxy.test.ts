/**
 * Whose X-Forwarded-For the API believes. By default only loopback's: an API reached over
 * the Docker bridge must be told which address nginx connects from (compose sets
 * TRUST_PROXY), and a client anywhere else cannot pick the address the API logs.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { testApp, testConfig } from './helpers/app.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The address the API takes for the client of one injected request. */
async function seenIp(
  env: Record<string, string>,
  remoteAddress: string,
  forwardedFor: string,
): Promise<string> {
  app = await testApp(env);
  let ip = '';
  app.addHook('onRequest', async (request) => {
    ip = request.ip;
  });
  await app.inject({
    method: 'GET',
    url: '/api/health',
    remoteAddress,
    headers: { 'x-forwarded-for': forwardedFor },
  });
  return ip;
}

describe('TRUST_PROXY', () => {
  it('trusts loopback alone by default', async () => {
    expect(testConfig().trustProxy).toEqual(['127.0.0.1', '::1']);
    expect(await seenIp({}, '127.0.0.1', '203.0.113.5')).toBe('203.0.113.5');
  });

  it('ignores X-Forwarded-For from Docker networks unless they are listed', async () => {
    for (const peer of ['172.17.0.1', '172.18.0.2', '192.168.1.20']) {
      expect(await seenIp({}, peer, '203.0.113.5'), peer).toBe(peer);
      await app?.close();
    }
    expect(await seenIp({ TRUST_PROXY: '172.18.0.0/16' }, '172.18.0.2', '203.0.113.5')).toBe(
      '203.0.113.5',
    );
  });
});
