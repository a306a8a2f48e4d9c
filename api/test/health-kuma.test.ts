/**
 * An Uptime Kuma JSON-query monitor on `checks.peers.<name>.state`, polling /api/health every
 * 60 s, sees a peer's death by its second poll and its return by its second poll, and never
 * flaps while the peer is healthy. Health asks each peer once per poll without waiting, so
 * each poll reports what the previous one asked. The monitor is simulated with the `jsonata`
 * package both ways Uptime Kuma compares: 1.23 `result.toString() === expected`, 2.x's `==`
 * operator (`$string(value) = $string(expected)`). Time is the app's injected clock; the peer
 * is a real server on loopback.
 */
import type { FastifyInstance } from 'fastify';
import jsonata from 'jsonata';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakePeer, type FakePeer } from '../../fakes/index.js';
import { testApp } from './helpers/app.js';
import { CountingHostSource } from './helpers/fake-host.js';

type Status = 'UP' | 'DOWN';

/** Uptime Kuma 1.23: `result.toString() === expectedValue`; an error (no result) is DOWN. */
async function kuma123(query: string, body: unknown, expected: string): Promise<Status> {
  try {
    const result: unknown = await jsonata(query).evaluate(body);
    return (result as { toString(): string }).toString() === expected ? 'UP' : 'DOWN';
  } catch {
    return 'DOWN';
  }
}

/**
 * Uptime Kuma 2.x with the `==` operator (`evaluateJsonQuery` in its `src/util.ts`): the
 * query must give a scalar (null, an array or an object is an error, so DOWN), then JSONata
 * compares `{value: result.toString(), expected: expected.toString()}` with `$.value = $.expected`.
 */
async function kuma2(query: string, body: unknown, expected: string): Promise<Status> {
  const value: unknown = await jsonata(query).evaluate(body);
  if (value === null || value === undefined || typeof value === 'object') return 'DOWN';
  const equal: unknown = await jsonata('$.value = $.expected').evaluate({
    value: String(value),
    expected: String(expected),
  });
  return equal === true ? 'UP' : 'DOWN';
}

/** The monitors under test: one plain name, one that needs JSONata's backticks. */
const MONITORS = [
  { peer: 'kscloud1', query: 'checks.peers.kscloud1.state' },
  { peer: 'ks-cloud.2', query: 'checks.peers.`ks-cloud.2`.state' },
] as const;

const POLL_MS = 60_000;
const START = Date.UTC(2026, 10, 26, 21);
let now = START;
let app: FastifyInstance;
const fakes = new Map<string, FakePeer>();

beforeAll(async () => {
  for (const { peer } of MONITORS) fakes.set(peer, await startFakePeer(peer));
  app = await testApp(
    {
      HOST_NAME: 'monk',
      PEERS: MONITORS.map(({ peer }) => `${peer}=${fakes.get(peer)?.url}`).join(','),
      UPSTREAM_TIMEOUT_S: '2',
    },
    { hostSource: new CountingHostSource(), now: () => now },
  );
  for (const peer of app.peers.list) {
    peer.cache.on(() => finished.set(peer.name, (finished.get(peer.name) ?? 0) + 1));
  }
});
afterAll(async () => {
  await app.close();
  await Promise.all([...fakes.values()].map((fake) => fake.close()));
});

/** Finished calls per peer: a poll waits for the calls it started (health itself never does). */
const finished = new Map<string, number>();
async function callsFinished(): Promise<void> {
  await vi.waitFor(() => {
    for (const peer of app.peers.list)
      expect(finished.get(peer.name) ?? 0).toBe(peer.cache.fetches);
  });
}

interface Poll {
  atS: number;
  status: Record<string, { v123: Status; v2: Status }>;
}

/** One Kuma poll of every monitor, 60 s after the previous one; then the asked peers answer. */
async function poll(): Promise<Poll> {
  now += POLL_MS;
  const res = await app.inject('/api/health');
  expect(res.statusCode).toBe(200);
  const body: unknown = res.json();
  const status: Poll['status'] = {};
  for (const { peer, query } of MONITORS) {
    status[peer] = { v123: await kuma123(query, body, 'ok'), v2: await kuma2(query, body, 'ok') };
  }
  // Let the calls this poll started finish before the next poll, as 60 s would.
  await callsFinished();
  return { atS: (now - START) / 1000, status };
}

const both = (p: Poll, peer: string) => {
  const { v123, v2 } = p.status[peer] ?? {};
  expect(v123, `Kuma 1.23 and 2.x agree at ${p.atS} s`).toBe(v2);
  return v123;
};

describe('an Uptime Kuma JSON-query monitor on a peer, polling every 60 s', () => {
  it('is UP by its second poll after start and never flaps while the peer is healthy', async () => {
    const first = await poll();
    // Right after the portal starts nobody has asked the peer yet: `unknown`, once.
    for (const { peer } of MONITORS) expect(both(first, peer)).toBe('DOWN');
    for (let i = 0; i < 10; i++) {
      const next = await poll();
      // Without backticks JSONata reads `-` as minus and `.` as a step: never the peer.
      const body = (await app.inject('/api/health')).json();
      expect(await kuma123('checks.peers.ks-cloud.2.state', body, 'ok')).toBe('DOWN');
      for (const { peer } of MONITORS) expect(both(next, peer), `poll ${i + 2}`).toBe('UP');
    }
  });

  it('asks each peer once per health poll, and not at all between polls', async () => {
    for (const fake of fakes.values()) fake.requests.reset();
    const polls = 5;
    for (let i = 0; i < polls; i++) await poll();
    for (const fake of fakes.values()) expect(fake.requests.total).toBe(polls);
    // The peers are not being watched: nothing asks them on a timer.
    expect(app.peers.watched).toBe(false);
  });

  it('turns DOWN by its second poll after the peer dies, UP by its second poll after it returns', async () => {
    const dying = fakes.get('ks-cloud.2');
    if (!dying) throw new Error('no fake peer');
    const figures: string[] = [];
    const until = async (wanted: Status, sinceS: number): Promise<number> => {
      for (let count = 1; count <= 5; count++) {
        const p = await poll();
        expect(both(p, 'kscloud1'), 'the other peer is untouched').toBe('UP');
        if (both(p, 'ks-cloud.2') === wanted) {
          expect(count, `${wanted} by the second poll`).toBeLessThanOrEqual(2);
          figures.push(`${wanted} after ${p.atS - sinceS} s (poll ${count})`);
          return count;
        }
      }
      throw new Error(`never ${wanted}`);
    };
    const dyingPeer = app.peers.list.find((peer) => peer.name === 'ks-cloud.2');
    const fetchesBefore = dyingPeer?.cache.fetches ?? 0;
    const atBefore = now;
    // The peer dies (and later returns) 1 s after a poll: the worst case, a whole poll
    // interval before the next poll can ask it.
    const secondAfterLastPoll = () => (now - START) / 1000 + 1;
    const diedAtS = secondAfterLastPoll();
    await dying.setFault('down');
    await until('DOWN', diedAtS);
    // Stays DOWN while dead.
    for (let i = 0; i < 3; i++) expect(both(await poll(), 'ks-cloud.2')).toBe('DOWN');
    const backAtS = secondAfterLastPoll();
    await dying.setFault(null);
    await until('UP', backAtS);
    const polls = (now - atBefore) / POLL_MS;
    const calls = (dyingPeer?.cache.fetches ?? 0) - fetchesBefore;
    expect(calls).toBe(polls);
    console.info(`[kuma] 60 s polls: ${figures.join('; ')}; ${calls} peer calls in ${polls} polls`);
  });
});
