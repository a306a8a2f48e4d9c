/**
 * Every host for the stats panel, from the `hosts` source: this host (marked `self`, first)
 * and its peers, each entry read on its own.
 */
import { isRecord } from '../api/guards.js';
import type { HostEntry, Hosts, Metrics } from '../api/types.js';
import type { SourceState } from './source-state.js';

export type HostList = readonly HostEntry[];

/**
 * The hosts as one source state. Phase, age and failure are the `hosts` source's: it is the
 * page's own link to the API. Peers carry their own `reachable`, `stale` and `error`.
 */
export function hostsView(hosts: SourceState<Hosts>): SourceState<HostList> {
  const listed = readHostEntries(hosts.data?.hosts);
  const data = listed.length > 0 ? listed : null;
  return {
    phase: data !== null ? 'ready' : hosts.phase === 'loading' ? 'loading' : 'error',
    data,
    receivedAt: hosts.receivedAt,
    stale: hosts.stale,
    error: hosts.error,
    failingSince: hosts.failingSince ?? null,
  };
}

/** Remembers its last answer, so a panel is handed a new object only when the source changed. */
export function memoHostsView(): typeof hostsView {
  let last: { hosts: unknown; view: SourceState<HostList> } | null = null;
  return (hosts) => {
    if (last?.hosts !== hosts) last = { hosts, view: hostsView(hosts) };
    return last.view;
  };
}

const MAX_HOSTS = 32;
const MAX_TEXT = 300;

/**
 * The listed hosts, each read on its own: an entry that is not an object or has no name is
 * left out (it cannot be labelled); any other field of the wrong type reads as absent.
 * `metrics` is passed on as it came: the stats panel reads it figure by figure.
 */
export function readHostEntries(raw: unknown): HostEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.slice(0, MAX_HOSTS).flatMap((entry: unknown): HostEntry[] => {
    if (!isRecord(entry) || typeof entry.name !== 'string' || !entry.name) return [];
    const error = isRecord(entry.error) ? entry.error : null;
    const read: HostEntry = {
      name: entry.name.slice(0, MAX_TEXT),
      self: entry.self === true,
      reachable: entry.reachable === true,
      stale: entry.stale === true,
      metrics: (entry.metrics ?? null) as Metrics | null,
      fetched_at: typeof entry.fetched_at === 'string' ? entry.fetched_at : null,
    };
    if (error && typeof error.message === 'string')
      read.error = {
        code: typeof error.code === 'string' ? error.code : 'unknown',
        message: error.message.slice(0, MAX_TEXT),
      };
    if (typeof entry.version === 'string')
      Object.assign(read, { version: entry.version.slice(0, MAX_TEXT) });
    return [read];
  });
}
