/**
 * `/api/hosts` with its peers, on the app's injected clock: this host first, then the peers
 * in the order `PEERS` names them; each peer asked once per interval however many people
 * poll; a dead peer shown unreachable and stale with its last figures, retried after its
 * backoff and fresh again when it returns; figures that miss three intervals stale by age.
 *
 * The peers are real servers on loopback. Time moves only when a test moves it: the interval
 * is 60 s, so no refresh timer fires while the tests run, and an ask happens only when a
 * health poll finds it due by the clock (health asks due peers without waiting).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePeer, type FakePeer } from '../../fakes/index.js';
import { testApp } from './helpers/app.js';
import {
  byName,
  callsStarted,
  healthPoll,
  hostsOf,
  hostsWhen,
  iso as at,
} from './helpers/hosts.js';
import { CountingHostSource } from './helpers/fake-host.js';

const INTERVAL_MS = 60_000;
/** Figures older than this many intervals are stale (the documented rule). */
const STALE_AFTER_INTERVALS = 3;
/** The first retry of a peer that stopped answering: one interval, capped at 10 s. */
const FIRST_RETRY_MS = 10_000;
const START = Date.UTC(2026, 10, 26, 21);
let now = START;
let app: FastifyInstance;
/** Named out of alphabetical order, so the order shown can only come from `PEERS`. */
let samurai: FakePeer;
let kscloud1: FakePeer;

beforeAll(async () => {
  [samurai, kscloud1] = await Promise.all([startFakePeer('samurai'), startFakePeer('kscloud1')]);
  app = await testApp(
    {
      HOST_NAME: 'monk',
      PEERS: `samurai=${samurai.url},kscloud1=${kscloud1.url}`,
      METRICS_INTERVAL_S: String(INTERVAL_MS / 1000),
      UPSTREAM_TIMEOUT_S: '2',
    },
    { hostSource: new CountingHostSource(), now: () => now },
  );
});
afterAll(async () => {
  await app?.close();
  await Promise.all([samurai?.close(), kscloud1?.close()]);
});

const hosts = () => hostsOf(app);

