/**
 * testcontainers brings the repository's compose.yaml up: `DockerComposeEnvironment` in the
 * staged checkout, each service waited for by its own Docker health check, and each
 * service's log kept while it starts so that a service that never turns healthy fails with
 * what it printed (testcontainers removes the containers right after).
 *
 * Ryuk, testcontainers' reaper, is an image from a public registry; the containers project
 * turns it off (TESTCONTAINERS_RYUK_DISABLED, vitest.config.ts) and the suite cleans up
 * after itself (support/stack.ts: leftovers first, `down` and the images at the end).
 */
import {
  DockerComposeEnvironment,
  getContainerRuntimeClient,
  Wait,
  type StartedDockerComposeEnvironment,
  type WaitStrategy,
} from 'testcontainers';
import { PROJECT, SERVICES } from './stack.js';

/** The last this many characters of a service's log go into the error. */
const LOG_TAIL_CHARS = 6_000;

type WaitArgs = Parameters<WaitStrategy['waitUntilReady']>;

interface HealthLog {
  State?: { Health?: { Status?: string; Log?: { ExitCode: number; Output: string }[] } };
}

/** `Wait.forHealthCheck()`, plus the service's log streamed meanwhile and shown if it fails. */
class HealthyOrLog implements WaitStrategy {
  readonly #health = Wait.forHealthCheck();

  constructor(readonly service: string) {}

  async waitUntilReady(...args: WaitArgs): Promise<void> {
    const [container] = args;
    const client = await getContainerRuntimeClient();
    let tail = '';
    const log = await client.container.logs(container);
    log.on('data', (chunk: string) => (tail = (tail + chunk).slice(-LOG_TAIL_CHARS)));
    log.on('error', () => undefined);
    try {
      await this.#health.waitUntilReady(...args);
    } catch (error) {
      const info = (await container.inspect().catch(() => ({}))) as HealthLog;
      const lastCheck = info.State?.Health?.Log?.at(-1);
      const check = lastCheck ? `exit ${lastCheck.ExitCode}: ${lastCheck.Output.trim()}` : 'none';
      throw new Error(
        `${this.service}: ${(error as Error).message}\n` +
          `last health check: ${check}\n--- ${this.service}'s log ---\n${tail.trim()}`,
      );
    } finally {
      log.destroy();
    }
  }

  withStartupTimeout(startupTimeoutMs: number): this {
    this.#health.withStartupTimeout(startupTimeoutMs);
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.#health.isStartupTimeoutSet();
  }

  getStartupTimeout(): number {
    return this.#health.getStartupTimeout();
  }
}

/**
 * `docker compose up --detach --build` in `dir` (its compose.yaml and `.env`) under the
 * suite's project name, resolved once every service is healthy.
 */
export function upStack(
  dir: string,
  healthyWithinMs: number,
): Promise<StartedDockerComposeEnvironment> {
  let compose = new DockerComposeEnvironment(dir, 'compose.yaml')
    .withProjectName(PROJECT)
    .withBuild()
    .withStartupTimeout(healthyWithinMs);
  for (const service of SERVICES) {
    compose = compose.withWaitStrategy(service, new HealthyOrLog(service));
  }
  return compose.up();
}
