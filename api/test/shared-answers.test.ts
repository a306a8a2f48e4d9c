/**
 * The host's figures, the same for every visitor: shared caches may keep them until the next
 * sample (at least a second), browsers not; Age says how old they already are. What is per
 * visitor or live (health, the stream, errors) is never kept.
 */
import type { FastifyInstance } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountingHostSource } from './helpers/fake-host.js';
import { listenOnLoopback, testApp } from './helpers/app.js';

const INTERVAL_S = 2;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = await testApp(
    { METRICS_INTERVAL_S: String(INTERVAL_S) },
    { hostSource: new CountingHostSource() },
  );
  base = await listenOnLoopback(app);
});
afterAll(() => app.close());

/** The promise: kept for s-maxage − Age seconds, from 1 to one interval; Age no more than the real age. */
function expectShared(headers: Record<string, unknown>, sampledAt: string, askedAt: number): void {
  const cacheControl = String(headers['cache-control']);
  expect(cacheControl).toMatch(/^public, max-age=0, s-maxage=\d+$/);
  const sMaxAge = Number(/s-maxage=(\d+)/.exec(cacheControl)?.[1]);
  const age = Number(headers.age);
  expect(Number.isInteger(age) && age >= 0).toBe(true);
  expect(age).toBeLessThanOrEqual((askedAt - Date.parse(sampledAt)) / 1000 + 1);
  expect(sMaxAge - age).toBeGreaterThanOrEqual(1);
  expect(sMaxAge - age).toBeLessThanOrEqual(INTERVAL_S);
}

describe('shared answers', () => {
  it('/api/metrics through Fastify', async () => {
    const askedAt = Date.now();
    const res = await app.inject('/api/metrics');
    expectShared(res.headers, res.json().sampled_at, askedAt);
  });

  it('/api/metrics through the fast path', async () => {
    const askedAt = Date.now();
    const res = await fetch(`${base}/api/metrics`);
    const body = (await res.json()) as { sampled_at: string };
    expectShared(Object.fromEntries(res.headers.entries()), body.sampled_at, askedAt);
  });

  it('/api/hosts, aged by this host’s sample', async () => {
    const askedAt = Date.now();
    const res = await app.inject('/api/hosts');
    const self = (res.json() as { hosts: { self: boolean; metrics: { sampled_at: string } }[] })
      .hosts[0];
    expect(self?.self).toBe(true);
    expectShared(res.headers, self?.metrics.sampled_at ?? '', askedAt);
  });
});

describe('answers never kept', () => {
  const noStore = (res: LightMyRequestResponse) => {
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.age).toBeUndefined();
  };

  it('/api/health', async () => noStore(await app.inject('/api/health')));
  it('an error on a shared path (a query it does not take)', async () => {
    const res = await app.inject('/api/hosts?x=1');
    expect(res.statusCode).toBe(400);
    noStore(res);
  });
  it('an unknown path', async () => noStore(await app.inject('/api/nothing')));
});
