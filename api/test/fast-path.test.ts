/**
 * The metrics fast path must be indistinguishable from the Fastify route: same headers,
 * same body, same demand on the sampler — and must leave everything else to Fastify.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountingHostSource } from './helpers/fake-host.js';
import { listenOnLoopback, testApp } from './helpers/app.js';

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  // A long interval keeps one snapshot for the whole comparison.
  app = await testApp({ METRICS_INTERVAL_S: '60' }, { hostSource: new CountingHostSource() });
  base = await listenOnLoopback(app);
});
afterAll(() => app.close());

const comparable = (headers: Headers | Record<string, unknown>) => {
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  return Object.fromEntries(
    entries.filter(
      // Age and the s-maxage counted from it follow the clock: checked in shared-answers.test.ts.
      ([name]) =>
        !['date', 'connection', 'keep-alive', 'transfer-encoding', 'age', 'cache-control'].includes(
          name,
        ),
    ),
  );
};

describe('GET /api/metrics fast path', () => {
  it('answers with the same headers and body as the Fastify route', async () => {
    const overSocket = await fetch(`${base}/api/metrics`);
    const throughFastify = await app.inject('/api/metrics');
    expect(overSocket.status).toBe(200);
    expect(await overSocket.text()).toBe(throughFastify.body);
    expect(comparable(overSocket.headers)).toEqual(comparable(throughFastify.headers));
  });

  it('after a sleep, waits for the same fresh snapshot as the route, and marks demand', async () => {
    const sleepy = await testApp(
      { METRICS_INTERVAL_S: '1', METRICS_IDLE_AFTER_S: '1' },
      { hostSource: new CountingHostSource() },
    );
    const sleepyBase = await listenOnLoopback(sleepy);
    try {
      // Let the start-up snapshot age past one interval while nobody asks.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(sleepy.sampler.check().state).toBe('asleep');
      const askedAt = Date.now();
      const [overSocket, throughFastify] = await Promise.all([
        fetch(`${sleepyBase}/api/metrics`),
        sleepy.inject('/api/metrics'),
      ]);
      const body = await overSocket.text();
      expect(overSocket.status).toBe(200);
      expect(body).toBe(throughFastify.body);
      expect(comparable(overSocket.headers)).toEqual(comparable(throughFastify.headers));
      const metrics = JSON.parse(body);
      // Taken after the poll arrived, not the start-up snapshot from before the sleep.
      expect(Date.parse(metrics.sampled_at)).toBeGreaterThanOrEqual(askedAt);
      expect(metrics.stale).toBe(false);
      expect(sleepy.sampler.check().state).toBe('ok');
    } finally {
      await sleepy.close();
    }
  });

  it('leaves query strings, HEAD and other methods to Fastify', async () => {
    const withQuery = await fetch(`${base}/api/metrics?x=1`);
    expect(withQuery.status).toBe(400);
    expect((await withQuery.json()).error.code).toBe('bad_request');
    const head = await fetch(`${base}/api/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const post = await fetch(`${base}/api/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
  });
});
