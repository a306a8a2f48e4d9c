/**
 * Runs the real production entrypoint (`node api/dist/server.js`) as a child process on a
 * free loopback port, the way Docker runs it. Requires `pnpm build` (the test script does it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopChild } from '../../scripts/lib/child.js';
import { freePort } from '../../scripts/lib/ports.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const serverEntry = path.join(repoRoot, 'api', 'dist', 'server.js');
export const webDist = path.join(repoRoot, 'web', 'dist');

export interface PortalProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote, stdout and stderr interleaved. */
  output(): string;
  /** SIGTERM and wait for the exit; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface PortalOptions {
  env?: Record<string, string>;
  port?: number;
  /** Milliseconds to wait for /api/health to answer. */
  readyTimeoutMs?: number;
}

export async function startPortal(options: PortalOptions = {}): Promise<PortalProcess> {
  if (!existsSync(serverEntry))
    throw new Error(`${serverEntry} is missing: run \`pnpm build\` first`);
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [serverEntry], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`portal exited with ${child.exitCode} before answering:\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`portal did not answer /api/health within the time limit:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    port,
    child,
    output: () => output,
    stop: (signal = 'SIGTERM') => stopChild(child, signal, 10_000),
  };
}
