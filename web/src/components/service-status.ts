/**
 * Which Uptime Kuma monitor speaks for which service card, and what it says: shared by the
 * services panel (a status per card) and the status line (what is not up).
 */
import type { Monitor, MonitorState, StatusReport } from '../api/types.js';
import type { SourceState } from '../controllers/source-state.js';
import type { Service } from '../services.js';

export const STATUS_WORDS: Record<MonitorState, string> = {
  up: 'Up',
  down: 'Down',
  pending: 'Pending',
  maintenance: 'Maintenance',
  unknown: 'Unknown',
};

export interface ServiceStatus {
  service: Service;
  /** The card's place in services.json: names its element (`service-<index>`). */
  index: number;
  monitor: Monitor | null;
  /** null: no monitor for it, or status not known (loading, unconfigured, failed). */
  state: MonitorState | null;
}

/** Each service with its monitor, matched by monitor name (any case) as services.json names it. */
export function serviceStatuses(
  services: readonly Service[],
  status: SourceState<StatusReport>,
): ServiceStatus[] {
  const byName = new Map<string, Monitor>();
  const monitors = status.phase === 'ready' ? (status.data?.monitors ?? []) : [];
  for (const monitor of monitors) {
    if (typeof monitor.name === 'string') byName.set(monitor.name.trim().toLowerCase(), monitor);
  }
  return services.map((service, index) => {
    const monitor = byName.get(service.monitor.toLowerCase()) ?? null;
    const state = monitor && monitor.status in STATUS_WORDS ? monitor.status : null;
    return { service, index, monitor: state ? monitor : null, state };
  });
}

/** Worst first: what the status line names, in the order a visitor should look. */
const SEVERITY: Record<MonitorState, number> = {
  down: 0,
  pending: 1,
  maintenance: 2,
  unknown: 3,
  up: 4,
};

/** The services whose monitor says anything but up, worst first, else in the file's order. */
export function problems(statuses: readonly ServiceStatus[]): ServiceStatus[] {
  return statuses
    .filter((entry) => entry.state !== null && entry.state !== 'up')
    .sort((a, b) => SEVERITY[a.state ?? 'up'] - SEVERITY[b.state ?? 'up'] || a.index - b.index);
}

export function serviceElementId(index: number): string {
  return `service-${index}`;
}
