/**
 * The page in Debian's Chromium, served by the real nginx with the production template in
 * front of the real API (fed by the fake upstreams): it loads under the strict CSP without a
 * single console error or request to another origin, survives the API going away (links
 * stay, the stats say offline) and comes back by itself when the API does — no reload.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedBrowser } from '../support/chromium.js';
import { startFakes, type Fakes } from '../../fakes/index.js';
import { startNginx, type NginxProcess } from '../support/nginx.js';
import { startPortal, webDist, type PortalProcess } from '../support/portal-process.js';
import { canRun, chromiumBinary, nginxBinary } from '../support/requirements.js';

const enabled = canRun('nginx e2e', nginxBinary()) && canRun('nginx page e2e', chromiumBinary());

interface PageRecord {
  consoleErrors: string[];
  pageErrors: string[];
  foreignRequests: string[];
}

function record(page: Page, origin: string): PageRecord {
  const log: PageRecord = { consoleErrors: [], pageErrors: [], foreignRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') log.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => log.pageErrors.push(error.message));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.origin !== origin) log.foreignRequests.push(request.url());
  });
  return log;
}

/** Every CSP violation the page sees, collected before any of its own script runs. */
const CSP_PROBE = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
  });
`;

/** What a panel says, read through its shadow root. */
const panelText = (page: Page, tag: string) =>
  page.locator(tag).evaluate((element) => element.shadowRoot?.textContent ?? '');

const cspViolations = (page: Page) =>
  page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

const serviceLinks = (page: Page) =>
  page
    .locator(
      'kite-services a[href*=".kitestacks.com"], kite-services a[href="https://kitestacks.com"]',
    )
    .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));

describe.skipIf(!enabled)('the page through nginx in Chromium', () => {
  let fakes: Fakes;
  let api: PortalProcess;
  let nginx: NginxProcess;
  let chromium: LaunchedBrowser;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (!existsSync(path.join(webDist, 'index.html')))
      throw new Error('web/dist is missing: run `pnpm build` first');
    fakes = await startFakes({ dataset: 'rich' });
    env = { ...fakes.env, WEB_ROOT: 'off', METRICS_INTERVAL_S: '1' };
    api = await startPortal({ env });
    nginx = await startNginx({ apiUpstream: `127.0.0.1:${api.port}`, webRoot: webDist });
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await nginx?.stop();
    await api?.stop();
    await fakes?.close();
  });

  it('loads under the CSP with no console error and no other origin', async () => {
    const page = await chromium.browser.newPage();
    try {
      await page.addInitScript(CSP_PROBE);
      const log = record(page, nginx.url);
      const response = await page.goto(nginx.url, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");

      // Live data arrived through nginx: the stats name the host, commits are listed.
      const stats = page.locator('kite-stats');
      await expect
        .poll(() => stats.locator('.tiles').count(), { timeout: 20_000 })
        .toBeGreaterThan(0);
      await expect
        .poll(async () => (await serviceLinks(page)).length, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(11);
      await expect
        .poll(() => page.locator('kite-commits a[href^="http"]').count(), { timeout: 20_000 })
        .toBeGreaterThan(0);

      expect(await cspViolations(page)).toEqual([]);
      expect(log.pageErrors).toEqual([]);
      expect(log.consoleErrors).toEqual([]);
      expect(log.foreignRequests).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('keeps its links and says the API is offline while it is down, then recovers without a reload', async () => {
    const page = await chromium.browser.newPage();
    try {
      await page.addInitScript(CSP_PROBE);
      const log = record(page, nginx.url);
      await page.goto(nginx.url, { waitUntil: 'load' });
      const stats = page.locator('kite-stats');
      await expect
        .poll(() => stats.locator('.tiles').count(), { timeout: 20_000 })
        .toBeGreaterThan(0);
      const links = await serviceLinks(page);
      expect(links.length).toBeGreaterThanOrEqual(11);
      // Survives only as long as the document does: a reload would clear it.
      await page.evaluate(
        () => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true),
      );

      const port = api.port;
      await api.stop('SIGKILL');
      await expect
        .poll(async () => await panelText(page, 'kite-offline'), { timeout: 45_000, interval: 250 })
        .toMatch(/offline.*API unreachable for/is);
      // The stats keep their figures, dated: quietly while within their freshness rule (a
      // few sampling intervals), then marked stale.
      await expect
        .poll(async () => await panelText(page, 'kite-stats'), { timeout: 20_000, interval: 250 })
        .toMatch(/Stale · \d+ s old/);
      expect(await serviceLinks(page)).toEqual(links);
      const first = page.locator('kite-services a[href*=".kitestacks.com"]').first();
      expect(await first.isVisible()).toBe(true);

      api = await startPortal({ env, port });
      await expect
        .poll(async () => await panelText(page, 'kite-offline'), { timeout: 60_000, interval: 250 })
        .not.toMatch(/offline/i);
      await expect
        .poll(() => stats.locator('.tiles').count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
      expect(
        await page.evaluate(
          () => (window as unknown as { __sameDocument?: boolean }).__sameDocument,
        ),
      ).toBe(true);
      expect(await serviceLinks(page)).toEqual(links);

      expect(await cspViolations(page)).toEqual([]);
      expect(log.pageErrors).toEqual([]);
      expect(log.foreignRequests).toEqual([]);
      // While the API was gone the browser reports the open stream being cut (nginx ends it
      // without the closing chunk, as it must when its upstream dies) and the failed requests
      // (nginx's 502), and nothing else.
      const unexpected = log.consoleErrors.filter(
        (text) =>
          !/Failed to load resource: (the server responded with a status of 50[234]|net::ERR_INCOMPLETE_CHUNKED_ENCODING)/.test(
            text,
          ),
      );
      expect(unexpected).toEqual([]);
    } finally {
      await page.close();
    }
  }, 180_000);
});
