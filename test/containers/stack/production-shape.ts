/**
 * The production shape, for real: both images built from the repository's Dockerfiles and
 * the repository's compose.yaml brought up the way the README tells a user (a checkout with
 * `.env` from `.env.example`, the token secret, the external `kitestacks` network,
 * `docker compose up -d --build`). Then, through the homepage container: the page, the API
 * and the host's own figures, in Chromium too; the API's confinement; limits that hold
 * under a bounded load; and `docker compose down` in good time.
 *
 * testcontainers brings the stack up and waits for each health check
 * (support/environment.ts). Base images: the official ones when they can be pulled,
 * otherwise stand-ins built from Debian packages (support/base-images.ts), never a failure
 * for want of a registry.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StartedDockerComposeEnvironment } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../api/src/security-headers.js';
import { launchChromium } from '../../support/chromium.js';
import { expectLiveStats } from '../../support/live-stats.js';
import { request } from '../../support/nginx.js';
import { canRun, chromiumBinary } from '../../support/requirements.js';
import { docker, inspect, type ContainerInfo, type ImageInfo } from '../support/engine.js';
import { apparmorEnabled, readThroughProc, startHostUserProcess } from '../support/host-user.js';
import { addressOn, boundedLoad, containerRssBytes } from '../support/measure.js';
import { API, API_UID, HOMEPAGE, NETWORK, PROJECT, SERVICES } from '../support/stack.js';
import {
  cleanUp,
  printFigures,
  ROOT_DISK_DIR,
  seconds,
  stageStack,
  startStack,
  type StagedStack,
} from '../support/suite.js';

const TAG = 'stack-test';
const API_USER = `${API_UID}:${API_UID}`;
/** The first user Debian creates: the laptop's owner. */
const FIRST_USER_UID = 1000;
const DOWN_WITHIN_S = 15;
const LOAD_REQUESTS = 2_000;

