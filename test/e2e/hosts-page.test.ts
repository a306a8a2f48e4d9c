/**
 * Both hosts on one page, as a visitor sees it: Debian's Chromium loads the page through the
 * real nginx in front of a portal ("monk") whose peers are real portals on loopback — one
 * reading a recorded /proc tree — and one address where nothing answers. Every host shows its
 * name and figures, the serving one is marked, and a peer that dies keeps its last figures,
 * dimmed and marked unreachable, then recovers without a reload.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedBrowser } from '../support/chromium.js';
import { startNginx, type NginxProcess } from '../support/nginx.js';
import { startPortal, webDist, type PortalProcess } from '../support/portal-process.js';
import { freePort } from '../../scripts/lib/ports.js';
import { writeRecordedProcTree, type ProcTree } from '../support/proc-tree.js';
import { canRun, chromiumBinary, nginxBinary } from '../support/requirements.js';

const enabled =
  canRun('hosts page e2e', nginxBinary()) && canRun('hosts page e2e', chromiumBinary());

const FAST = { METRICS_INTERVAL_S: '0.5', METRICS_IDLE_AFTER_S: '5', UPSTREAM_TIMEOUT_S: '1' };

describe.skipIf(!enabled)('every host on the page, through nginx in Chromium', () => {
  let tree: ProcTree;
  let kscloud1: PortalProcess;
  let samurai: PortalProcess;
  let samuraiPort: number;
  let monk: PortalProcess;
  let nginx: NginxProcess;
  let chromium: LaunchedBrowser;
  let page: Page;

  const host = (name: string): Locator =>
    page.locator(`kite-stats article.host[data-host="${name}"]`);
  const startSamurai = () =>
    startPortal({ port: samuraiPort, env: { ...FAST, HOST_NAME: 'samurai', WEB_ROOT: 'off' } });

  beforeAll(async () => {
    if (!existsSync(path.join(webDist, 'index.html')))
      throw new Error('web/dist is missing: run `pnpm build` first');
    tree = writeRecordedProcTree();
    samuraiPort = await freePort();
    kscloud1 = await startPortal({
      env: { ...FAST, HOST_NAME: 'kscloud1', PROC_PATH: tree.path, WEB_ROOT: 'off' },
    });
    samurai = await startSamurai();
    monk = await startPortal({
      env: {
        ...FAST,
        HOST_NAME: 'monk',
        WEB_ROOT: 'off',
        PEERS: `kscloud1=${kscloud1.url},samurai=${samurai.url},oldbox=http://127.0.0.1:${await freePort()}`,
      },
    });
    nginx = await startNginx({ apiUpstream: `127.0.0.1:${monk.port}`, webRoot: webDist });
    chromium = await launchChromium();
    page = await chromium.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(nginx.url, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await chromium?.close();
    await nginx?.stop();
    await Promise.all([monk, kscloud1, samurai].map((portal) => portal?.stop('SIGKILL')));
    tree?.remove();
  });

  it('shows every host in order, the serving one marked, each with its own figures', async () => {
    await expect
      .poll(
        () =>
          page
            .locator('kite-stats article.host')
            .evaluateAll((els) => els.map((el) => el.getAttribute('data-host'))),
        { timeout: 20_000 },
      )
      .toEqual(['monk', 'kscloud1', 'samurai', 'oldbox']);
    await expect
      .poll(() => host('kscloud1').locator('.tiles').count(), { timeout: 20_000 })
      .toBe(1);
    await expect(host('monk').locator('.badge.served').textContent()).resolves.toMatch(
      /served by/i,
    );
    expect(await host('kscloud1').locator('.badge.served').count()).toBe(0);
    // kscloud1 reads the recorded VPS: 4 cores and 57 processes, not this machine's.
    await expect(host('kscloud1').locator('.meta').textContent()).resolves.toMatch(
      /\b57\s+processes/,
    );
    await expect(host('kscloud1').textContent()).resolves.toContain('4 cores');
    for (const name of ['monk', 'kscloud1', 'samurai'])
      await expect(host(name).locator('[data-metric="cpu"]').textContent()).resolves.toMatch(/%$/);
    // Nothing answers for oldbox: it says so, with no figures to show.
    await expect
      .poll(() => host('oldbox').locator('.host-notice').textContent(), { timeout: 10_000 })
      .toMatch(/Unreachable/);
  });

  it('keeps a peer that dies, dimmed and unreachable since its last reading, then recovers without a reload', async () => {
    await expect.poll(() => host('samurai').locator('.tiles').count(), { timeout: 20_000 }).toBe(1);
    await samurai.stop('SIGKILL');
    await expect
      .poll(() => host('samurai').getAttribute('class'), { timeout: 15_000 })
      .toMatch(/\bdown\b/);
    await expect(host('samurai').locator('.tiles.dimmed').count()).resolves.toBe(1);
    await expect(host('samurai').locator('.host-notice').textContent()).resolves.toMatch(
      /Unreachable\s+since \d{2}:\d{2}/,
    );
    // The others carry on.
    await expect(host('kscloud1').getAttribute('class')).resolves.not.toMatch(/\bdown\b/);

    samurai = await startSamurai();
    await expect
      .poll(() => host('samurai').getAttribute('class'), { timeout: 25_000 })
      .not.toMatch(/\bdown\b|\bstale\b/);
    expect(await host('samurai').locator('.tiles.dimmed').count()).toBe(0);
  });
});
