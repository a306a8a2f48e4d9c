/**
 * The demo's second host, kscloud1: a small VPS (4 cores, 8 GiB, its own 80 GiB root disk
 * and a 200 GiB backup volume) whose figures move as a live host's do. Each answer is a
 * pure function of the time: slow waves (the day's traffic, a cache filling and emptying)
 * plus a per-second jitter from a hash, and now and then half a minute of a busy job. So
 * two readings a couple of seconds apart differ, and the same moment always reads the same.
 */
import { readFileSync } from 'node:fs';
import { startFakePeer, type FakePeer } from '../../fakes/index.js';

/** kscloud1 runs the same portal version as the demo's own API. */
const VERSION = (
  JSON.parse(readFileSync(new URL('../../api/package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const CORES = 4;
const MEMORY_TOTAL = 8 * GIB;
const UPTIME_AT_START_S = 12 * 86_400 + 5 * 3_600;

/** A value in [0, 1) fixed for one whole second of `atMs` and one `salt`. */
function jitter(atMs: number, salt: number): number {
  let h = Math.floor(atMs / 1000) * 2654435761 + salt * 40503;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** A wave between -1 and 1 with the given period. */
function wave(atMs: number, periodS: number, phase = 0): number {
  return Math.sin((2 * Math.PI * atMs) / (periodS * 1000) + phase);
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const round1 = (value: number) => Math.round(value * 10) / 10;

/** One busy half minute in about seven (a backup, a build): CPU and upload jump. */
function busyJob(atMs: number): boolean {
  return jitter(Math.floor(atMs / 30_000) * 1000, 99) > 0.86;
}

function disk(mount: string, totalBytes: number, usedBytes: number) {
  const used = Math.round(usedBytes);
  return {
    mount,
    fs_type: 'ext4',
    total_bytes: totalBytes,
    used_bytes: used,
    free_bytes: totalBytes - used,
    percent: round1((used / totalBytes) * 100),
  };
}

/** kscloud1's /api/metrics answer at `atMs`; `bootMs` fixes its uptime. */
export function vpsMetrics(atMs: number, bootMs: number): Record<string, unknown> {
  const job = busyJob(atMs);
  const perCore = Array.from({ length: CORES }, (_, core) => {
    const quiet =
      11 + 7 * wave(atMs, 97, core) + 4 * wave(atMs, 23, core * 2) + 9 * jitter(atMs, core);
    return round1(clamp(quiet + (job && core < 2 ? 55 : 0), 0.5, 100));
  });
  const cpu = round1(perCore.reduce((sum, value) => sum + value, 0) / CORES);
  const used = 2.9 * GIB + 0.45 * GIB * (0.5 + 0.5 * wave(atMs, 420)) + 60 * MIB * jitter(atMs, 7);
  const rx = 42_000 + 150_000 * Math.max(0, wave(atMs, 45)) + 30_000 * jitter(atMs, 11);
  const tx = 16_000 + 55_000 * Math.max(0, wave(atMs, 61, 1)) + (job ? 900_000 : 0);
  const sinceBootS = (atMs - bootMs) / 1000;
  const dayShare = (atMs % 86_400_000) / 86_400_000;
  return {
    version: VERSION,
    host: {
      hostname: 'kscloud1',
      os: 'Debian GNU/Linux 12 (bookworm)',
      kernel: '6.1.0-28-cloud-amd64',
      uptime_s: Math.floor(sinceBootS),
      boot_time: new Date(bootMs).toISOString(),
    },
    cpu: {
      model: 'AMD EPYC 7B13',
      cores: CORES,
      percent: cpu,
      per_core_percent: perCore,
      load_avg: [
        round1((cpu / 100) * CORES * 1.1) || 0.1,
        round1(0.5 + 0.25 * wave(atMs, 600)),
        round1(0.45 + 0.1 * wave(atMs, 1800)),
      ],
      temperature_c: null,
    },
    memory: {
      total_bytes: MEMORY_TOTAL,
      available_bytes: Math.round(MEMORY_TOTAL - used),
      used_bytes: Math.round(used),
      percent: round1((used / MEMORY_TOTAL) * 100),
      swap_total_bytes: 2 * GIB,
      swap_used_bytes: 14 * MIB,
    },
    // Logs grow through the day and are rotated at midnight; backups land at night.
    disks: [
      disk('/', 80 * GIB, 33.4 * GIB + 0.6 * GIB * dayShare),
      disk('/srv/backups', 200 * GIB, 126 * GIB + 4 * GIB * Math.min(1, dayShare * 8)),
    ],
    network: {
      rx_bytes_per_s: Math.round(rx + 2_100),
      tx_bytes_per_s: Math.round(tx + 900),
      // Totals since boot at the mean rates: they only grow.
      rx_total_bytes: Math.round(912_000_000_000 + 120_000 * sinceBootS),
      tx_total_bytes: Math.round(455_000_000_000 + 60_000 * sinceBootS),
      interfaces: [
        { name: 'eth0', rx_bytes_per_s: Math.round(rx), tx_bytes_per_s: Math.round(tx) },
        { name: 'tailscale0', rx_bytes_per_s: 2_100, tx_bytes_per_s: 900 },
      ],
    },
    processes: { total: 141 + Math.round(4 * wave(atMs, 200)), running: job ? 3 : 1 },
    sampled_at: new Date(atMs).toISOString(),
  };
}

/** kscloud1 on a free loopback port, answering /api/metrics with `vpsMetrics` of the moment. */
export function startDemoPeer(now: () => number = Date.now): Promise<FakePeer> {
  const bootMs = now() - UPTIME_AT_START_S * 1000;
  return startFakePeer('kscloud1', { metrics: (at) => vpsMetrics(at.getTime(), bootMs) });
}
