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
