/** Every route through inject(): shapes, headers, HEAD, and the error envelope. */
import { Value } from 'typebox/value';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelope, Health, Metrics } from '../src/schemas/index.js';
import { CountingHostSource } from './helpers/fake-host.js';
import { testApp } from './helpers/app.js';

let app: FastifyInstance;

beforeAll(async () => {
  app = await testApp({}, { hostSource: new CountingHostSource() });
});
afterAll(() => app.close());

function expectEnvelope(body: string, code: string) {
  const parsed: unknown = JSON.parse(body);
  expect(Value.Check(ErrorEnvelope, parsed)).toBe(true);
  expect(parsed).toMatchObject({ error: { code } });
  // Nothing that looks like a stack trace or a source path ever leaves the API.
  expect(body).not.toMatch(/\bat .+\(|node_modules|\.ts:\d+|\.js:\d+/);
}

describe('GET /api/health', () => {
  it('answers ok with version, uptime and host, never cached', async () => {
    const res = await app.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(Value.Check(Health, body)).toBe(true);
    expect(body.ok).toBe(true);
  });
});

describe('GET /api/metrics', () => {
  it('answers the DESIGN.md shape, serialised by the route schema', async () => {
    const res = await app.inject('/api/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json();
    expect(Value.Errors(Metrics, body)).toEqual([]);
    expect(Object.keys(body)).toEqual([
      'host',
      'cpu',
      'memory',
      'disks',
      'network',
      'processes',
      'sampled_at',
      'stale',
      // Added later, so optional: after the fields every version sends.
      'version',
    ]);
  });

  it('derives memory used from MemAvailable and rates from two readings', async () => {
    const body = (await app.inject('/api/metrics')).json();
    expect(body.memory.used_bytes).toBe(2 * 2 ** 30);
    expect(body.memory.percent).toBe(25);
    expect(body.memory.swap_used_bytes).toBe(2 ** 29);
    // The fake host adds 50 busy of 200 jiffies per reading.
    expect(body.cpu.percent).toBe(25);
    expect(body.cpu.per_core_percent).toEqual([25, 25]);
    expect(body.cpu.cores).toBe(2);
    expect(body.cpu.model).toBe('Test CPU');
    expect(body.cpu.temperature_c).toBe(42);
    expect(body.host.os).toBe('Test OS 1');
    expect(body.host.boot_time).toBe(new Date(1_800_000_000_000).toISOString());
    expect(body.network.rx_total_bytes).toBeGreaterThan(0);
    expect(body.processes).toEqual({ total: 123, running: 2 });
  });

  it('answers HEAD with headers and no body', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/api/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toBe('');
  });

  it('sends the security headers the page is served with', async () => {
    const res = await app.inject('/api/metrics');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('errors', () => {
  it.each(['/api/metrics?x=1', '/api/health?verbose=true', '/api/stream?since=0'])(
    '%s: unknown query parameters are a 400 envelope',
    async (url) => {
      const res = await app.inject(url);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expectEnvelope(res.body, 'bad_request');
    },
  );

  it('unknown paths are a 404 envelope naming the path', async () => {
    const res = await app.inject('/api/nope?token=secret');
    expect(res.statusCode).toBe(404);
    expectEnvelope(res.body, 'not_found');
    expect(res.json().error.message).toContain('/api/nope');
    expect(res.body).not.toContain('secret');
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const)(
    '%s is a 405 envelope with Allow',
    async (method) => {
      for (const url of ['/api/metrics', '/api/health', '/api/stream', '/api/nope', '/']) {
        const res = await app.inject({
          method,
          url,
          payload: method === 'OPTIONS' ? undefined : '{"a":1}',
        });
        expect(res.statusCode).toBe(405);
        expect(res.headers.allow).toBe('GET, HEAD');
        expectEnvelope(res.body, 'method_not_allowed');
      }
    },
  );

  it('without a built web app, / explains how to get one', async () => {
    const res = await app.inject('/');
    expect(res.statusCode).toBe(404);
    expectEnvelope(res.body, 'web_app_not_built');
  });

  it('an unexpected failure is a 500 envelope without the original message', async () => {
    const broken = await testApp({}, { hostSource: new CountingHostSource() });
    broken.get('/api/boom', async () => {
      throw new Error('secret internals at /srv/app.ts:12');
    });
    const res = await broken.inject('/api/boom');
    await broken.close();
    expect(res.statusCode).toBe(500);
    expectEnvelope(res.body, 'internal_error');
    expect(res.body).not.toContain('secret internals');
  });
});
