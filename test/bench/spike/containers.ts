/**
 * The spike against the compose stack's containers, with their limits: `--containers <url>`
 * names the `homepage` container as the load can reach it (its address on the kitestacks
 * network, or a port published for the test). The stack is started by whoever runs it (the
 * container suite's images); this only sends the crowd and reads `docker stats` once a
 * second for the two containers' CPU and memory against their limits.
 */
import { execFile, spawnSync } from 'node:child_process';
import type { BenchContext } from '../lib/context.js';
import { fmt, goal, info, skipped, type Row } from '../lib/report.js';
import { runCrowd } from './generators.js';
import { maximum, percentile } from './histogram.js';

const CONTAINERS = ['homepage', 'kitestacks-metrics-api'];

function parseBytes(text: string): number {
  const match = /([\d.]+)\s*([KMG]i?B|B)/.exec(text);
  if (!match) return Number.NaN;
  const unit = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, KB: 1e3, MB: 1e6, GB: 1e9 };
  return Number(match[1]) * (unit[match[2] as keyof typeof unit] ?? 1);
}

interface Peak {
  memory: number;
  limit: number;
  cpuPercent: number;
}

/** `docker stats --no-stream` every two seconds: the highest memory and CPU seen per container. */
function watchStats(): { stop(): Record<string, Peak> } {
  const peaks: Record<string, Peak> = {};
  const read = () =>
    execFile(
      'docker',
      ['stats', '--no-stream', '--format', '{{.Name}}\t{{.MemUsage}}\t{{.CPUPerc}}', ...CONTAINERS],
      (error, stdout) => {
        if (error) return;
        for (const line of stdout.split('\n')) {
          const [name, usage, cpu] = line.trim().split('\t');
          if (!name || !usage || !CONTAINERS.includes(name)) continue;
          const [used = '', limit = ''] = usage.split('/');
          const peak = (peaks[name] ??= { memory: 0, limit: parseBytes(limit), cpuPercent: 0 });
          peak.memory = Math.max(peak.memory, parseBytes(used));
          peak.cpuPercent = Math.max(peak.cpuPercent, Number.parseFloat(cpu ?? '0') || 0);
        }
      },
    );
  const timer = setInterval(read, 2_000);
  read();
  return {
    stop() {
      clearInterval(timer);
      return peaks;
    },
  };
}

export async function containerStats(ctx: BenchContext): Promise<Row[]> {
  const url = ctx.spike.containersUrl;
  const name = 'spike in the containers';
  if (!url)
    return [skipped(name, 'no --containers <homepage url> given (needs a running compose stack)')];
  if (spawnSync('docker', ['info'], { stdio: 'ignore' }).status !== 0)
    return [skipped(name, 'no Docker engine answers `docker info`')];
  const stats = watchStats();
  const report = await runCrowd({
    target: url,
    visitors: ctx.spike.visitors,
    arrivalS: ctx.spike.arrivalS,
    sessionS: ctx.spike.sessionS,
    intervalMs: 2_000,
    log: ctx.log,
  });
  const peaks = stats.stop();
  const failed = Object.values(report.failures)
    .flatMap((kinds) => Object.values(kinds))
    .reduce((sum, n) => sum + n, 0);
  const rows: Row[] = [
    goal(
      `${name}: visitors served`,
      `${report.served}/${report.visitors} · ${failed} failed requests · ${report.streamRefusals} stream refusals`,
      'all',
      report.served === report.visitors,
    ),
  ];
  for (const route of ['/api/metrics', '/api/hosts']) {
    const histogram = report.latency[route] ?? {};
    rows.push(
      info(
        `${name}: ${route}`,
        `p50 ${fmt.ms(percentile(histogram, 0.5))} · p99 ${fmt.ms(percentile(histogram, 0.99))} · max ${fmt.ms(maximum(histogram))}`,
      ),
    );
  }
  for (const container of CONTAINERS) {
    const peak = peaks[container];
    rows.push(
      peak
        ? goal(
            `${name}: ${container}`,
            `peak memory ${fmt.mib(peak.memory)} of ${fmt.mib(peak.limit)} · peak CPU ${peak.cpuPercent.toFixed(0)} %`,
            'within its limit',
            peak.memory < peak.limit,
          )
        : skipped(`${name}: ${container}`, 'not in docker stats'),
    );
  }
  return rows;
}
