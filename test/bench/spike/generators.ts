/**
 * Runs the crowd: `generators` child processes (each with its own file limit and its own
 * loopback source address, so no one process runs out of descriptors or ports), all
 * starting their visitors from the same instant, and adds up their reports.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot, webDist } from '../../support/portal-process.js';
import { combine, type CrowdPlan, type CrowdReport } from './report.js';

const crowdScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crowd.ts');

/** What a browser asks for on first load: the document, what it links, fonts, icons. */
export function pagePaths(): string[] {
  const html = readFileSync(path.join(webDist, 'index.html'), 'utf8');
  const linked = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1] ?? '');
  const fonts = readdirSync(path.join(webDist, 'assets'))
    .filter((name) => name.endsWith('.woff2'))
    .map((name) => `/assets/${name}`);
  const services = JSON.parse(readFileSync(path.join(webDist, 'services.json'), 'utf8')) as {
    services: { icon?: string }[];
  };
  const icons = services.services.flatMap((service) => (service.icon ? [`/${service.icon}`] : []));
  return ['/', ...linked, ...fonts, '/services.json', ...icons];
}

export interface CrowdOptions {
  target: string;
  visitors: number;
  arrivalS: number;
  sessionS: number;
  intervalMs: number;
  log(message: string): void;
}

export async function runCrowd(options: CrowdOptions): Promise<CrowdReport> {
  // About 2 sockets per visitor at once (requests, stream): 2,500 visitors per process keeps
  // each far below a 20,000-descriptor limit and its address's ~28,000 ephemeral ports.
  const generators = Math.max(2, Math.ceil(options.visitors / 2_500));
  const startAt = Date.now() + 3_000;
  const paths = pagePaths();
  // On the loopback each generator has an address of its own, hence ports of its own;
  // towards a container the kernel gives every generator the bridge's address.
  const loopback = new URL(options.target).hostname.startsWith('127.');
  const runs = Array.from({ length: generators }, (_, index) => {
    const plan: CrowdPlan = {
      target: options.target,
      index,
      generators,
      visitors: options.visitors,
      arrivalMs: options.arrivalS * 1000,
      sessionMs: options.sessionS * 1000,
      startAt,
      localAddress: loopback ? `127.0.0.${10 + index}` : undefined,
      pagePaths: paths,
      intervalMs: options.intervalMs,
    };
    return new Promise<CrowdReport>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', crowdScript, JSON.stringify(plan)],
        {
          cwd: repoRoot,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // Bounded in time: the arrivals, the sessions and a minute of slack.
      // Past it, SIGTERM: the generator prints what it measured and exits.
      const limit = setTimeout(
        () => {
          options.log(`spike: generator ${index} ran past its time limit; stopping it`);
          child.kill('SIGTERM');
        },
        (options.arrivalS + options.sessionS + 30) * 1000 + 3_000,
      );
      child.on('exit', (code) => {
        clearTimeout(limit);
        try {
          resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as CrowdReport);
        } catch {
          reject(new Error(`generator ${index} exited with ${code}:\n${stderr.slice(-2000)}`));
        }
      });
    });
  });
  options.log(
    `spike: ${options.visitors} visitors over ${options.arrivalS} s, ${options.sessionS} s each, from ${generators} processes`,
  );
  return combine(await Promise.all(runs));
}
