/**
 * History from the first paint, in Debian's Chromium: a portal ("monk", serving the page)
 * and its peer ("kscloud1") have been watched for a few seconds; a visitor who arrives then
 * sees both hosts' sparklines already drawn with those seconds, not lines that begin with
 * their own first readings.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedBrowser } from '../support/chromium.js';
import { startPortal, webDist, type PortalProcess } from '../support/portal-process.js';
import { canRun, chromiumBinary } from '../support/requirements.js';

const enabled = canRun('history page e2e', chromiumBinary());

const FAST = { METRICS_INTERVAL_S: '0.5', METRICS_IDLE_AFTER_S: '30', UPSTREAM_TIMEOUT_S: '1' };
/** Readings each host has in its ring before the visitor arrives. */
const PRIMED = 12;

interface HistoryAnswer {
  hosts: { name: string; points: { cpu_percent: number | null }[] }[];
}

describe.skipIf(!enabled)('sparklines from the first paint (embedded portal and a peer)', () => {
  let kscloud1: PortalProcess;
  let monk: PortalProcess;
  let chromium: LaunchedBrowser;

  beforeAll(async () => {
    if (!existsSync(path.join(webDist, 'index.html')))
      throw new Error('web/dist is missing: run `pnpm build` first');
    kscloud1 = await startPortal({ env: { ...FAST, HOST_NAME: 'kscloud1', WEB_ROOT: 'off' } });
    monk = await startPortal({
      env: { ...FAST, HOST_NAME: 'monk', PEERS: `kscloud1=${kscloud1.url}` },
    });
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await Promise.all([monk, kscloud1].map((portal) => portal?.stop()));
  });

  it('draws every host’s recent readings as soon as the page shows figures', async () => {
    // Someone watches (as a Conky widget would): both hosts fill their rings.
    await expect
      .poll(
        async () => {
          await (await fetch(`${monk.url}/api/hosts`)).arrayBuffer();
          const history = (await (await fetch(`${monk.url}/api/history`)).json()) as HistoryAnswer;
          return Math.min(
            ...history.hosts.map(
              (host) => host.points.filter((point) => point.cpu_percent !== null).length,
            ),
          );
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBeGreaterThanOrEqual(PRIMED);

    const page = await chromium.browser.newPage({ viewport: { width: 1366, height: 900 } });
    // No stream: the page polls every 2 s, so what it gathers itself in the first seconds
    // is two or three readings; anything more on the chart came from /api/history.
    await page.route('**/api/stream', (route) => route.abort());
    const history = page.waitForResponse((response) => response.url().includes('/api/history'));
    await page.goto(monk.url, { waitUntil: 'load' });
    expect((await history).status()).toBe(200);

    const pointsDrawn = (name: string) =>
      page
        .locator(`kite-stats article.host[data-host="${name}"] .cpu polyline`)
        .evaluateAll((lines) =>
          lines.reduce(
            (sum, line) => sum + (line.getAttribute('points')?.split(' ').length ?? 0),
            0,
          ),
        );
    for (const name of ['monk', 'kscloud1']) {
      await expect.poll(() => pointsDrawn(name), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await pointsDrawn(name)).toBeGreaterThanOrEqual(PRIMED);
    }
    await page.close();
  });
});
