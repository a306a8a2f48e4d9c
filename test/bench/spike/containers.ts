/**
 * The spike against the compose stack's containers, with their limits (`--edges containers`).
 * Without `--containers <url>` it brings the container suite's stack up itself (the same
 * staged checkout, images and testcontainers start as `test/containers/`), sends the crowd
 * to the `homepage` container's address on the kitestacks network, and takes the stack down
 * after. With a URL it sends the crowd to a stack someone else runs. Either way it reads
 * `docker stats` every two seconds for both containers' memory and CPU against their limits.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { addressOn } from '../../containers/support/measure.js';
import { HOMEPAGE, NETWORK } from '../../containers/support/stack.js';
import { cleanUp, stackCanRun, stageStack, startStack } from '../../containers/support/suite.js';
import type { BenchContext } from '../lib/context.js';
import { fmt, goal, skipped, type Row } from '../lib/report.js';
import { runCrowd } from './generators.js';
import { count, crowdRows, INTERVAL_S } from './rows.js';

/** The image tag of a stack this benchmark starts (removed with it). */
const TAG = 'spike';
/** Connections a visitor holds at once, all from one address towards one container. */
const PORTS_PER_VISITOR = 3;

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

/** The kernel's ephemeral ports: every generator shares the bridge's one address. */
function ephemeralPorts(): number {
  const [low = 0, high = 0] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
    .trim()
    .split(/\s+/)
    .map(Number);
  return high - low + 1;
}

async function crowdAt(ctx: BenchContext, name: string, url: string): Promise<Row[]> {
  const stats = watchStats();
  const report = await runCrowd({
    target: url,
    visitors: ctx.spike.visitors,
    arrivalS: ctx.spike.arrivalS,
    sessionS: ctx.spike.sessionS,
    intervalMs: INTERVAL_S * 1000,
    log: ctx.log,
  });
  const peaks = stats.stop();
  // The goal here is the one the issue sets for the containers: each within its memory limit.
  // The visitors' figures are shown, not judged: through Docker's bridge the crowd's
  // generators and the stack share the machine's cores with more kernel work per request
  // (docs/benchmarks.md has what that cost at 10,000 visitors on 2 cores).
  const rows = crowdRows(name, report, { judged: false });
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

export async function containerStats(ctx: BenchContext): Promise<Row[]> {
  const name = `spike in the containers, ${count(ctx.spike.visitors)} visitors`;
  if (spawnSync('docker', ['info'], { stdio: 'ignore' }).status !== 0)
    return [skipped(name, 'no Docker engine answers `docker info`')];
  const url = ctx.spike.containersUrl;
  if (url) return crowdAt(ctx, name, url);

  const needed = ctx.spike.visitors * PORTS_PER_VISITOR;
  const ports = ephemeralPorts();
  if (ports < needed)
    return [
      skipped(
        name,
        `${count(ctx.spike.visitors)} visitors from the bridge's one address need about ${count(needed)} ephemeral ports; ` +
          `this kernel has ${count(ports)} (sysctl net.ipv4.ip_local_port_range="10000 65000" gives enough)`,
      ),
    ];
  if (!(await stackCanRun(name)))
    return [skipped(name, 'the container suite cannot run here (its reason is printed above)')];
  // Ryuk, testcontainers' reaper, is an image from a public registry: the stack is taken
  // down below instead, as the container suite does (vitest.config.ts).
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  const figures: Record<string, string> = {};
  const staged = await stageStack(TAG, figures);
  try {
    ctx.log(`spike: starting the compose stack (${Object.values(figures).join('; ')})`);
    await startStack(staged);
    const address = await addressOn(HOMEPAGE, NETWORK);
    return await crowdAt(ctx, name, `http://${address}:8080`);
  } finally {
    await cleanUp(staged, [TAG]);
  }
}
