/**
 * Updates and rollbacks on the real stack, as README "Deploy with Docker" runs them: version
 * A deployed, `scripts/deploy.sh update` to version B (a second build, another tag),
 * `scripts/deploy.sh rollback` to A, then a plain `docker compose up -d` (what a change to
 * `.env` or a reboot runs), which must keep A. After each step `/api/health` must report the
 * version of the image that runs: the build is written into the image (docker/api.Dockerfile),
 * so A and B answer differently although both are built from the same sources.
 *
 * Prints each step's seconds and the version `/api/health` reported.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { StartedDockerComposeEnvironment } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/portal-process.js';
import { inspect, type ContainerInfo } from '../support/engine.js';
import { API, HOMEPAGE } from '../support/stack.js';
import {
  cleanUp,
  printFigures,
  seconds,
  stageStack,
  startStack,
  type StagedStack,
} from '../support/suite.js';

const A = 'deploy-test-a';
const B = 'deploy-test-b';
const PACKAGE_VERSION = (
  JSON.parse(readFileSync(path.join(repoRoot, 'api', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

export function describeUpdates(enabled: boolean): void {
  /** Each step: seconds until the command returned (both healthy) and what health reported. */
  const figures: Record<string, string> = {};

  describe.skipIf(!enabled)('updates and rollbacks, one version in .env', () => {
    let staged: StagedStack | undefined;
    let environment: StartedDockerComposeEnvironment | undefined;

    const stack = () => {
      if (!staged) throw new Error('the checkout was not staged');
      return staged.stack;
    };
    const envSetting = (name: string) =>
      new RegExp(`^${name}=(.*)$`, 'm').exec(
        readFileSync(path.join(stack().dir, '.env'), 'utf8'),
      )?.[1];

    /** What the API reports, and which image tag each container runs (and its health). */
    async function observed() {
      const answer = await fetch(`http://${staged?.gateway}:${staged?.apiPort}/api/health`);
      const { version } = (await answer.json()) as { version: string };
      const containers = await Promise.all(
        [HOMEPAGE, API].map((name) => inspect<ContainerInfo>(name)),
      );
      return {
        version,
        images: containers.map(({ Config }) => Config.Image),
        health: containers.map(({ State }) => State.Health?.Status),
      };
    }

    /** Runs one step, records its seconds and the version health reported, returns that. */
    async function step(name: string, action: () => Promise<unknown>) {
      const started = performance.now();
      await action();
      const took = seconds(started);
      const seen = await observed();
      figures[name] = `${took} s, /api/health version ${seen.version}`;
      return seen;
    }

    const expectRunning = (seen: Awaited<ReturnType<typeof observed>>, tag: string) => {
      expect(seen.version).toBe(`${PACKAGE_VERSION}+${tag}`);
      expect(seen.images).toEqual([`kitestacks/portal-web:${tag}`, `kitestacks/portal-api:${tag}`]);
      expect(seen.health).toEqual(['healthy', 'healthy']);
      expect(envSetting('PORTAL_VERSION')).toBe(tag);
    };

    beforeAll(async () => {
      staged = await stageStack(A, figures);
      const building = performance.now();
      await staged.stack.compose(['build'], 20 * 60_000);
      figures[`build ${A}`] = `${seconds(building)} s`;
    });

    afterAll(async () => {
      await cleanUp(staged, [A, B]);
      printFigures('container update and rollback figures', figures);
    });

    it('deploys A: the first install, `docker compose up -d --build` with A in .env', async () => {
      // Built in beforeAll: this step is what an update is compared with, start until healthy.
      const seen = await step(`deploy ${A}`, async () => {
        if (staged) environment = await startStack(staged);
      });
      expectRunning(seen, A);
    });

    it('updates to B with scripts/deploy.sh update: B runs, A is kept as the way back', async () => {
      const seen = await step(`update to ${B}`, () => stack().deploy(['update', B]));
      expectRunning(seen, B);
      expect(envSetting('PORTAL_PREVIOUS_VERSION')).toBe(A);
    });

    it('rolls back to A with scripts/deploy.sh rollback', async () => {
      const seen = await step(`rollback to ${A}`, () => stack().deploy(['rollback']));
      expectRunning(seen, A);
      expect(envSetting('PORTAL_PREVIOUS_VERSION')).toBe(B);
    });

    it('keeps A through a plain `docker compose up -d`', async () => {
      const seen = await step('plain docker compose up -d', () =>
        stack().compose(['up', '--detach']),
      );
      expectRunning(seen, A);
    });

    it('reports what runs with scripts/deploy.sh status', async () => {
      const status = await stack().deploy(['status']);
      expect(status).toMatch(new RegExp(`^PORTAL_VERSION=${A}$`, 'm'));
      expect(status).toMatch(new RegExp(`^PORTAL_PREVIOUS_VERSION=${B}$`, 'm'));
      expect(status).not.toMatch(/but \.env says/);
      await environment?.down({ timeout: 10_000 });
      expect(await stack().compose(['ps', '--all', '--quiet'])).toBe('');
    });
  });
}
