/**
 * Everything the soaked API talks to, all on 127.0.0.1: the fake Forgejo, wttr.in and
 * Uptime Kuma, and two fake peer portals. `chaos()` breaks and mends them at random (a
 * seeded PRNG, so a run can be replayed): upstreams fail in every way the fakes know and
 * recover, peers die (nothing listens), hang, answer a shape this portal cannot read, and
 * come back.
 */
import {
  FAULT_MODES,
  startFakePeer,
  startFakes,
  type FakePeer,
  type Fakes,
  type FakeUpstream,
} from '../../../fakes/index.js';
import type { Prng } from '../../../fakes/prng.js';

/** The faults every fake upstream can play (not one upstream's own answers). */
const UPSTREAM_FAULTS = FAULT_MODES.filter(
  (mode) => mode !== 'unknown-location' && mode !== 'bad-token',
);
/** Past UPSTREAM_MAX_BODY_BYTES (2 MiB): the API must stop reading, not hold it. */
const HUGE_BYTES = 4 * 1024 * 1024;
/** Shorter than the soak's UPSTREAM_TIMEOUT_S (2 s) half of the time. */
const SLOW_MS = [1_000, 3_000] as const;

export const PEER_NAMES = ['kscloud1', 'samurai'] as const;
type PeerState = 'alive' | 'dead' | 'hung' | 'incompatible';

export interface Tally {
  upstreamFaults: number;
  upstreamRecoveries: number;
  peerDeaths: number;
  peerReturns: number;
}

export interface World {
  fakes: Fakes;
  peers: FakePeer[];
  /** Environment pointing a portal at all of them. */
  env: Record<string, string>;
  tally: Tally;
  /** One round of breaking and mending. */
  chaos(random: Prng): Promise<void>;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const fakes = await startFakes();
  const peers = await Promise.all(PEER_NAMES.map((name) => startFakePeer(name)));
  const peerStates = new Map<FakePeer, PeerState>(peers.map((peer) => [peer, 'alive']));
  const upstreams: FakeUpstream[] = [fakes.forgejo, fakes.wttr, fakes.kuma];
  const tally: Tally = { upstreamFaults: 0, upstreamRecoveries: 0, peerDeaths: 0, peerReturns: 0 };

  async function shakeUpstream(upstream: FakeUpstream, random: Prng): Promise<void> {
    if (upstream.fault !== null) {
      if (!random.chance(0.6)) return;
      await upstream.setFault(null);
      tally.upstreamRecoveries++;
      return;
    }
    if (!random.chance(0.35)) return;
    const mode = random.pick(UPSTREAM_FAULTS);
    await upstream.setFault(mode, { delayMs: random.pick(SLOW_MS), hugeBytes: HUGE_BYTES });
    tally.upstreamFaults++;
  }

  async function shakePeer(peer: FakePeer, random: Prng): Promise<void> {
    const state = peerStates.get(peer) ?? 'alive';
    if (state !== 'alive') {
      if (!random.chance(0.5)) return;
      peer.setBody(null);
      await peer.setFault(null);
      peerStates.set(peer, 'alive');
      tally.peerReturns++;
      return;
    }
    if (!random.chance(0.4)) return;
    const next = random.pick(['dead', 'dead', 'hung', 'incompatible'] as const);
    if (next === 'dead') await peer.setFault('down');
    if (next === 'hung') await peer.setFault('hang');
    // An answer of another version that this portal cannot read.
    if (next === 'incompatible') peer.setBody({ host: { hostname: 42 }, cpu: 'busy' });
    peerStates.set(peer, next);
    tally.peerDeaths++;
  }

  return {
    fakes,
    peers,
    env: {
      ...fakes.env,
      PEERS: PEER_NAMES.map((name, index) => `${name}=${peers[index]?.url}`).join(','),
    },
    tally,
    async chaos(random) {
      for (const upstream of upstreams) await shakeUpstream(upstream, random);
      for (const peer of peers) await shakePeer(peer, random);
    },
    async close() {
      await fakes.close();
      await Promise.all(peers.map((peer) => peer.close()));
    },
  };
}
