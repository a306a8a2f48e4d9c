/**
 * GET /metrics: the Prometheus exposition. Series present with the right names and labels,
 * counters that move with what they count, the fast path counted over a real socket, and
 * no label made from a URL nobody routes.
 */
import http from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { register as globalRegister } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheus, type PartFigures, type SamplerFigures } from '../src/prometheus/index.js';
import { SECURITY_HEADERS } from '../src/security-headers.js';
import { parseExposition, series, valueOf, type Sample } from './helpers/exposition.js';
import { CountingHostSource } from './helpers/fake-host.js';
import { listenOnLoopback, testApp } from './helpers/app.js';

const REQUESTS = 'kitestacks_http_requests_total';

let app: FastifyInstance;
let base: string;

async function scrape(target: FastifyInstance = app): Promise<Sample[]> {
  const res = await target.inject('/metrics');
  expect(res.statusCode).toBe(200);
  return parseExposition(res.body);
}

const requests = (samples: Sample[], labels: Record<string, string>) =>
  valueOf(samples, REQUESTS, labels) ?? 0;

beforeAll(async () => {
  app = await testApp({ METRICS_INTERVAL_S: '60' }, { hostSource: new CountingHostSource() });
  base = await listenOnLoopback(app);
});
afterAll(() => app.close());

describe('GET /metrics', () => {
  it("answers prom-client's text format with the security headers, never cached", async () => {
    const res = await app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      expect(res.headers[name], name).toBe(value);
    }
    expect(res.body).toMatch(/^# HELP kitestacks_http_requests_total /m);
    expect(res.body).toMatch(/^# TYPE kitestacks_http_requests_total counter$/m);
  });

  it("exposes the process figures under prom-client's standard names, the portal's under its prefix", async () => {
    const samples = await scrape();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'process_open_fds',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_version_info',
      'kitestacks_build_info',
    ]) {
      expect(series(samples, name).length, name).toBeGreaterThan(0);
    }
    expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(1e6);
    const names = new Set(samples.map((sample) => sample.name));
    expect([...names].filter((name) => /^kitestacks_(process|nodejs)_/.test(name))).toEqual([]);
    // Only counters may end in _total (promtool refuses the rest).
    expect(series(samples, 'nodejs_active_handles_total')).toEqual([]);
    expect(series(samples, 'nodejs_active_handles').length).toBeGreaterThan(0);
  });

  it('keeps its figures off the global registry', async () => {
    await scrape();
    expect(globalRegister.getMetricsAsArray()).toEqual([]);
  });

  it('lives outside /api/ and refuses query parameters like every route', async () => {
    expect((await app.inject('/api/metrics')).headers['content-type']).toMatch(/json/);
    const res = await app.inject('/metrics?format=json');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_request');
  });
});

