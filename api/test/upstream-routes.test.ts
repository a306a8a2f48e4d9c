/**
 * /api/weather, /api/activity and /api/status through inject(), against the fake upstreams
 * (real servers on loopback): shapes, query rules, request counts, every fault mode with
 * and without a cached answer, recovery, stream events, and secrets kept out of answers
 * and logs. The caches read a hand-moved clock; upstream timeouts are 1 s.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Value } from 'typebox/value';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppOptions } from '../src/app.js';
import {
  ActivityReport,
  ErrorEnvelope,
  StatusReport,
  WeatherReport,
} from '../src/schemas/index.js';
import { SOURCES } from '../src/sources/listed.js';
import { startFakes, type FakeUpstream, type Fakes, type FaultMode } from '../../fakes/index.js';
import { listenOnLoopback, testApp } from './helpers/app.js';
import { CountingHostSource } from './helpers/fake-host.js';
import { upstreamRequests } from './helpers/upstreams.js';

let fakes: Fakes;
let now = Date.UTC(2026, 10, 26, 21);
const apps: FastifyInstance[] = [];
let logLines: string[] = [];

const TIMEOUT_ENV = { UPSTREAM_TIMEOUT_S: '1' };
/** A failing upstream must be answered for well within the ~5 s the design allows. */
const BOUND_MS = 5_000;

async function app(env: Record<string, string> = fakes.env, options: AppOptions = {}) {
  const logger = {
    level: 'debug',
    stream: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  };
  const built = await testApp(
    { ...TIMEOUT_ENV, ...env },
    { hostSource: new CountingHostSource(), now: () => now, logger, ...options },
  );
  apps.push(built);
  return built;
}

async function timed(instance: FastifyInstance, url: string) {
  const started = performance.now();
  const res = await instance.inject(url);
  return { res, ms: performance.now() - started };
}

function expectEnvelope(body: string, code: string): void {
  const parsed: unknown = JSON.parse(body);
  expect(Value.Check(ErrorEnvelope, parsed)).toBe(true);
  expect(parsed).toMatchObject({ error: { code } });
}

beforeAll(async () => {
  fakes = await startFakes({ nowMs: now });
});

afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
  await fakes.reset();
  logLines = [];
});

afterAll(async () => {
  await fakes.close();
});

describe('not configured', () => {
  it('answers 200 configured:false for each source, asking nobody', async () => {
    const bare = await app({});
    expect((await bare.inject('/api/weather')).json()).toEqual({ configured: false });
    expect((await bare.inject('/api/activity')).json()).toEqual({ configured: false, commits: [] });
    const status = await bare.inject('/api/status');
    expect(status.json()).toEqual({ configured: false });
    // Only a restart with settings changes it: shared caches may keep it a minute.
    expect(status.headers['cache-control']).toBe('public, max-age=0, s-maxage=60');
    // Every listed source alike: its own unconfigured form, as its schema allows.
    for (const { name, route } of SOURCES) {
      if (!route) continue;
      const res = await bare.inject(route.path);
      expect(res.statusCode, name).toBe(200);
      expect(res.json(), name).toMatchObject({ configured: false });
      expect([...Value.Errors(route.response, res.json())], name).toEqual([]);
      expect(res.headers['cache-control'], name).toBe('public, max-age=0, s-maxage=60');
    }
    expect(upstreamRequests(fakes)).toBe(0);
  });
});

describe('configured against the fakes', () => {
  it('/api/weather answers the design shape from the recorded sample, never cached by browsers', async () => {
    const res = await (await app()).inject('/api/weather');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    // Shared caches may keep it for its whole TTL (WEATHER_TTL_S, 900 s by default); browsers not.
    expect(res.headers['cache-control']).toBe('public, max-age=0, s-maxage=900');
    expect(res.headers.age).toBe('0');
    const body = res.json();
    expect(Value.Errors(WeatherReport, body)).toEqual([]);
    expect(body).toMatchObject({
      configured: true,
      location: 'Heideck, Germany',
      temperature_c: 9,
      condition: 'Overcast',
      observed_at: '2026-04-03T20:37:00.000Z',
      fetched_at: new Date(now).toISOString(),
      stale: false,
    });
    expect(fakes.wttr.locations).toEqual([fakes.env.WEATHER_LOCATION]);
  });

  it('/api/activity lists the newest commits; one cached crawl serves every limit', async () => {
    const portal = await app();
    const res = await portal.inject('/api/activity');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=0, s-maxage=60');
    const body = res.json();
    expect(Value.Errors(ActivityReport, body)).toEqual([]);
    expect(body.commits.map((c: { sha: string }) => c.sha)).toEqual(
      fakes.forgejo.newestCommits(10).map((c) => c.sha),
    );
    const cold = fakes.forgejo.requests.total;
    expect(cold).toBeGreaterThan(1);

    for (const limit of [1, 25, 50]) {
      const page = (await portal.inject(`/api/activity?limit=${limit}`)).json();
      expect(page.commits.map((c: { sha: string }) => c.sha)).toEqual(
        fakes.forgejo.newestCommits(limit).map((c) => c.sha),
      );
    }
    // Warm: no further request to Forgejo.
    expect(fakes.forgejo.requests.total).toBe(cold);
  });

  it('/api/status lists the monitors with their states', async () => {
    const res = await (await app()).inject('/api/status');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Value.Errors(StatusReport, body)).toEqual([]);
    expect(body.monitors.map((m: { status: string }) => m.status)).toEqual([
      'up',
      'up',
      'up',
      'down',
      'maintenance',
      'unknown',
    ]);
  });

  it('shares one upstream call between concurrent first requests', async () => {
    const portal = await app();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        portal.inject(['/api/activity', '/api/weather', '/api/status'][i % 3] ?? '/api/health'),
      ),
    );
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    expect(fakes.forgejo.requests.count('/api/v1/repos/search')).toBe(1);
    expect(fakes.wttr.requests.total).toBe(1);
    expect(fakes.kuma.requests.total).toBe(2);
  });
});