describe('/api/hosts with two peers', () => {
  it('lists this host first, marked self, then the peers in the order PEERS gives', async () => {
    // The first poll starts the watch, which asks both peers at once.
    const list = await hostsWhen(app, 'both peers answered', (l) => {
      for (const name of ['samurai', 'kscloud1']) expect(byName(l, name).reachable).toBe(true);
    });
    expect(list.map((host) => [host.name, host.self])).toEqual([
      ['monk', true],
      ['samurai', false],
      ['kscloud1', false],
    ]);
    for (const name of ['samurai', 'kscloud1']) {
      const entry = byName(list, name);
      expect(entry).toMatchObject({ stale: false, fetched_at: at(START) });
      expect(entry.error).toBeUndefined();
      expect(entry.metrics?.host.hostname).toBe(name);
    }
    // A peer is asked for its metrics, never for its own list of hosts (no loops).
    for (const peer of [samurai, kscloud1])
      expect(peer.requests.byPath()).toEqual({ '/api/metrics': 1 });
  });

  it('asks each peer once per interval, however many viewers and monitors poll', async () => {
    for (const peer of [samurai, kscloud1]) peer.requests.reset();
    let lastAsk = START;
    // Three intervals in quarter steps; at each step twenty viewers and twenty monitors poll.
    for (let step = 1; step <= 12; step++) {
      now = START + (step * INTERVAL_MS) / 4;
      const before = callsStarted(app);
      await Promise.all(Array.from({ length: 20 }, () => [hosts(), healthPoll(app)]).flat());
      const due = now - lastAsk >= INTERVAL_MS;
      // Counted as the calls start: a call still under way cannot hide a second one.
      expect(callsStarted(app), `calls started at step ${step}`).toEqual(
        before.map((count) => count + (due ? 1 : 0)),
      );
      if (due) {
        lastAsk = now;
        // Let this interval's answers land before the clock moves on.
        await hostsWhen(app, `the answers asked at step ${step}`, (l) => {
          for (const name of ['samurai', 'kscloud1'])
            expect(byName(l, name).fetched_at).toBe(at(lastAsk));
        });
      }
    }
    // And each of them reached the peer.
    for (const peer of [samurai, kscloud1]) expect(peer.requests.total).toBe(3);
  });

  it('calls figures stale once they miss three intervals by the clock, though the peer answered last time', async () => {
    const fetchedAt = Date.parse(byName(await hosts(), 'kscloud1').fetched_at ?? '');
    // Viewers poll, but a poll asks nobody (the refresh timer is a minute of real time away):
    // the figures only age. The answer is rebuilt once per interval, so it turns stale in
    // the interval after the third.
    now = fetchedAt + STALE_AFTER_INTERVALS * INTERVAL_MS;
    expect(byName(await hosts(), 'kscloud1')).toMatchObject({ reachable: true, stale: false });
    now += INTERVAL_MS;
    expect(byName(await hosts(), 'kscloud1')).toMatchObject({ reachable: true, stale: true });
    // The next health poll asks, and the answer is fresh again.
    await healthPoll(app);
    await hostsWhen(app, 'kscloud1 fresh again', (l) =>
      expect(byName(l, 'kscloud1')).toMatchObject({ stale: false, fetched_at: at(now) }),
    );
  });

  it('shows a dead peer unreachable and stale with its last figures, retries it after its backoff, and recovers', async () => {
    const before = byName(await hosts(), 'samurai');
    expect(before).toMatchObject({ reachable: true, stale: false, fetched_at: at(now) });
    await samurai.setFault('down');

    // Its next ask, when due by the clock, is refused and shown so; the other peer is untouched.
    now += INTERVAL_MS;
    await healthPoll(app);
    const gone = await hostsWhen(app, 'samurai refused and kscloud1 answered', (l) => {
      expect(byName(l, 'samurai').error?.code).toBe('upstream_unreachable');
      expect(byName(l, 'kscloud1').fetched_at).toBe(at(now));
    });
    const dead = byName(gone, 'samurai');
    expect(dead).toMatchObject({ reachable: false, stale: true, fetched_at: before.fetched_at });
    // Its last good figures are kept, not blanked.
    expect(dead.metrics).toEqual(before.metrics);
    expect(byName(gone, 'kscloud1')).toMatchObject({ reachable: true, stale: false });
    expect(byName(gone, 'kscloud1').error).toBeUndefined();

    // It returns, but within its backoff nobody asks it: still shown as it was last seen.
    const failedAt = now;
    await samurai.setFault(null);
    for (const peer of [samurai, kscloud1]) peer.requests.reset();
    const [samuraiCalls, kscloud1Calls] = callsStarted(app);
    now = failedAt + FIRST_RETRY_MS - 1;
    await Promise.all([hosts(), healthPoll(app), healthPoll(app)]);
    expect(callsStarted(app), 'calls started within the backoff').toEqual([
      samuraiCalls,
      kscloud1Calls,
    ]);
    expect(byName(await hosts(), 'samurai')).toMatchObject({ reachable: false, stale: true });

    // Past its backoff the next health poll asks it again, and it is fresh.
    now = failedAt + FIRST_RETRY_MS;
    await healthPoll(app);
    expect(callsStarted(app), 'calls started past the backoff').toEqual([
      (samuraiCalls ?? 0) + 1,
      kscloud1Calls,
    ]);
    const back = await hostsWhen(app, 'samurai back', (l) =>
      expect(byName(l, 'samurai')).toMatchObject({
        reachable: true,
        stale: false,
        fetched_at: at(now),
      }),
    );
    expect(byName(back, 'samurai').error).toBeUndefined();
    // One retry, and it was samurai's: kscloud1 is not due for most of an interval.
    expect(samurai.requests.total).toBe(1);
    expect(kscloud1.requests.total).toBe(0);
  });
});
