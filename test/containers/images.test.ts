/**
 * Builds both images and runs them the way compose.yaml does (read-only, no capabilities,
 * no-new-privileges, the API in the host's network and PID namespaces on the bridge
 * gateway, nginx on a network of its own reaching it through host.docker.internal), then
 * runs the smoke checks through the nginx container.
 *
 * Needs a Docker engine. Where none answers, the suite is skipped with the engine probe's
 * reason; everything it checks is also checked on real processes by test/e2e/nginx.test.ts.
 */
import {
  GenericContainer,
  getContainerRuntimeClient,
  Network,
  Wait,
  type StartedNetwork,
  type StartedTestContainer,
} from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../api/src/security-headers.js';
import { request } from '../support/nginx.js';
import { repoRoot } from '../support/portal-process.js';
import { freePort } from '../support/ports.js';
import { canRun, type Requirement } from '../support/requirements.js';

const PROBE_TIMEOUT_MS = 10_000;

/** testcontainers' own engine discovery (socket, DOCKER_HOST, ~/.testcontainers), bounded in time. */
async function dockerEngine(): Promise<Requirement> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const client = await Promise.race([
      getContainerRuntimeClient(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`)),
          PROBE_TIMEOUT_MS,
        );
      }),
    ]);
    return { ok: true, reason: `Docker ${client.info.containerRuntime.serverVersion}` };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `no Docker engine answers (${message})` };
  } finally {
    clearTimeout(timer);
  }
}

// CI machines have no Docker engine either: a skip there is expected, not a failure.
const enabled = canRun('container images', await dockerEngine(), { requiredInCi: false });

/** Settings compose.yaml gives that testcontainers has no builder method for. */
function hardenAsCompose(
  container: GenericContainer,
  extra: { pidHost?: boolean } = {},
): GenericContainer {
  const internals = container as unknown as {
    hostConfig: { ReadonlyRootfs?: boolean; PidMode?: string };
  };
  internals.hostConfig.ReadonlyRootfs = true;
  if (extra.pidHost) internals.hostConfig.PidMode = 'host';
  return container.withDroppedCapabilities('ALL').withSecurityOpt('no-new-privileges:true');
}

describe.skipIf(!enabled)('the Docker images, run as compose runs them', () => {
  let network: StartedNetwork;
  let api: StartedTestContainer | undefined;
  let web: StartedTestContainer;
  let base: string;
  let engineHostname = '';

  beforeAll(async () => {
    const client = await getContainerRuntimeClient();
    const dockerode = client.container.dockerode;
    engineHostname = ((await dockerode.info()) as { Name?: string }).Name ?? '';
    // The address the API listens on in compose: the default bridge's gateway.
    const bridge = (await dockerode.getNetwork('bridge').inspect()) as {
      IPAM?: { Config?: { Gateway?: string }[] };
    };
    const gateway = bridge.IPAM?.Config?.find((config) => config.Gateway)?.Gateway ?? '172.17.0.1';
    const apiPort = await freePort();

    const [apiImage, webImage] = await Promise.all([
      GenericContainer.fromDockerfile(repoRoot, 'docker/api.Dockerfile').build(
        'kitestacks/portal-api:test',
        {
          deleteOnExit: true,
        },
      ),
      GenericContainer.fromDockerfile(repoRoot, 'docker/web.Dockerfile').build(
        'kitestacks/portal-web:test',
        {
          deleteOnExit: true,
        },
      ),
    ]);

    api = await hardenAsCompose(apiImage, { pidHost: true })
      .withNetworkMode('host')
      .withUser('1000:1000')
      .withEnvironment({
        HOST: gateway,
        PORT: String(apiPort),
        TRUST_PROXY: '127.0.0.1,172.16.0.0/12,192.168.0.0/16',
        OS_RELEASE_PATH: '/host/os-release',
        DISK_PATHS: '/=/hostfs',
      })
      .withBindMounts([
        { source: '/', target: '/hostfs', mode: 'ro' },
        { source: '/etc/os-release', target: '/host/os-release', mode: 'ro' },
      ])
      .withTmpFs({ '/tmp': 'rw,size=16m,mode=1777' })
      .withWaitStrategy(Wait.forHealthCheck())
      .start();

    // Stands in for the external kitestacks network that cloudflared shares.
    network = await new Network().start();
    web = await hardenAsCompose(webImage)
      .withNetwork(network)
      .withNetworkAliases('homepage')
      .withExtraHosts([{ host: 'host.docker.internal', ipAddress: 'host-gateway' }])
      .withEnvironment({ PORTAL_PORT: '8080', API_UPSTREAM: `host.docker.internal:${apiPort}` })
      .withTmpFs({
        '/tmp': 'rw,size=16m,mode=1777',
        '/etc/nginx/conf.d': 'rw,size=1m,uid=101,gid=101,mode=0755',
      })
      // compose publishes nothing (cloudflared is on the network); the test needs a way in.
      .withExposedPorts(8080)
      .withWaitStrategy(Wait.forHealthCheck())
      .start();
    base = `http://${web.getHost()}:${web.getMappedPort(8080)}`;
  });

  afterAll(async () => {
    await web?.stop();
    await api?.stop();
    await network?.stop();
  });

  it('serves the page with the security headers and caching rules', async () => {
    const page = await request(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers.server).toBe('nginx');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    if (!script) throw new Error('index.html names no script under /assets/');
    const asset = await request(`${base}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('gzip');
  });

  it('runs both containers unprivileged on read-only filesystems', async () => {
    for (const container of [web, api]) {
      if (!container) throw new Error('container did not start');
      const user = await container.exec(['id', '-u']);
      expect(Number(user.output.trim())).toBeGreaterThan(0);
      const write = await container.exec(['sh', '-c', 'touch /probe']);
      expect(write.exitCode).not.toBe(0);
    }
  });

  it("proxies the API, whose figures are the host's", async () => {
    const health = await request(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({ ok: true });
    const metrics = JSON.parse((await request(`${base}/api/metrics`)).text) as {
      host: { hostname: string; os: string };
      processes: { total: number };
      disks: { mount: string }[];
    };
    if (engineHostname) expect(metrics.host.hostname).toBe(engineHostname);
    // pid: host — far more than the container's own single process.
    expect(metrics.processes.total).toBeGreaterThan(5);
    expect(metrics.disks.map((disk) => disk.mount)).toContain('/');
  });

  it('refuses dotfiles and other methods', async () => {
    expect((await request(`${base}/.env`)).status).toBe(404);
    const post = await request(`${base}/api/health`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(JSON.parse(post.text)).toMatchObject({ error: { code: 'method_not_allowed' } });
  });

  it('answers a 502 envelope when the API is gone, and still serves the page', async () => {
    await api?.stop();
    api = undefined;
    const broken = await request(`${base}/api/health`);
    expect(broken.status).toBe(502);
    expect(broken.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(broken.text)).toMatchObject({ error: { code: 'api_unavailable' } });
    expect((await request(`${base}/`)).status).toBe(200);
  });
});
