/**
 * Every host for the stats panel, from two sources: `hosts` (this host and its peers) and
 * `metrics` (this host, every sample). The serving host always takes the newer of its two
 * readings; an API without `/api/hosts` (unconfigured after a 404) gives this host alone,
 * named as its metrics name it.
 */
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
  const listed = hosts.data?.hosts ?? [];
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

function isNewer(candidate: Metrics, current: Metrics | null): boolean {
  if (current === null) return true;
  return Date.parse(candidate.sampled_at) >= Date.parse(current.sampled_at);
}
