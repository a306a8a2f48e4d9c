/** What the sampler needs from a host: cheap raw counters now, slow facts now and then. */
import type { DiskInfo } from '../schemas/metrics.js';
import type { MemReading, NetCounters, StatReading } from './proc-parsers.js';

/** Raw counters at one instant; rates are derived by the sampler from two of these. */
export interface HostReading {
  /** Monotonic milliseconds when the counters were read. */
  atMs: number;
  stat: StatReading;
  memory: MemReading;
  /** Interfaces already filtered (no loopback or container plumbing). */
  network: NetCounters[];
  loadAvg: [number, number, number];
  uptimeS: number;
  disks: DiskInfo[];
  processCount: number;
}

/** Facts that do not change while the process runs: read once at start. */
export interface HostFacts {
  os: string;
  cpuModel: string;
  /** The host's display name (HOST_NAME); the hostname when absent. */
  name?: string;
}

export interface HostSource {
  /** Cheap counters, read on every sampler tick. */
  read(): Promise<HostReading>;
  facts(): Promise<HostFacts>;
  /** CPU package temperature in °C, null without a sensor; costs child processes, so slow timer only. */
  temperature(): Promise<number | null>;
}

/** `source` with `name` (HOST_NAME) among its facts, so every snapshot carries it. */
export function namedHostSource(source: HostSource, name: string): HostSource {
  return {
    read: () => source.read(),
    temperature: () => source.temperature(),
    facts: async () => ({ ...(await source.facts()), name }),
  };
}
