/**
 * What every stack test file shares: whether it can run here (with the reason printed when
 * not), a checkout staged as the README says with the base images this machine can have,
 * the stack brought up by testcontainers, and the suite's own clean-up (Ryuk is off).
 */
import { existsSync, rmdirSync } from 'node:fs';
import type { StartedDockerComposeEnvironment } from 'testcontainers';
import { canRun } from '../../support/requirements.js';
import { baseImagesObtainable, resolveBaseImages } from './base-images.js';
import {
  composeV2,
  containersSwitch,
  docker,
  dockerEngine,
  pinEngineForTestcontainers,
} from './engine.js';
import { upStack } from './environment.js';
import { bridgeGateway } from './measure.js';
import { freePort } from '../../../scripts/lib/ports.js';
import {
  clearLeftovers,
  clearShellSettings,
  ensureNetwork,
  NETWORK,
  removeDir,
  Stack,
  stageCheckout,
  writeDotEnv,
  writeTokenSecret,
} from './stack.js';

/** The host directory compose.yaml mounts for the root filesystem's figures. */
export const ROOT_DISK_DIR = '/.kitestacks-disk';
const HEALTHY_WITHIN_MS = 120_000;

/** Whether a stack test file can run here; prints why not. Call once, at the file's top. */
export async function stackCanRun(suite: string): Promise<boolean> {
  if (!canRun(suite, containersSwitch(), { requiredInCi: false })) return false;
  // Where no engine can be started at all (CI included), the suite is skipped, saying why.
  if (!canRun(suite, await dockerEngine(), { requiredInCi: false })) return false;
  // With an engine, CI installs Compose and mmdebstrap: missing there is a failure.
  if (!canRun(suite, await composeV2())) return false;
  if (!canRun(suite, await baseImagesObtainable())) return false;
  const collision = await clearLeftovers();
  if (!canRun(suite, { ok: collision === null, reason: collision ?? '' })) return false;
  await pinEngineForTestcontainers();
  clearShellSettings();
  return true;
}

export const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

export interface StagedStack {
  stack: Stack;
  /** The bridge gateway, where the API listens (`HOST`). */
  gateway: string;
  apiPort: number;
  createdNetwork: boolean;
  createdRootDiskDir: boolean;
}

/** The checkout with `.env` (the given version, the base images, a free port) and the secret. */
export async function stageStack(
  version: string,
  figures: Record<string, string>,
): Promise<StagedStack> {
  const bases = await resolveBaseImages();
  for (const { arg, image, kind, seconds: took } of bases) {
    figures[`base ${arg}`] = `${image} (${kind}${took ? `, ${took} s` : ''})`;
  }
  const stack = new Stack(stageCheckout());
  const gateway = await bridgeGateway();
  const apiPort = await freePort();
  writeDotEnv(stack.dir, {
    PORTAL_VERSION: version,
    HOST: gateway,
    PORT: String(apiPort),
    ...Object.fromEntries(bases.map(({ arg, image }) => [arg, image])),
  });
  writeTokenSecret(stack.dir);
  return {
    stack,
    gateway,
    apiPort,
    createdNetwork: await ensureNetwork(),
    createdRootDiskDir: !existsSync(ROOT_DISK_DIR),
  };
}

/** testcontainers brings the staged stack up (`up --detach --build`) and waits until healthy. */
export function startStack(staged: StagedStack): Promise<StartedDockerComposeEnvironment> {
  return upStack(staged.stack.dir, HEALTHY_WITHIN_MS);
}

/** The suite's own clean-up: the stack, its images, and what this run added to the host. */
export async function cleanUp(staged: StagedStack | undefined, versions: string[]): Promise<void> {
  if (!staged) return;
  await staged.stack.compose(['down', '--volumes', '--timeout', '10']).catch(console.error);
  const images = versions.flatMap((tag) => [
    `kitestacks/portal-web:${tag}`,
    `kitestacks/portal-api:${tag}`,
  ]);
  await docker(['image', 'rm', ...images]).catch(() => undefined);
  removeDir(staged.stack.dir);
  if (staged.createdNetwork) await docker(['network', 'rm', NETWORK]).catch(console.error);
  // Docker made it for this run: leave the host as it was (only ever an empty directory).
  if (staged.createdRootDiskDir && existsSync(ROOT_DISK_DIR)) {
    try {
      rmdirSync(ROOT_DISK_DIR);
    } catch {
      // not empty: not ours to remove
    }
  }
}

/** The figures a test file gathered, printed at its end for docs/containers.md. */
export function printFigures(title: string, figures: Record<string, string>): void {
  const lines = Object.entries(figures).map(([name, value]) => `  ${name}: ${value}`);
  console.log(`${title}:\n${lines.join('\n')}`);
}
