/**
 * `status` and `incidents` read the same Uptime Kuma status page: through inject() against
 * the fake Kuma on loopback, they ask for it once per TTL (routes and the stream's
 * refreshes alike), share a request in flight, and remember no failure. The caches read a
 * hand-moved clock.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KUMA_HEARTBEAT, startFakeKuma, type FakeKuma } from '../../fakes/index.js';
import { testApp } from './helpers/app.js';
import { CountingHostSource } from './helpers/fake-host.js';

const TTL_MS = 30_000;
let now = Date.UTC(2026, 7, 22, 10);
const opened: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((item) => item.close()));
});

async function setUp(): Promise<{ kuma: FakeKuma; portal: FastifyInstance; pages(): number }> {
  const kuma = await startFakeKuma();
  opened.push(kuma);
  const portal = await testApp(
    {
      UPSTREAM_TIMEOUT_S: '1',
      UPTIME_KUMA_URL: kuma.url,
      UPTIME_KUMA_SLUG: kuma.slug,
      STATUS_TTL_S: String(TTL_MS / 1000),
    },
    { hostSource: new CountingHostSource(), now: () => now },
  );
  opened.push(portal);
  const pages = () => kuma.requests.byPath()[`/api/status-page/${kuma.slug}`] ?? 0;
  return { kuma, portal, pages };
}

async function statusCodes(portal: FastifyInstance): Promise<number[]> {
  const status = await portal.inject('/api/status');
  const incidents = await portal.inject('/api/incidents');
  return [status.statusCode, incidents.statusCode];
}

describe('status and incidents share the status page', () => {
  it('ask for it once per TTL, from the routes and from the stream', async () => {
    const { kuma, portal, pages } = await setUp();
    expect(await statusCodes(portal)).toEqual([200, 200]);
    expect(pages()).toBe(1);

    // Within the TTL the caches answer; the page is not asked again.
    now += TTL_MS / 2;
    expect(await statusCodes(portal)).toEqual([200, 200]);
    expect(pages()).toBe(1);

    // Past it, someone streams: both sources refresh and one request serves them.
    now += TTL_MS;
    const fetches = () =>
      ['status', 'incidents'].map((n) => portal.sources.byName(n)?.cache.fetches);
    expect(fetches()).toEqual([1, 1]);
    portal.sources.keepWarm(true);
    try {
      await vi.waitFor(() => expect(fetches()).toEqual([2, 2]));
    } finally {
      portal.sources.keepWarm(false);
    }
    expect(pages()).toBe(2);
    // Each refresh still asks for the heartbeats status alone reads.
    expect(kuma.requests.byPath()[`/api/status-page/heartbeat/${kuma.slug}`]).toBe(2);
  });

  it('share the request in flight', async () => {
    const { kuma, portal, pages } = await setUp();
    await kuma.setFault('slow', { delayMs: 200 });
    const answers = await Promise.all([
      portal.inject('/api/status'),
      portal.inject('/api/incidents'),
    ]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200]);
    expect(pages()).toBe(1);
  });

  it.each([
    ['a 500', (kuma: FakeKuma) => kuma.setFault('500')],
    ['a page without monitors', (kuma: FakeKuma) => kuma.setDocuments('{}', KUMA_HEARTBEAT)],
  ])('remember no failure: after %s the other source asks again', async (_, fail) => {
    const { kuma, portal, pages } = await setUp();
    await fail(kuma);
    expect(await statusCodes(portal)).toEqual([502, 502]);
    expect(pages()).toBe(2);
  });
});
