/**
 * The load generator: Debian's `wrk` in its own process, so the runner's event loop never
 * competes with the server it measures. Every run is bounded by `-d` (and killed if wrk
 * itself overstays). Latency percentiles come from wrk's own histogram via report.lua.
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { binary } from '../../support/requirements.js';

const REPORT_SCRIPT = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'wrk',
  'report.lua',
);

export const wrkBinary = () => binary('wrk', ['/usr/bin/wrk']);

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  threads: number;
  /** Rotate through these paths of `url`'s origin instead of requesting `url` alone. */
  paths?: string[];
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  durationS: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Socket errors and timeouts. */
  socketErrors: number;
  /** Responses with a status of 400 or more. */
  statusErrors: number;
}

interface WrkReport {
  requests: number;
  duration_us: number;
  p50_us: number;
  p90_us: number;
  p99_us: number;
  max_us: number;
  connect_errors: number;
  read_errors: number;
  write_errors: number;
  status_errors: number;
  timeouts: number;
}

export function wrkVersion(): string {
  try {
    // wrk prints its version with the usage text and exits 1.
    execFileSync(wrkBinary().path, ['--version'], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const out = String((error as { stdout?: string }).stdout ?? '');
    return /wrk (\S+)/.exec(out)?.[1] ?? 'unknown';
  }
  return 'unknown';
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const threads = Math.max(1, Math.min(options.threads, options.connections));
  const args = [
    `-t${threads}`,
    `-c${options.connections}`,
    `-d${options.durationS}s`,
    '--timeout',
    '5s',
    '-s',
    REPORT_SCRIPT,
  ];
  for (const [name, value] of Object.entries(options.headers ?? {}))
    args.push('-H', `${name}: ${value}`);
  args.push(options.url);

  const child = spawn(wrkBinary().path, args, {
    env: { PATH: process.env.PATH ?? '', WRK_PATHS: (options.paths ?? []).join(',') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // wrk stops itself after -d; this only guards against a wedged generator.
  const guard = setTimeout(() => child.kill('SIGKILL'), (options.durationS + 30) * 1000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(guard);

  const line = out.split('\n').find((text) => text.startsWith('WRK_RESULT '));
  if (code !== 0 || !line)
    throw new Error(`wrk failed (exit ${code}) against ${options.url}:\n${out}`);
  const report = JSON.parse(line.slice('WRK_RESULT '.length)) as WrkReport;
  const durationS = report.duration_us / 1e6;
  return {
    requests: report.requests,
    durationS,
    rps: report.requests / durationS,
    p50Ms: report.p50_us / 1000,
    p90Ms: report.p90_us / 1000,
    p99Ms: report.p99_us / 1000,
    maxMs: report.max_us / 1000,
    socketErrors:
      report.connect_errors + report.read_errors + report.write_errors + report.timeouts,
    statusErrors: report.status_errors,
  };
}

/**
 * Runs several targets in alternation (A B C, A B C …) and merges each one's rounds, so a
 * burst of outside load on a shared machine lands on every side of a ratio rather than on
 * one. Throughput is pooled; p50 is the mean of the rounds, p90/p99/max the worst round.
 */
export async function interleave<K extends string>(
  targets: Record<K, Omit<LoadOptions, 'durationS'>>,
  totalS: number,
  rounds = 2,
): Promise<Record<K, LoadResult>> {
  const durationS = Math.max(1, Math.round(totalS / rounds));
  const results = new Map<K, LoadResult[]>();
  for (let round = 0; round < rounds; round++) {
    for (const key of Object.keys(targets) as K[]) {
      const result = await load({ ...targets[key], durationS });
      results.set(key, [...(results.get(key) ?? []), result]);
    }
  }
  const merged = {} as Record<K, LoadResult>;
  for (const [key, runs] of results) {
    const requests = runs.reduce((sum, run) => sum + run.requests, 0);
    const seconds = runs.reduce((sum, run) => sum + run.durationS, 0);
    const worst = (pick: (run: LoadResult) => number) => Math.max(...runs.map(pick));
    merged[key] = {
      requests,
      durationS: seconds,
      rps: requests / seconds,
      p50Ms: runs.reduce((sum, run) => sum + run.p50Ms, 0) / runs.length,
      p90Ms: worst((run) => run.p90Ms),
      p99Ms: worst((run) => run.p99Ms),
      maxMs: worst((run) => run.maxMs),
      socketErrors: runs.reduce((sum, run) => sum + run.socketErrors, 0),
      statusErrors: runs.reduce((sum, run) => sum + run.statusErrors, 0),
    };
  }
  return merged;
}
