/**
 * The Docker engine and the CLIs the container suite drives: what answers, and a bounded way
 * to run `docker` and `docker compose` with their output kept for the error message.
 */
import { execFile } from 'node:child_process';
import type { Requirement } from '../../support/requirements.js';

const PROBE_TIMEOUT_MS = 10_000;

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Runs a command to completion; rejects with its stderr when it fails or runs too long. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          const detail = (stderr || stdout).trim().split('\n').slice(-20).join('\n');
          reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${detail}`));
        } else {
          resolve(stdout);
        }
      },
    );
  });
}

export const docker = (args: string[], options?: RunOptions) => run('docker', args, options);

/** Whether a command succeeds; for probes whose failure is an answer, not an error. */
export async function succeeds(command: string, args: string[]): Promise<boolean> {
  try {
    await run(command, args, { timeoutMs: PROBE_TIMEOUT_MS });
    return true;
  } catch {
    return false;
  }
}

/**
 * The engine the `docker` CLI talks to (DOCKER_HOST, the context, or the default socket):
 * the one every later step drives, so the probe cannot pass on an engine the steps miss.
 */
export async function dockerEngine(): Promise<Requirement> {
  try {
    const version = await run('docker', ['version', '--format', '{{.Server.Version}}'], {
      timeoutMs: PROBE_TIMEOUT_MS,
    });
    return { ok: true, reason: `Docker ${version.trim()}` };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const why = message.split('\n').filter(Boolean).at(-1) ?? message;
    return { ok: false, reason: `no Docker engine answers (${why})` };
  }
}

/** Compose v2 (`docker compose`), the command the README gives a user. */
export async function composeV2(): Promise<Requirement> {
  try {
    const version = (await run('docker', ['compose', 'version', '--short'])).trim();
    return { ok: true, reason: `Compose ${version}` };
  } catch {
    return {
      ok: false,
      reason: 'Docker Compose v2 is not installed (`docker compose version` fails)',
    };
  }
}

/** The parts of `docker image inspect` the suite reads. */
export interface ImageInfo {
  Size: number;
  Config: { User: string; Healthcheck?: { Test: string[] } };
}

/** The parts of `docker container inspect` the suite reads. */
export interface ContainerInfo {
  Config: { User: string; Image: string };
  State: { Status: string; Health?: { Status: string } };
  HostConfig: {
    ReadonlyRootfs: boolean;
    CapDrop: string[] | null;
    SecurityOpt: string[] | null;
    NetworkMode: string;
    PidMode: string;
    Memory: number;
    NanoCpus: number;
    PidsLimit: number | null;
    PortBindings: Record<string, unknown> | null;
  };
  Mounts: { Source: string; Destination: string; RW: boolean }[];
  NetworkSettings: { Networks: Record<string, { IPAddress: string }> };
}

/** `docker inspect` of one object, parsed. */
export async function inspect<T>(name: string): Promise<T> {
  const [first] = JSON.parse(await docker(['inspect', name])) as T[];
  if (!first) throw new Error(`docker inspect ${name}: nothing found`);
  return first;
}

export async function exists(kind: 'image' | 'container' | 'network', name: string) {
  return succeeds('docker', [kind, 'inspect', name]);
}

/**
 * `KITESTACKS_CONTAINERS=off` leaves the container suite out (a laptop with Docker whose
 * owner wants a quick `pnpm test`); unset or `on` runs it. `.ci/run` sets `on`.
 */
export function containersSwitch(): Requirement {
  const value = process.env.KITESTACKS_CONTAINERS ?? 'on';
  if (value === 'on' || value === '') return { ok: true, reason: '' };
  if (value === 'off') return { ok: false, reason: 'turned off (KITESTACKS_CONTAINERS=off)' };
  throw new Error(`KITESTACKS_CONTAINERS must be on or off, not ${JSON.stringify(value)}`);
}

/**
 * Points testcontainers at the engine the `docker` CLI answered from. testcontainers tries
 * DOCKER_HOST, then its own settings, then the default socket: pinned, it can never fall
 * back to another engine than the one the probe and the CLI steps use.
 */
export async function pinEngineForTestcontainers(): Promise<string> {
  const host =
    process.env.DOCKER_HOST ||
    (await run('docker', ['context', 'inspect', '--format', '{{.Endpoints.docker.Host}}'])).trim();
  process.env.DOCKER_HOST = host;
  return host;
}
