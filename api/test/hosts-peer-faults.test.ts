/**
 * A peer in trouble, seen through `/api/hosts`: each way a real peer fails (slow, hanging,
 * HTML, garbage, 20 MB, a 500, a reset) degrades its entry to its last figures with the
 * error's code, while every answer comes at once; and text from a peer is capped. The peer
 * is a real server on loopback; the clock is the app's, so a peer is asked when a test
 * moves the clock an interval on and a health poll finds it due.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { peerMetrics, startFakePeer, type FakePeer } from '../../fakes/index.js';
import { testApp } from './helpers/app.js';
import { CountingHostSource } from './helpers/fake-host.js';
import { byName, healthPoll, hostsOf, hostsWhen, iso } from './helpers/hosts.js';

/** Long enough that no refresh timer fires while the tests run: the clock alone decides. */
const INTERVAL_MS = 60_000;
let now = Date.UTC(2026, 10, 26, 21);
let app: FastifyInstance;
let peer: FakePeer;

/** Moves the clock an interval on (past any retry backoff) and lets a health poll ask. */
async function askAfterAnInterval(): Promise<void> {
  now += INTERVAL_MS;
  await healthPoll(app);
}

/** The peer answers well again, and its entry is fresh. */
async function healed(): Promise<void> {
  await peer.setFault(null);
  peer.setBody(null);
  await askAfterAnInterval();
  await hostsWhen(app, 'kscloud1 fresh', (l) =>
    expect(byName(l, 'kscloud1')).toMatchObject({
      reachable: true,
      stale: false,
      fetched_at: iso(now),
    }),
  );
}

beforeAll(async () => {
  peer = await startFakePeer('kscloud1');
  app = await testApp(
    {
      HOST_NAME: 'monk',
      PEERS: `kscloud1=${peer.url}`,
      METRICS_INTERVAL_S: String(INTERVAL_MS / 1000),
      UPSTREAM_TIMEOUT_S: '1',
    },
    { hostSource: new CountingHostSource(), now: () => now },
  );
  // The first poll starts the watch, which asks the peer at once.
  await hostsWhen(app, 'kscloud1 answered', (l) =>
    expect(byName(l, 'kscloud1').reachable).toBe(true),
  );
});
afterEach(healed);
afterAll(async () => {
  await app?.close();
  await peer?.close();
});

describe('a peer in trouble', () => {
  it.each([
    ['slow', 'upstream_timeout'],
    ['hang', 'upstream_timeout'],
    ['html', 'upstream_invalid'],
    ['garbage', 'upstream_invalid'],
    ['huge', 'upstream_too_large'],
    ['500', 'upstream_bad_status'],
    ['reset', 'upstream_unreachable'],
  ] as const)('%s: degrades to its last figures with %s', async (fault, code) => {
    const before = byName(await hostsOf(app), 'kscloud1');
    await peer.setFault(fault, { delayMs: 5_000 });
    await askAfterAnInterval();
    const list = await hostsWhen(app, code, (l) =>
      expect(byName(l, 'kscloud1').error?.code).toBe(code),
    );
    const entry = byName(list, 'kscloud1');
    expect(entry).toMatchObject({ reachable: false, stale: true, fetched_at: before.fetched_at });
    expect(entry.metrics).toEqual(before.metrics);
    // This host's own entry is untouched.
    expect(byName(list, 'monk')).toMatchObject({ self: true, reachable: true });
  });

  it('answers at once while a call to the peer hangs', async () => {
    await peer.setFault('hang');
    await askAfterAnInterval();
    await vi.waitFor(() => expect(peer.requests.inFlight, 'the call to reach the peer').toBe(1), {
      timeout: 5_000,
      interval: 20,
    });
    // The call is still under way (it times out after 1 s): the answer did not wait for it.
    const entry = byName(await hostsOf(app), 'kscloud1');
    expect(peer.requests.inFlight).toBe(1);
    expect(entry).toMatchObject({ reachable: true, stale: false });
    await hostsWhen(app, 'the hanging call to time out', (l) =>
      expect(byName(l, 'kscloud1').error?.code).toBe('upstream_timeout'),
    );
  });

  it('caps text from a peer', async () => {
    peer.setBody(peerMetrics('x'.repeat(100_000)));
    await askAfterAnInterval();
    const list = await hostsWhen(app, 'the long hostname served', (l) =>
      expect(byName(l, 'kscloud1').metrics?.host.hostname.startsWith('xxx')).toBe(true),
    );
    expect(byName(list, 'kscloud1').metrics?.host.hostname.length).toBeLessThanOrEqual(300);
  });
});