describe('requests by route and status', () => {
  it('counts each answered request under its route pattern, method and status', async () => {
    const before = await scrape();
    await app.inject('/api/health');
    await app.inject('/api/health');
    await app.inject({ method: 'HEAD', url: '/api/health' });
    await app.inject('/api/activity?limit=99');
    const after = await scrape();
    const moved = (labels: Record<string, string>) =>
      requests(after, labels) - requests(before, labels);
    expect(moved({ route: '/api/health', method: 'GET', status: '200' })).toBe(2);
    expect(moved({ route: '/api/health', method: 'HEAD', status: '200' })).toBe(1);
    expect(moved({ route: '/api/activity', method: 'GET', status: '400' })).toBe(1);
    // The scrape before this one counts too, once it has been answered.
    expect(moved({ route: '/metrics', method: 'GET', status: '200' })).toBe(1);
  });

  it('puts every unknown path under route="unmatched", whatever the path or method', async () => {
    const before = await scrape();
    for (let i = 0; i < 40; i++) await app.inject(`/probe-${i}/wp-login.php?x=${i}`);
    await app.inject({ method: 'POST', url: '/api/health' });
    await app.inject({ method: 'PROPFIND', url: '/' });
    const after = await scrape();
    const routes = new Set(series(after, REQUESTS).map((sample) => sample.labels.route));
    expect([...routes].some((route) => route?.includes('probe'))).toBe(false);
    expect(series(after, REQUESTS).length - series(before, REQUESTS).length).toBeLessThanOrEqual(3);
    const unmatched = { route: 'unmatched', method: 'GET', status: '404' };
    expect(requests(after, unmatched) - requests(before, unmatched)).toBe(40);
    expect(requests(after, { route: 'unmatched', method: 'POST', status: '405' })).toBe(1);
    // Methods beyond the usual few share one label.
    expect(requests(after, { route: 'unmatched', method: 'OTHER', status: '405' })).toBe(1);
  });

  it('counts the /api/metrics fast path over a real socket, in the route’s own series', async () => {
    const labels = { route: '/api/metrics', method: 'GET', status: '200' };
    const before = requests(await scrape(), labels);
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${base}/api/metrics`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    // Through Fastify (inject skips the fast path): the same series, counted once.
    await app.inject('/api/metrics');
    const samples = await scrape();
    expect(requests(samples, labels) - before).toBe(26);
    expect(series(samples, REQUESTS, { route: '/api/metrics' })).toHaveLength(1);
  });
});

describe('sampler and streams', () => {
  it('reads the sampler’s readings when scraped', async () => {
    const samples = await scrape();
    expect(valueOf(samples, 'kitestacks_sampler_readings_total')).toBe(app.sampler.readings);
    expect(app.sampler.readings).toBeGreaterThanOrEqual(2);
    expect(valueOf(samples, 'kitestacks_sampler_awake')).toBe(app.sampler.awake ? 1 : 0);
  });

  it('counts open streams', async () => {
    expect(valueOf(await scrape(), 'kitestacks_stream_clients')).toBe(0);
    const req = http.get(`${base}/api/stream`);
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    expect(res.statusCode).toBe(200);
    expect(valueOf(await scrape(), 'kitestacks_stream_clients')).toBe(1);
    req.destroy();
    const deadline = Date.now() + 3000;
    while (app.hub.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(valueOf(await scrape(), 'kitestacks_stream_clients')).toBe(0);
  });
});

describe('sources and peers', () => {
  let parts: PartFigures[];
  const sampler = {
    readings: 7,
    failures: 2,
    awake: true,
    check: () => ({ state: 'failing' as const }),
  };
  let standalone: FastifyInstance;

  beforeAll(async () => {
    parts = [
      {
        kind: 'source',
        name: 'weather',
        lastSuccessMs: 1_800_000_000_500,
        stale: false,
        failures: 0,
      },
      { kind: 'source', name: 'status', lastSuccessMs: null, stale: false, failures: 3 },
      {
        kind: 'peer',
        name: 'kscloud1',
        lastSuccessMs: 1_800_000_100_000,
        stale: true,
        failures: 9,
      },
    ];
    standalone = Fastify();
    await standalone.register(prometheus, {
      sampler: sampler satisfies SamplerFigures,
      streams: { size: 4 },
      parts: () => parts,
    });
    await standalone.ready();
  });
  afterAll(() => standalone.close());

  it('labels each part by kind and name: last success, stale flag, failures', async () => {
    const samples = await scrape(standalone);
    const at = (name: string, kind: string, part: string) =>
      valueOf(samples, `kitestacks_part_${name}`, { kind, name: part });
    expect(at('last_success_timestamp_seconds', 'source', 'weather')).toBe(1_800_000_000.5);
    expect(at('last_success_timestamp_seconds', 'peer', 'kscloud1')).toBe(1_800_000_100);
    // Never succeeded: no timestamp rather than a made-up 0.
    expect(at('last_success_timestamp_seconds', 'source', 'status')).toBeUndefined();
    expect(at('stale', 'source', 'weather')).toBe(0);
    expect(at('stale', 'peer', 'kscloud1')).toBe(1);
    expect(at('failures_total', 'source', 'status')).toBe(3);
    expect(at('failures_total', 'peer', 'kscloud1')).toBe(9);
  });

  it('reads the figures afresh at every scrape, and drops parts that went away', async () => {
    parts = [
      {
        kind: 'peer',
        name: 'kscloud1',
        lastSuccessMs: 1_800_000_200_000,
        stale: false,
        failures: 10,
      },
    ];
    const samples = await scrape(standalone);
    expect(series(samples, 'kitestacks_part_stale')).toHaveLength(1);
    expect(valueOf(samples, 'kitestacks_part_failures_total', { name: 'kscloud1' })).toBe(10);
    expect(valueOf(samples, 'kitestacks_part_stale', { name: 'kscloud1' })).toBe(0);
  });

  it('exposes sampler failures and state when the sampler reports them', async () => {
    const samples = await scrape(standalone);
    expect(valueOf(samples, 'kitestacks_sampler_readings_total')).toBe(7);
    expect(valueOf(samples, 'kitestacks_sampler_failures_total')).toBe(2);
    expect(valueOf(samples, 'kitestacks_sampler_state', { state: 'failing' })).toBe(1);
    expect(valueOf(samples, 'kitestacks_sampler_state', { state: 'ok' })).toBe(0);
    expect(valueOf(samples, 'kitestacks_stream_clients')).toBe(4);
  });

  it('keeps each app’s request counts apart', async () => {
    await standalone.inject('/nowhere');
    const own = await scrape(standalone);
    expect(series(own, REQUESTS, { route: '/api/health' })).toEqual([]);
    expect(requests(own, { route: 'unmatched', status: '404' })).toBe(1);
  });
});