describe('visitors cannot choose what is fetched', () => {
  it.each(['0', '51', 'abc', '-1', '1.5', ''])('limit=%s is a 400', async (limit) => {
    const res = await (await app()).inject(`/api/activity?limit=${limit}`);
    expect(res.statusCode).toBe(400);
    expectEnvelope(res.body, 'bad_request');
  });

  it.each([
    '/api/weather?location=Berlin',
    '/api/weather?q=Berlin',
    '/api/activity?url=http://evil.example',
    '/api/activity?host=evil.example',
    '/api/status?slug=other',
    '/api/status?url=http://evil.example',
  ])('%s is a 400 and asks no upstream', async (url) => {
    const res = await (await app()).inject(url);
    expect(res.statusCode).toBe(400);
    expectEnvelope(res.body, 'bad_request');
    expect(upstreamRequests(fakes)).toBe(0);
  });
});

type Case = [
  route: string,
  fake: () => FakeUpstream,
  fault: FaultMode,
  status: number,
  code: string,
];

const COMMON: [FaultMode, number, string][] = [
  ['down', 502, 'upstream_unreachable'],
  ['reset', 502, 'upstream_unreachable'],
  ['hang', 504, 'upstream_timeout'],
  ['slow', 504, 'upstream_timeout'],
  ['500', 502, 'upstream_bad_status'],
  ['html', 502, 'upstream_invalid'],
  ['garbage', 502, 'upstream_invalid'],
  ['huge', 502, 'upstream_too_large'],
];

const CASES: Case[] = [
  ...COMMON.map(([fault, status, code]): Case => [
    '/api/weather',
    () => fakes.wttr,
    fault,
    status,
    code,
  ]),
  ['/api/weather', () => fakes.wttr, 'unknown-location', 502, 'upstream_unknown_location'],
  ...COMMON.map(([fault, status, code]): Case => [
    '/api/activity',
    () => fakes.forgejo,
    fault,
    status,
    code,
  ]),
  ['/api/activity', () => fakes.forgejo, 'bad-token', 502, 'upstream_unauthorized'],
  ...COMMON.map(([fault, status, code]): Case => [
    '/api/status',
    () => fakes.kuma,
    fault,
    status,
    code,
  ]),
];

describe('shared caches', () => {
  it('a cached answer says how old it is, and may be kept only for the rest of its TTL', async () => {
    const portal = await app();
    const start = now;
    try {
      expect((await portal.inject('/api/status')).headers.age).toBe('0');
      now += 12_500;
      const later = await portal.inject('/api/status');
      expect(later.json().fetched_at).toBe(new Date(start).toISOString());
      expect(later.headers.age).toBe('12');
      // STATUS_TTL_S is 30: 17.5 s left, rounded down.
      expect(later.headers['cache-control']).toBe('public, max-age=0, s-maxage=29');
    } finally {
      now = start;
    }
  });

  it('an upstream failure with nothing cached is never kept', async () => {
    await fakes.wttr.setFault('500');
    const res = await (await app()).inject('/api/weather');
    expect(res.statusCode).toBe(502);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.age).toBeUndefined();
  });
});

