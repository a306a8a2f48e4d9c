/**
 * /api/health tells the truth about every part without waiting on any: each configured
 * source and each peer with its state and age. An upstream or a peer in trouble shows in
 * `checks` and never turns the answer red.
 */
import type { FastifyInstance } from 'fastify';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Health } from '../src/schemas/index.js';
import { SOURCES } from '../src/sources/listed.js';
import { startFakes, type Fakes } from '../../fakes/index.js';
import { testApp } from './helpers/app.js';
import { CountingHostSource } from './helpers/fake-host.js';
import { upstreamRequests } from './helpers/upstreams.js';

let fakes: Fakes;
let app: FastifyInstance;
let now = Date.UTC(2026, 10, 26, 21);

beforeAll(async () => {
  fakes = await startFakes();
  app = await testApp(
    // A peer on a port nothing listens on: each health poll asks it, without waiting.
    {
      ...fakes.env,
      HOST_NAME: 'monk',
      UPSTREAM_TIMEOUT_S: '1',
      PEERS: 'kscloud1=http://127.0.0.1:9',
    },
    { hostSource: new CountingHostSource(), now: () => now },
  );
});
afterAll(async () => {
  await app.close();
  await fakes.close();
});

async function health() {
  const res = await app.inject('/api/health');
  const body = res.json();
  expect(Value.Errors(Health, body)).toEqual([]);
  return { status: res.statusCode, body };
}

describe('GET /api/health', () => {
  it('names every configured source and peer, unknown until asked, and asks no upstream itself', async () => {
    const before = upstreamRequests(fakes);
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    // The fakes configure every listed source, so each one is named.
    expect(body.checks.sources).toEqual(
      Object.fromEntries(SOURCES.map((source) => [source.name, { state: 'unknown', age_s: null }])),
    );
    expect(body.checks.peers).toEqual({ kscloud1: { state: 'unknown', age_s: null } });
    expect(['ok', 'asleep']).toContain(body.checks.sampler.state);
    expect(upstreamRequests(fakes)).toBe(before);
  });

  it('says ok with the age of the last good answer', async () => {
    await app.inject('/api/weather');
    now += 90_000;
    const { body } = await health();
    expect(body.checks.sources.weather).toEqual({ state: 'ok', age_s: 90 });
  });

  it('says stale while an upstream fails with an answer cached, failing with none, and stays ok', async () => {
    await fakes.wttr.setFault('500');
    await fakes.kuma.setFault('500');
    now += 60 * 60_000; // past the weather TTL
    await app.inject('/api/weather');
    await app.inject('/api/status');
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.checks.sources.weather.state).toBe('stale');
    expect(body.checks.sources.weather.age_s).toBeGreaterThan(3600);
    expect(body.checks.sources.status).toEqual({ state: 'failing', age_s: null });
    await fakes.wttr.setFault(null);
    await fakes.kuma.setFault(null);
  });

  it('names the host that answered by its HOST_NAME', async () => {
    const { body } = await health();
    expect(body.host).toBe('monk');
  });

  it('reports a peer as it was when the previous poll asked it: failing, never ok', async () => {
    await vi.waitFor(() => expect(app.peers.list[0]?.cache.lastCallFailed).toBe(true));
    const { body } = await health();
    expect(body.checks.peers.kscloud1).toEqual({ state: 'failing', age_s: null });
  });

  it('explains the process uptime apart from the host uptime', async () => {
    const { body } = await health();
    expect(body.uptime_s).toBeLessThan(3600);
    const metrics = (await app.inject('/api/metrics')).json();
    // The fake host has been up for an hour and more: the two are not the same figure.
    expect(metrics.host.uptime_s).toBeGreaterThanOrEqual(3600);
  });
});
