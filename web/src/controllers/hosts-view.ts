/**
 * Every host for the stats panel, from two sources: `hosts` (this host and its peers) and
 * `metrics` (this host, every sample). The serving host always takes the newer of its two
 * readings; an API without `/api/hosts` (unconfigured after a 404) gives this host alone,
 * named as its metrics name it.
 */
import { isRecord } from '../api/guards.js';
import type { HostEntry, Hosts, Metrics } from '../api/types.js';
import type { SourceState } from './source-state.js';

export type HostList = readonly HostEntry[];

/**
 * The hosts as one source state. Phase, age and failure are the serving host's (the metrics
 * source's): that is what the page's own connection to the API decides. Peers carry their
 * own `reachable`, `stale` and `error`.
 */
export function hostsView(
  metrics: SourceState<Metrics>,
  hosts: SourceState<Hosts>,
): SourceState<HostList> {
  const own = metrics.data;
  const listed = readHostEntries(hosts.data?.hosts);
  let list: HostEntry[];
  if (listed.length > 0) {
    list = listed.map((host) =>
      host.self && own && isNewer(own, host.metrics) ? ownEntry(host.name, own) : host,
    );
  } else {
    list = own ? [ownEntry(own.host.hostname, own)] : [];
  }
  const data = list.length > 0 ? list : null;
  const phase =
    data !== null
      ? 'ready'
      : metrics.phase === 'loading' ||
          (metrics.phase === 'unconfigured' && hosts.phase === 'loading')
        ? 'loading'
        : 'error';
  return {
    phase,
    data,
    receivedAt: metrics.receivedAt ?? hosts.receivedAt,
    stale: metrics.stale,
    error: metrics.error ?? (data === null ? hosts.error : null),
    failingSince: metrics.failingSince ?? null,
  };
}

/** Remembers its last answer, so a panel is handed a new object only when a source changed. */
export function memoHostsView(): typeof hostsView {
  let last: { metrics: unknown; hosts: unknown; view: SourceState<HostList> } | null = null;
  return (metrics, hosts) => {
    if (last?.metrics !== metrics || last.hosts !== hosts)
      last = { metrics, hosts, view: hostsView(metrics, hosts) };
    return last.view;
  };
}

function ownEntry(name: string, metrics: Metrics): HostEntry {
  return {
    name,
    self: true,
    reachable: true,
    metrics,
    fetched_at: metrics.sampled_at,
    stale: false,
  };
}

function isNewer(candidate: Metrics, current: unknown): boolean {
  const listed = isRecord(current) ? Date.parse(String(current.sampled_at)) : NaN;
  return !Number.isFinite(listed) || Date.parse(candidate.sampled_at) >= listed;
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
