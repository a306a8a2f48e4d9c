/**
 * Peers are asked only while someone watches: nothing while nobody does; after a poll of
 * `/api/hosts`, at once and then once per interval for the idle window; while a stream is
 * open, once per interval however long; nothing once the watch is over. The app's clock and
 * its timers are both fake and move together, so minutes of nobody watching pass at once;
 * the peer is a real server on loopback. Calls are counted as they start (`callsStarted`),
 * so a call under way cannot hide another.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakePeer, type FakePeer } from '../../fakes/index.js';
import { openSse } from '../../test/drills/support/sse.js';
import { listenOnLoopback, testApp } from './helpers/app.js';
import { CountingHostSource } from './helpers/fake-host.js';
import { callsStarted, hostsOf } from './helpers/hosts.js';

const INTERVAL_MS = 2_000;
/** Between two intervals, so the last ask of a watch is never a tie with its end. */
const IDLE_AFTER_MS = 9_000;
let now = Date.UTC(2026, 10, 26, 21);
let app: FastifyInstance;
let base: string;
let peer: FakePeer;

/** Moves the app's clock and its timers on together. */
async function pass(ms: number): Promise<void> {
  now += ms;
  await vi.advanceTimersByTimeAsync(ms);
}

/** Waits for the peer's latest call to land: health reads it as answered just now. */
function landed(): Promise<void> {
  return vi.waitFor(
    async () => {
      // A health poll asks nothing here: the peer is not due, or its call is joined.
      const { checks } = (await app.inject('/api/health')).json() as {
        checks: { peers: Record<string, unknown> };
      };
      expect(checks.peers.kscloud1, "the peer's answer to land").toEqual({ state: 'ok', age_s: 0 });
    },
    { timeout: 5_000, interval: 5 },
  );
}

beforeAll(async () => {
  peer = await startFakePeer('kscloud1');
  app = await testApp(
    {
      HOST_NAME: 'monk',
      PEERS: `kscloud1=${peer.url}`,
      METRICS_INTERVAL_S: String(INTERVAL_MS / 1000),
      METRICS_IDLE_AFTER_S: String(IDLE_AFTER_MS / 1000),
    },
    { hostSource: new CountingHostSource(), now: () => now },
  );
  base = await listenOnLoopback(app);
  // Once the app is up; only the timers: the calls to the peer run on the real event loop.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterAll(async () => {
  vi.useRealTimers();
  await app?.close();
  await peer?.close();
});

describe('what a portal asks of its peers', () => {
  it('asks nothing while nobody watches', async () => {
    await pass(30 * INTERVAL_MS);
    expect(callsStarted(app)).toEqual([0]);
    expect(peer.requests.total).toBe(0);
  });

  it('after a poll: at once, then once per interval for the idle window, then nothing', async () => {
    await hostsOf(app);
    await pass(0);
    expect(callsStarted(app), 'asked at once').toEqual([1]);
    await landed();
    // Asked again at 2, 4, 6 and 8 s; the watch ends at 9 s.
    for (let ask = 2; ask <= 5; ask++) {
      await pass(INTERVAL_MS);
      expect(callsStarted(app), `ask ${ask}`).toEqual([ask]);
      await landed();
    }
    await pass(30 * INTERVAL_MS);
    expect(callsStarted(app), 'after the idle window').toEqual([5]);
    expect(peer.requests.byPath()).toEqual({ '/api/metrics': 5 });
  });

  it('a poll during the watch extends it by a whole idle window', async () => {
    await hostsOf(app);
    await pass(0);
    await landed();
    const start = callsStarted(app)[0] ?? 0;
    const intervals = async (count: number) => {
      for (let i = 0; i < count; i++) {
        await pass(INTERVAL_MS);
        await landed();
      }
    };
    await intervals(4);
    // Polled again at 8 s: watched until 17 s, so asked at 10, 12, 14 and 16 s too.
    await hostsOf(app);
    await intervals(4);
    await pass(30 * INTERVAL_MS);
    expect(callsStarted(app)).toEqual([start + 8]);
  });

  it('while a stream is open: once per interval, however long; nothing once it closes', async () => {
    const start = callsStarted(app)[0] ?? 0;
    const stream = await openSse(`${base}/api/stream`);
    expect(stream.status).toBe(200);
    await pass(0);
    await landed();
    expect(callsStarted(app), 'asked when the stream opened').toEqual([start + 1]);
    // Three idle windows and more: the open stream keeps the peer asked.
    for (let ask = 2; ask <= 15; ask++) {
      await pass(INTERVAL_MS);
      expect(callsStarted(app), `ask ${ask} while streaming`).toEqual([start + ask]);
      await landed();
    }
    stream.close();
    await vi.waitFor(
      async () =>
        expect((await app.inject('/metrics')).body, 'the stream to close').toMatch(
          /^kitestacks_stream_clients 0$/m,
        ),
      { timeout: 5_000, interval: 5 },
    );
    await pass(30 * INTERVAL_MS);
    expect(callsStarted(app), 'after the stream closed').toEqual([start + 15]);
  });
});
