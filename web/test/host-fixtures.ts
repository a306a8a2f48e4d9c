/** `/api/hosts` answers for the controller, store and stats panel tests. */
import type { HostEntry, Hosts } from '../src/api/types.js';
import { metrics } from './fixtures.js';

export type HostSketch = Partial<HostEntry> & { name: string; cpu?: number };

/** One host: reachable with fresh figures unless told otherwise. */
export function host(sketch: HostSketch): HostEntry {
  const { cpu, ...fields } = sketch;
  const at = sketch.fetched_at ?? new Date(Date.now()).toISOString();
  return {
    self: false,
    reachable: true,
    metrics: metrics({ hostname: sketch.name, cpu, sampledAt: at }),
    fetched_at: at,
    stale: false,
    ...fields,
  };
}

export function hosts(list: HostSketch[]): Hosts {
  return { hosts: list.map(host) };
}

/** A peer that stopped answering at `since`: its last figures kept, stale, with the error. */
export function unreachable(name: string, since: string | null): HostEntry {
  return host({
    name,
    reachable: false,
    stale: true,
    fetched_at: since,
    metrics: since === null ? null : metrics({ hostname: name, sampledAt: since }),
    error: { code: 'upstream_unreachable', message: `${name} did not answer in time` },
  });
}