describe('failing upstreams', () => {
  it.each(CASES)(
    '%s, nothing cached, fault %s → %i %s, quickly',
    async (route, fake, fault, status, code) => {
      await fake().setFault(fault, { delayMs: 2_500 });
      const { res, ms } = await timed(await app(), route);
      expect(res.statusCode).toBe(status);
      expect(res.headers['cache-control']).toBe('no-store');
      expectEnvelope(res.body, code);
      expect(ms).toBeLessThan(BOUND_MS);
      // Refused while arriving: the portal hung up before the 20 MB body ended. How many
      // bytes the socket drained before that depends on the machine's load, not on us.
      if (fault === 'huge')
        await vi.waitFor(() => expect(fake().hugeRefusedMidway).toBe(true), { timeout: 2_000 });
    },
  );

  it.each(CASES)(
    '%s, cached, fault %s → the last answer, stale, quickly; then fresh again',
    async (route, fake, fault) => {
      const portal = await app();
      const first = await portal.inject(route);
      expect(first.json()).toMatchObject({ stale: false });

      await fake().setFault(fault, { delayMs: 2_500 });
      now += 15 * 60_000; // past every TTL
      const { res, ms } = await timed(portal, route);
      expect(res.statusCode).toBe(200);
      const stale = res.json();
      expect(stale.stale).toBe(true);
      expect(stale.fetched_at).toBe(first.json().fetched_at);
      expect(ms).toBeLessThan(BOUND_MS);

      // While backing off, no new upstream call: the stale answer comes at once.
      const asked = fake().requests.total;
      expect((await portal.inject(route)).json().stale).toBe(true);
      expect(fake().requests.total).toBe(asked);

      await fake().setFault(null);
      now += 60_000; // past the first retry delay of every source
      let fresh = (await portal.inject(route)).json();
      // A hung or slow call from before may still hold the refresh; the next one is fresh.
      for (let i = 0; i < 20 && fresh.stale; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        fresh = (await portal.inject(route)).json();
      }
      expect(fresh.stale).toBe(false);
      expect(fresh.fetched_at).toBe(new Date(now).toISOString());
    },
  );
});

describe('secrets', () => {
  it('sends the Forgejo token only as a header and never logs or returns it', async () => {
    const token = fakes.forgejo.token ?? '';
    expect(token).not.toBe('');
    const portal = await app();
    const ok = await portal.inject('/api/activity');
    expect(ok.body).not.toContain(token);
    expect(fakes.forgejo.requests.records.every((r) => r.authorization === `token ${token}`)).toBe(
      true,
    );
    expect(
      fakes.forgejo.requests.records.every((r) => !Object.values(r.query).includes(token)),
    ).toBe(true);

    // A failing Forgejo is logged (sanitised URL, status, truncated body), without the token.
    await fakes.forgejo.setFault('bad-token');
    now += 15 * 60_000;
    await portal.inject('/api/activity');
    const bad = await (await app()).inject('/api/activity');
    expect(bad.statusCode).toBe(502);
    expect(bad.body).not.toContain(token);
    const warnings = logLines.filter(
      (line) => line.includes('"source":"Forgejo"') && line.includes('"level":40'),
    );
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.join('\n')).toContain('/api/v1/repos/search');
    expect(logLines.join('\n')).not.toContain(token);
  });
});

describe('stream', () => {
  it('publishes weather, activity and status events when their data changes', async () => {
    const portal = await app();
    const publish = vi.spyOn(portal.hub, 'publish');
    await portal.inject('/api/weather');
    await portal.inject('/api/activity');
    await portal.inject('/api/status');
    await portal.inject('/api/status');
    const events = publish.mock.calls.map(([event]) => event).filter((e) => e !== 'metrics');
    expect(events).toEqual(['weather', 'activity', 'status']);
    const [, activityJson] = publish.mock.calls.find(([event]) => event === 'activity') ?? [];
    expect(JSON.parse(activityJson ?? '{}').commits).toHaveLength(10);

    // Going stale is a change too.
    await fakes.kuma.setFault('500');
    now += 15 * 60_000;
    await portal.inject('/api/status');
    const last = publish.mock.calls.filter(([event]) => event === 'status').at(-1);
    expect(JSON.parse(last?.[1] ?? '{}')).toMatchObject({ stale: true });
  });

  it('fetches every source as soon as someone streams, without any other request', async () => {
    const portal = await app();
    const base = await listenOnLoopback(portal);
    const controller = new AbortController();
    const seen = new Set<string>();
    const timer = setTimeout(() => controller.abort(), 10_000);
    try {
      const res = await fetch(`${base}/api/stream`, { signal: controller.signal });
      const decoder = new TextDecoder();
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        for (const match of decoder.decode(chunk, { stream: true }).matchAll(/^event: (\w+)$/gm)) {
          seen.add(match[1] ?? '');
        }
        if (['weather', 'activity', 'status'].every((e) => seen.has(e))) break;
      }
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
    expect([...seen]).toEqual(expect.arrayContaining(['weather', 'activity', 'status']));
  });
});
