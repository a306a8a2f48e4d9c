/**
 * `pnpm start` ends quietly: Ctrl-C in the terminal (SIGINT to the whole foreground process
 * group: pnpm, the script's shell, node) and a service manager's SIGTERM to pnpm alone both
 * shut the portal down cleanly and leave pnpm with status 0 and no `ELIFECYCLE` line.
 *
 * pnpm runs a script as `sh -c '<script>'` and, when that shell dies of a signal, kills
 * itself with the same signal after printing `ELIFECYCLE Command failed`. Debian's sh (dash)
 * dies of the SIGINT a terminal sends it even when its child handled the signal and exited
 * 0; the script therefore `exec`s node, so no shell is left in between.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exitOf } from '../../scripts/lib/child.js';
import { repoRoot } from '../support/portal-process.js';
import { freePort } from '../../scripts/lib/ports.js';

let running: ChildProcess | null = null;
afterEach(() => {
  // A failed assertion must not leave the portal behind: end its whole process group.
  if (running?.pid && running.exitCode === null && running.signalCode === null)
    process.kill(-running.pid, 'SIGKILL');
  running = null;
});

async function startViaPnpm(): Promise<{ child: ChildProcess; url: string; output(): string }> {
  const port = await freePort();
  const child = spawn('pnpm', ['start'], {
    cwd: repoRoot,
    // A process group of its own, as a terminal gives the command it runs.
    detached: true,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running = child;
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await vi.waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`pnpm start exited early:\n${output}`);
      expect((await fetch(`${url}/api/health`)).ok).toBe(true);
    },
    { timeout: 30_000, interval: 200 },
  );
  return { child, url, output: () => output };
}

async function refused(url: string): Promise<boolean> {
  return fetch(`${url}/api/health`).then(
    () => false,
    () => true,
  );
}

describe('pnpm start', () => {
  it('ends with status 0 and no ELIFECYCLE line on Ctrl-C (SIGINT to the process group)', async () => {
    const { child, url, output } = await startViaPnpm();
    const exited = exitOf(child);
    process.kill(-(child.pid ?? 0), 'SIGINT');
    const code = await exited;

    expect({ code, signal: child.signalCode }).toEqual({ code: 0, signal: null });
    expect(output()).toContain('shutting down');
    expect(output()).not.toMatch(/ELIFECYCLE|Command failed/);
    expect(await refused(url)).toBe(true);
  });

  it('ends with status 0 when a service manager sends SIGTERM to pnpm alone', async () => {
    const { child, url, output } = await startViaPnpm();
    const exited = exitOf(child);
    child.kill('SIGTERM');
    const code = await exited;

    expect({ code, signal: child.signalCode }).toEqual({ code: 0, signal: null });
    expect(output()).toContain('shutting down');
    expect(output()).not.toMatch(/ELIFECYCLE|Command failed/);
    expect(await refused(url)).toBe(true);
  });
});
