/**
 * A host's figures as the stats panel may draw them: every number finite or null, every
 * text a string or null, whatever the API (or a peer on another version, through it) sent.
 * One host's odd answer — `null` where a number belongs, `Infinity`, a string, a missing
 * object — becomes "—" in that field or an "unreadable figures" card, never an exception
 * that would take the other hosts off the page with it.
 */
import { isRecord } from '../api/guards.js';

export interface DiskFigures {
  mount: string;
  percent: number | null;
  used: number | null;
  total: number | null;
}

export interface HostFigures {
  sampledAt: string | null;
  os: string | null;
  uptimeS: number | null;
  processes: number | null;
  version: string | null;
  cpu: {
    percent: number | null;
    cores: number | null;
    load: (number | null)[];
    temperature: number | null;
  };
  memory: {
    percent: number | null;
    used: number | null;
    total: number | null;
    swapUsed: number | null;
    swapTotal: number | null;
  };
  network: {
    rx: number | null;
    tx: number | null;
    rxTotal: number | null;
    txTotal: number | null;
  };
  disks: DiskFigures[];
}

/** A finite number, else null. */
export function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

const MAX_DISKS = 16;

/**
 * The figures of a host's `metrics`, or null when there is nothing readable in it (not an
 * object, or none of CPU, memory and network are): the card then says "unreadable figures".
 */
export function readFigures(metrics: unknown): HostFigures | null {
  if (!isRecord(metrics)) return null;
  const host = isRecord(metrics.host) ? metrics.host : {};
  const cpu = isRecord(metrics.cpu) ? metrics.cpu : null;
  const memory = isRecord(metrics.memory) ? metrics.memory : null;
  const network = isRecord(metrics.network) ? metrics.network : null;
  if (cpu === null && memory === null && network === null) return null;
  const processes = isRecord(metrics.processes) ? metrics.processes : {};
  const disks = Array.isArray(metrics.disks) ? metrics.disks : [];
  return {
    sampledAt: text(metrics.sampled_at),
    os: text(host.os),
    uptimeS: finite(host.uptime_s),
    processes: finite(processes.total),
    version: text(metrics.version),
    cpu: {
      percent: finite(cpu?.percent),
      cores: finite(cpu?.cores),
      load: Array.isArray(cpu?.load_avg) ? cpu.load_avg.slice(0, 3).map(finite) : [],
      temperature: finite(cpu?.temperature_c),
    },
    memory: {
      percent: finite(memory?.percent),
      used: finite(memory?.used_bytes),
      total: finite(memory?.total_bytes),
      swapUsed: finite(memory?.swap_used_bytes),
      swapTotal: finite(memory?.swap_total_bytes),
    },
    network: {
      rx: finite(network?.rx_bytes_per_s),
      tx: finite(network?.tx_bytes_per_s),
      rxTotal: finite(network?.rx_total_bytes),
      txTotal: finite(network?.tx_total_bytes),
    },
    disks: disks.slice(0, MAX_DISKS).flatMap((disk: unknown) =>
      isRecord(disk)
        ? [
            {
              mount: text(disk.mount) ?? '?',
              percent: finite(disk.percent),
              used: finite(disk.used_bytes),
              total: finite(disk.total_bytes),
            },
          ]
        : [],
    ),
  };
}

/** Whether a reading can go into the sparklines' history: a date and the three charted figures. */
export function isChartable(figures: HostFigures | null): boolean {
  return (
    figures !== null &&
    figures.sampledAt !== null &&
    Number.isFinite(Date.parse(figures.sampledAt)) &&
    figures.cpu.percent !== null &&
    figures.network.rx !== null &&
    figures.network.tx !== null
  );
}
