/**
 * Two fake peer portals for the benchmarks (named as the lab's hosts), the PEERS value that
 * points a portal at them, and how many requests each has received, to hold the portal to
 * "peers are asked only while someone watches, once per interval each".
 */
import { startFakePeer, type FakePeer } from '../../../fakes/index.js';
import type { BenchContext } from './context.js';
import { waitForHealth } from './health.js';

export const PEER_NAMES = ['kscloud1', 'samurai'] as const;

export interface BenchPeers {
  list: FakePeer[];
  /** `PEERS` for the portal's environment. */
  env: { PEERS: string };
  /** Requests each peer has received so far, in PEER_NAMES order. */
  counts(): number[];
}

export async function startBenchPeers(ctx: BenchContext): Promise<BenchPeers> {
  const list = await Promise.all(PEER_NAMES.map((name) => startFakePeer(name)));
  ctx.own({ stop: () => Promise.all(list.map((peer) => peer.close())) });
  return {
    list,
    env: { PEERS: PEER_NAMES.map((name, index) => `${name}=${list[index]?.url}`).join(',') },
    counts: () => list.map((peer) => peer.requests.total),
  };
}

/** Waits (on /api/health, which asks no peer itself) until every peer's state is ok. */
export async function waitForPeersReachable(url: string, timeoutMs = 15_000): Promise<void> {
  const { reached, last } = await waitForHealth(
    url,
    (answer) => PEER_NAMES.every((name) => answer.checks.peers[name]?.state === 'ok'),
    timeoutMs,
  );
  if (!reached)
    throw new Error(`peers not reachable within ${timeoutMs} ms: ${JSON.stringify(last.checks)}`);
}

/** Requests between two `counts()` readings, per peer. */
export const countsSince = (before: number[], after: number[]) =>
  after.map((count, index) => count - (before[index] ?? 0));
