/**
 * The compose stack set up the way the README tells a user: a checkout of the repository,
 * `.env` copied from `.env.example`, the Forgejo token secret, the external `kitestacks`
 * network, then `docker compose up -d --build` with the repository's own compose.yaml.
 *
 * The checkout is a copy of the working tree (tracked and new files, not what .gitignore
 * leaves out) in a temporary folder, so the test's `.env` and secret never touch the
 * developer's own. The compose project has a name of its own; the containers keep the names
 * compose.yaml gives them, so a stack left over from an aborted run is removed first.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../support/portal-process.js';
import { docker, exists, run } from './engine.js';

export const PROJECT = 'kitestacks-portal-test';
export const NETWORK = 'kitestacks';
export const HOMEPAGE = 'homepage';
export const API = 'kitestacks-metrics-api';
export const SERVICES = [HOMEPAGE, API] as const;
/** compose.yaml's `user:` of the API: a uid and gid no host user or daemon has by default. */
export const API_UID = 65530;

/** The settings `.env.example` lists. */
function exampleVariables(): string[] {
  const example = readFileSync(path.join(repoRoot, '.env.example'), 'utf8');
  return [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1] as string);
}

/** A copy of the working tree, as `git clone` would give it plus uncommitted changes. */
export function stageCheckout(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kitestacks-stack-'));
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  )
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    const from = path.join(repoRoot, file);
    if (!existsSync(from)) continue; // deleted in the working tree, not yet committed
    const to = path.join(dir, file);
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(from, to);
    chmodSync(to, statSync(from).mode & 0o777);
  }
  return dir;
}

/** `cp .env.example .env`, then the few values this run needs (each replaces its line). */
export function writeDotEnv(dir: string, overrides: Record<string, string>): void {
  let text = readFileSync(path.join(dir, '.env.example'), 'utf8');
  for (const [name, value] of Object.entries(overrides)) {
    const line = `${name}=${value}`;
    const existing = new RegExp(`^#? ?${name}=.*$`, 'm');
    text = existing.test(text) ? text.replace(existing, line) : `${text}\n${line}\n`;
  }
  writeFileSync(path.join(dir, '.env'), text);
}

/** The README's `secrets/forgejo_token`: readable by the API's uid only (where we may chown). */
export function writeTokenSecret(dir: string): void {
  mkdirSync(path.join(dir, 'secrets'), { recursive: true });
  const file = path.join(dir, 'secrets', 'forgejo_token');
  writeFileSync(file, 'test-token-not-used');
  try {
    chownSync(file, API_UID, API_UID);
    chmodSync(file, 0o400);
  } catch {
    chmodSync(file, 0o444); // not root: the API's uid must still be able to read it
  }
}

export class Stack {
  constructor(readonly dir: string) {}

  compose(args: string[], timeoutMs = 120_000): Promise<string> {
    return run('docker', ['compose', '--project-name', PROJECT, ...args], {
      cwd: this.dir,
      timeoutMs,
    });
  }

  /** `scripts/deploy.sh …` in the checkout, on the suite's compose project. */
  deploy(args: string[], timeoutMs = 10 * 60_000): Promise<string> {
    return run('bash', ['scripts/deploy.sh', ...args], {
      cwd: this.dir,
      env: { ...process.env, COMPOSE_PROJECT_NAME: PROJECT },
      timeoutMs,
    });
  }
}

/**
 * Leaves `.env` in charge: a setting from `.env.example` in the developer's shell would
 * override the checkout's `.env` in every compose command (compose prefers the shell).
 */
export function clearShellSettings(): void {
  // process.env is a map of names: deleting one unsets it for the child processes.
  for (const name of exampleVariables()) Reflect.deleteProperty(process.env, name);
}

/**
 * Containers that would collide with this run. Our own project's (an aborted run) are
 * removed; anyone else's with the same names (the real portal on this host) are reported.
 */
export async function clearLeftovers(): Promise<string | null> {
  const ours = (
    await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT}`])
  )
    .split('\n')
    .filter(Boolean);
  if (ours.length > 0) await docker(['rm', '-f', '-v', ...ours]);
  for (const name of SERVICES) {
    if (await exists('container', name)) {
      return `a container named ${name} already runs here (not this suite's): stop it to run the container suite`;
    }
  }
  return null;
}

/** The `kitestacks` network, created (and later removed) only when the host lacks it. */
export async function ensureNetwork(): Promise<boolean> {
  if (await exists('network', NETWORK)) return false;
  await docker(['network', 'create', NETWORK]);
  return true;
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
