/**
 * Reading `/api/hosts` and driving the peers in inject() tests: the answer, one host in it,
 * a wait for an answer that passes a check, and the health poll that asks the due peers.
 */
import type { FastifyInstance } from 'fastify';
import { expect, vi } from 'vitest';

/** What these tests read of a host's entry. */
export interface HostEntry {
  name: string;
  self: boolean;
  reachable: boolean;
  metrics: { host: { hostname: string } } | null;
  fetched_at: string | null;
  stale: boolean;
  error?: { code: string; message: string };
  version?: string | null;
}

export async function hostsOf(app: FastifyInstance): Promise<HostEntry[]> {
  const res = await app.inject('/api/hosts');
  expect(res.statusCode).toBe(200);
  return (res.json() as { hosts: HostEntry[] }).hosts;
}

export function byName(list: HostEntry[], name: string): HostEntry {
  const entry = list.find((host) => host.name === name);
  if (!entry) throw new Error(`no host named ${name}`);
  return entry;
}

/** Polls `/api/hosts` until `check` passes on its answer (`what` names what was awaited). */
export function hostsWhen(
  app: FastifyInstance,
  what: string,
  check: (list: HostEntry[]) => void,
): Promise<HostEntry[]> {
  return vi.waitFor(
    async () => {
      const list = await hostsOf(app);
      try {
        check(list);
      } catch (error) {
        throw new Error(`still waiting for ${what}: ${JSON.stringify(list)}`, { cause: error });
      }
      return list;
    },
    { timeout: 5_000, interval: 20 },
  );
}

/** A monitor's health poll: asks every peer that is due by the clock, without waiting. */
export async function healthPoll(app: FastifyInstance): Promise<void> {
  expect((await app.inject('/api/health')).statusCode).toBe(200);
}

/** Calls started to each peer so far, in `PEERS` order: a call under way cannot hide another. */
export function callsStarted(app: FastifyInstance): number[] {
  return app.peers.list.map((peer) => peer.cache.fetches);
}

/** A clock reading as the API writes it. */
export const iso = (ms: number): string => new Date(ms).toISOString();