interface Metrics {
  host: { hostname: string };
  processes: { total: number };
  disks: { mount: string; total_bytes: number; used_bytes: number }[];
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export function describeProductionShape(enabled: boolean): void {
  const chromiumOk = enabled && canRun('container stack in Chromium', chromiumBinary());
  const asRoot = process.getuid?.() === 0;
  if (enabled && !asRoot) {
    console.warn('[skipped] host file checks: need root to create files of root and of uid 1000');
  }
  /** Figures printed at the end, for docs/containers.md. */
  const figures: Record<string, string> = {};

  describe.skipIf(!enabled)('the compose stack, as the README runs it', () => {
    let staged: StagedStack | undefined;
    let environment: StartedDockerComposeEnvironment | undefined;
    let base = '';

    beforeAll(async () => {
      const started = performance.now();
      staged = await stageStack(TAG, figures);
      // Each image on its own, to know what each costs; `up --build` then finds them current.
      for (const service of SERVICES) {
        const building = performance.now();
        await staged.stack.compose(['build', service], 20 * 60_000);
        figures[`build ${service}`] = `${seconds(building)} s`;
      }
      const starting = performance.now();
      environment = await startStack(staged);
      figures['up until both healthy'] = `${seconds(starting)} s`;
      figures['setup in all'] = `${seconds(started)} s`;
      base = `http://${await addressOn(HOMEPAGE, NETWORK)}:8080`;
    });

    afterAll(async () => {
      await cleanUp(staged, [TAG]);
      printFigures('container stack figures', figures);
    });

    it('builds both images: non-root, with health checks', async () => {
      const web = await inspect<ImageInfo>(`kitestacks/portal-web:${TAG}`);
      const api = await inspect<ImageInfo>(`kitestacks/portal-api:${TAG}`);
      expect(web.Config.User).toBe('101:101');
      expect(api.Config.User).toBe(API_USER);
      expect(web.Config.Healthcheck?.Test.join(' ')).toMatch(/nginx-health/);
      expect(api.Config.Healthcheck?.Test).toContain('node');
      figures['image portal-web'] = megabytes(web.Size);
      figures['image portal-api'] = megabytes(api.Size);
    });

    it('serves the page through homepage, with the security headers and caching rules', async () => {
      const page = await request(`${base}/`);
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/<title>/i);
      expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers.server).toBe('nginx');
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
      if (!script) throw new Error('index.html names no script under /assets/');
      const asset = await request(`${base}${script}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(asset.status).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.headers['content-encoding']).toBe('gzip');
      expect((await request(`${base}/.env`)).status).toBe(404);
    });

    it("proxies the API, whose figures are the host's: hostname, processes, root disk as df", async () => {
      const health = await request(`${base}/api/health`);
      expect(health.status).toBe(200);
      expect(JSON.parse(health.text)).toMatchObject({ ok: true });

      const answer = await request(`${base}/api/metrics`);
      expect(answer.status).toBe(200);
      const metrics = JSON.parse(answer.text) as Metrics;
      expect(metrics.host.hostname).toBe(os.hostname());
      // pid: host — the host's process count, not the container's one process (it moves a
      // little between the two readings).
      const hostProcesses = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).length;
      expect(metrics.processes.total).toBeGreaterThan(hostProcesses * 0.8 - 5);
      expect(metrics.processes.total).toBeLessThan(hostProcesses * 1.2 + 5);
      const root = metrics.disks.find((disk) => disk.mount === '/');
      expect(root, JSON.stringify(metrics.disks)).toBeDefined();
      const dfSize = Number(
        execFileSync('df', ['--block-size=1', '--output=size', '/'], { encoding: 'utf8' })
          .trim()
          .split('\n')[1],
      );
      expect(root?.total_bytes).toBe(dfSize);
      const fs = statfsSync('/');
      expect(root?.total_bytes).toBe(fs.blocks * fs.bsize);
    });

    it.skipIf(!chromiumOk)('shows live stats in Chromium, loaded through homepage', async () => {
      const chromium = await launchChromium();
      try {
        const page = await chromium.browser.newPage();
        await page.goto(`${base}/`, { waitUntil: 'load' });
        await page.locator('kite-stats .tiles').waitFor({ timeout: 20_000 });
        expect(await page.locator('kite-header .served strong').textContent()).toBe(os.hostname());
        await expectLiveStats(page);
      } finally {
        await chromium.close();
      }
    });

    it('confines the API: read-only, non-root, no capabilities, host network and PIDs only', async () => {
      const api = await inspect<ContainerInfo>(API);
      expect(api.Config.User).toBe(API_USER);
      expect(api.HostConfig.ReadonlyRootfs).toBe(true);
      expect(api.HostConfig.CapDrop).toEqual(['ALL']);
      expect(api.HostConfig.SecurityOpt).toContain('no-new-privileges:true');
      expect(api.HostConfig.NetworkMode).toBe('host');
      expect(api.HostConfig.PidMode).toBe('host');
      // Every mount from the host is read-only, and none is the host's root.
      const binds = api.Mounts.filter((mount) => mount.Source.startsWith('/'));
      for (const mount of binds) expect(mount.RW, mount.Destination).toBe(false);
      expect(binds.map((mount) => mount.Source)).not.toContain('/');

      const inside = (script: string) => docker(['exec', API, 'sh', '-c', script]);
      expect((await inside('id -u')).trim()).toBe(String(API_UID));
      expect((await inside('id -g')).trim()).toBe(String(API_UID));
      expect(await inside('grep ^CapEff /proc/self/status')).toMatch(/CapEff:\s+0+$/m);
      await expect(inside('touch /probe')).rejects.toThrow();
      // Through the disk mount it sees one empty directory, nothing of the host's tree.
      expect((await inside('ls -A /host/disks/root')).trim()).toBe('');
    });

    it.skipIf(!asRoot)('keeps the API from a host file only root may read', async () => {
      const name = `root-only-${process.pid}`;
      // In the very directory the API's disk mount shows, and elsewhere on the host.
      const inMount = path.join(ROOT_DISK_DIR, name);
      const elsewhere = path.join(os.tmpdir(), name);
      try {
        for (const file of [inMount, elsewhere]) writeFileSync(file, 'secret\n', { mode: 0o600 });
        const attempts = [
          `/host/disks/root/${name}`,
          `/proc/1/root${inMount}`,
          `/proc/1/root${elsewhere}`,
        ];
        for (const target of attempts) {
          await expect(docker(['exec', API, 'cat', target]), target).rejects.toThrow(
            /Permission denied/,
          );
        }
      } finally {
        rmSync(inMount, { force: true });
        rmSync(elsewhere, { force: true });
      }
    });

    it.skipIf(!asRoot)(
      `keeps the API from a file of uid ${FIRST_USER_UID}, through any /proc/<pid>/root`,
      async () => {
        const user = await startHostUserProcess(FIRST_USER_UID);
        try {
          const asApi = await readThroughProc(API, API_UID, user);
          expect(asApi.read).toEqual([]);
          expect(asApi.tried).toBeGreaterThan(10); // the host's processes, pid: host
          // The same attempt as uid 1000 (the API's uid until now) reads the file, so the check
          // above can fail. Docker's AppArmor profile, where it runs, blocks even this.
          const asOwner = await readThroughProc(API, FIRST_USER_UID, user);
          if (apparmorEnabled()) figures['uid 1000 control'] = asOwner.read.join(', ') || 'blocked';
          else expect(asOwner.read).toContain(`/proc/${user.pid}/root`);
        } finally {
          user.stop();
        }
      },
    );

    it('keeps the homepage unpublished, on the kitestacks network', async () => {
      const web = await inspect<ContainerInfo>(HOMEPAGE);
      expect(Object.keys(web.NetworkSettings.Networks)).toEqual([NETWORK]);
      expect(Object.keys(web.HostConfig.PortBindings ?? {})).toEqual([]);
      expect(web.HostConfig.ReadonlyRootfs).toBe(true);
      expect(web.HostConfig.CapDrop).toEqual(['ALL']);
    });

    it('stays well inside its memory, CPU and pids limits under a bounded load', async () => {
      const idle = { web: await containerRssBytes(HOMEPAGE), api: await containerRssBytes(API) };
      // Straight to the API (nginx's per-visitor rate limit would stop most of it), and the
      // page through nginx; bounded in count.
      const api = `http://${staged?.gateway}:${staged?.apiPort}`;
      for (const url of [`${api}/api/metrics`, `${base}/`]) {
        expect(await boundedLoad(url, LOAD_REQUESTS), url).toBe(0);
      }
      const loaded = { web: await containerRssBytes(HOMEPAGE), api: await containerRssBytes(API) };
      figures['RSS homepage idle / after load'] =
        `${megabytes(idle.web)} / ${megabytes(loaded.web)}`;
      figures['RSS api idle / after load'] = `${megabytes(idle.api)} / ${megabytes(loaded.api)}`;

      const limits = {
        web: (await inspect<ContainerInfo>(HOMEPAGE)).HostConfig,
        api: (await inspect<ContainerInfo>(API)).HostConfig,
      };
      for (const key of ['web', 'api'] as const) {
        expect(limits[key].Memory, key).toBeGreaterThan(0);
        expect(limits[key].NanoCpus, key).toBeGreaterThan(0);
        expect(limits[key].PidsLimit ?? 0, key).toBeGreaterThan(0);
        // Headroom: what the container holds after the load is well under its limit.
        expect(loaded[key], key).toBeLessThan(limits[key].Memory * 0.6);
      }
    });

    it('answers a 502 envelope when the API is gone, and still serves the page', async () => {
      await docker(['stop', API]);
      const broken = await request(`${base}/api/health`);
      expect(broken.status).toBe(502);
      expect(broken.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(broken.text)).toMatchObject({ error: { code: 'api_unavailable' } });
      expect((await request(`${base}/`)).status).toBe(200);
    });

    it(`stops both with docker compose down within ${DOWN_WITHIN_S} s, a stream open`, async () => {
      // Back to serving, with a live event stream through nginx: what a visitor's tab holds.
      await docker(['start', API]);
      await expect
        .poll(async () => (await request(`${base}/api/health`).catch(() => null))?.status, {
          timeout: 30_000,
        })
        .toBe(200);
      const stream = await fetch(`${base}/api/stream`);
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = stream.body?.getReader();
      expect((await reader?.read())?.done).toBe(false);

      const stopping = performance.now();
      await environment?.down({ timeout: 10_000 });
      await reader?.cancel().catch(() => undefined);
      const took = seconds(stopping);
      figures['compose down'] = `${took} s`;
      expect(took).toBeLessThan(DOWN_WITHIN_S);
      const left = await docker([
        'ps',
        '-aq',
        '--filter',
        `label=com.docker.compose.project=${PROJECT}`,
      ]);
      expect(left.trim()).toBe('');
    });
  });
}
