/**
 * Turns two raw readings into the `/api/metrics` figures: rates and busy shares over the
 * window between them, levels (memory, disks, load) from the later one. Pure, so the
 * sampler decides which two readings to compare and tests can check the arithmetic.
 */
import os from 'node:os';
import type { Metrics } from '../schemas/metrics.js';
import { labelText } from '../sources/text-caps.js';
import { VERSION } from '../version.js';
import { busyPercent } from './proc-parsers.js';
import type { HostFacts, HostReading } from './source.js';

export const round1 = (value: number) => Math.round(value * 10) / 10;

export function buildMetrics(
  facts: HostFacts,
  temperatureC: number | null,
  before: HostReading,
  now: HostReading,
): Metrics {
  const seconds = Math.max((now.atMs - before.atMs) / 1000, 0.001);
  const { memory } = now;
  const used = memory.totalBytes - memory.availableBytes;
  const previousNet = new Map(before.network.map((counters) => [counters.name, counters]));
  // Counters reset when an interface is re-created; a negative delta is a restart, not traffic.
  const rate = (after: number, prior: number | undefined) =>
    prior === undefined || after < prior ? 0 : Math.round((after - prior) / seconds);
  const interfaces = now.network.map((counters) => {
    const prior = previousNet.get(counters.name);
    return {
      name: counters.name,
      rx_bytes_per_s: rate(counters.rxBytes, prior?.rxBytes),
      tx_bytes_per_s: rate(counters.txBytes, prior?.txBytes),
    };
  });
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  // The hostname and the kernel's release name are whatever their owner set.
  const hostname = labelText(os.hostname());

  return {
    host: {
      hostname,
      os: facts.os,
      kernel: labelText(os.release()),
      uptime_s: Math.floor(now.uptimeS),
      boot_time: new Date(now.stat.bootTimeS * 1000).toISOString(),
      name: facts.name ?? hostname,
    },
    cpu: {
      model: facts.cpuModel,
      cores: Math.max(1, now.stat.cores.length),
      percent: busyPercent(before.stat.all, now.stat.all),
      per_core_percent: now.stat.cores.map((core, index) => {
        const prior = before.stat.cores[index];
        return prior ? busyPercent(prior, core) : 0;
      }),
      load_avg: now.loadAvg,
      temperature_c: temperatureC,
    },
    memory: {
      total_bytes: memory.totalBytes,
      available_bytes: memory.availableBytes,
      used_bytes: used,
      percent: memory.totalBytes > 0 ? round1((used / memory.totalBytes) * 100) : 0,
      swap_total_bytes: memory.swapTotalBytes,
      swap_used_bytes: Math.max(0, memory.swapTotalBytes - memory.swapFreeBytes),
    },
    disks: now.disks,
    network: {
      rx_bytes_per_s: sum(interfaces.map((i) => i.rx_bytes_per_s)),
      tx_bytes_per_s: sum(interfaces.map((i) => i.tx_bytes_per_s)),
      rx_total_bytes: sum(now.network.map((counters) => counters.rxBytes)),
      tx_total_bytes: sum(now.network.map((counters) => counters.txBytes)),
      interfaces,
    },
    processes: { total: now.processCount, running: now.stat.procsRunning },
    sampled_at: new Date().toISOString(),
    stale: false,
    version: VERSION,
  };
}
