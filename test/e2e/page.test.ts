/**
 * The page in Debian's Chromium, served by the embedded portal (`node api/dist/server.js`
 * serving web/dist) with the fake upstreams behind it: every card and link, live stats that
 * move, weather, commits and status words; no console error, no other origin, no CSP
 * violation; axe-core finds nothing serious; 360 px without sideways scrolling; reduced
 * motion stops every animation; the focus ring shows. Screenshots go to
 * .artifacts/screenshots/ for a person to look at.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakes, type Fakes } from '../../fakes/index.js';
import { launchChromium, type LaunchedBrowser } from '../support/chromium.js';
import { expectLiveStats } from '../support/live-stats.js';
import { repoRoot, startPortal, webDist, type PortalProcess } from '../support/portal-process.js';
import { canRun, chromiumBinary } from '../support/requirements.js';

const enabled = canRun('page e2e', chromiumBinary());
const screenshots = path.join(repoRoot, '.artifacts', 'screenshots');

interface Services {
  services: { name: string; url: string }[];
}
const shipped = JSON.parse(
  readFileSync(path.join(repoRoot, 'web', 'public', 'services.json'), 'utf8'),
) as Services;

/** What the fake Uptime Kuma's rich data set says about each service. */
const EXPECTED_STATUS: Record<string, string> = {
  Portal: 'Up',
  Authentik: 'Up',
  Forgejo: 'Up',
  'Open WebUI': 'Up',
  Karakeep: 'Unknown',
  Kavita: 'Up',
  Grafana: 'Up',
  'Uptime Kuma': 'Up',
  BookStack: 'Maintenance',
  osTicket: 'Down',
  Portainer: 'Pending',
};

interface PageLog {
  consoleErrors: string[];
  pageErrors: string[];
  foreignRequests: string[];
}

/** Every CSP violation, collected before any of the page's own scripts run. */
const CSP_PROBE = `
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
`;

describe.skipIf(!enabled)('the page in Chromium (embedded portal, fake upstreams)', () => {
  let fakes: Fakes;
  let portal: PortalProcess;
  let chromium: LaunchedBrowser;

  async function open(
    options: BrowserContextOptions = {},
  ): Promise<{ page: Page; log: PageLog; close(): Promise<void> }> {
    const context = await chromium.browser.newContext({
      viewport: { width: 1440, height: 900 },
      ...options,
    });
    const page = await context.newPage();
    await page.addInitScript(CSP_PROBE);
    const log: PageLog = { consoleErrors: [], pageErrors: [], foreignRequests: [] };
    page.on('console', (message) => {
      if (message.type() === 'error') log.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => log.pageErrors.push(error.message));
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol !== 'data:' && url.origin !== portal.url)
        log.foreignRequests.push(request.url());
    });
    await page.goto(portal.url, { waitUntil: 'load' });
    return { page, log, close: () => context.close() };
  }

  /** Waits until every panel has drawn its content. */
  async function settled(page: Page): Promise<void> {
    // Attached, not visible: a phone shows each host as one row until it is opened.
    await page.locator('kite-stats .tiles').waitFor({ state: 'attached', timeout: 20_000 });
    await page.locator('kite-services a.card').first().waitFor({ timeout: 10_000 });
    await page.locator('kite-weather .temp').waitFor({ timeout: 20_000 });
    await page.locator('kite-commits li').first().waitFor({ timeout: 20_000 });
    await expect
      .poll(() => page.locator('kite-services .status').count(), { timeout: 20_000 })
      .toBe(11);
  }

  beforeAll(async () => {
    if (!existsSync(path.join(webDist, 'index.html')))
      throw new Error('web/dist is missing: run `pnpm build` first');
    fakes = await startFakes({ dataset: 'rich' });
    portal = await startPortal({ env: { ...fakes.env, METRICS_INTERVAL_S: '1' } });
    chromium = await launchChromium();
    mkdirSync(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await chromium?.close();
    await portal?.stop();
    await fakes?.close();
  });

  it('shows every card, live stats, weather, commits and status words, cleanly', async () => {
    const { page, log, close } = await open();
    try {
      await settled(page);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.getAttribute('meta[name="viewport"]', 'content')).not.toMatch(
        /user-scalable\s*=\s*no|maximum-scale/,
      );

      // Every card links to its service.
      const cards = await page.locator('kite-services a.card').evaluateAll((links) =>
        links.map((link) => ({
          href: (link as HTMLAnchorElement).href,
          name: link.querySelector('.name')?.textContent ?? '',
          status: link.querySelector('.status')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
        })),
      );
      expect(cards.map((card) => card.name)).toEqual(
        shipped.services.map((service) => service.name),
      );
      expect(cards.map((card) => card.href)).toEqual(
        shipped.services.map((service) => new URL(service.url).href),
      );
      // Status in words, from Uptime Kuma through the API.
      for (const card of cards)
        expect(card.status, card.name).toBe(`status: ${EXPECTED_STATUS[card.name]}`);
      // Every card icon loaded.
      const icons = await page
        .locator('kite-services img.icon')
        .evaluateAll((images) => images.map((image) => (image as HTMLImageElement).naturalWidth));
      expect(icons).toHaveLength(11);
      expect(icons.every((width) => width > 0)).toBe(true);

      // Which host answered.
      const metrics = (await (await fetch(`${portal.url}/api/metrics`)).json()) as {
        host: { hostname: string };
      };
      expect(await page.locator('kite-header .served strong').textContent()).toBe(
        metrics.host.hostname,
      );

      // Live stats move: the history grows with each sample.
      await expectLiveStats(page, 15_000);
      expect(await page.locator('kite-header .link').textContent()).toMatch(/Live/);

      // Weather from the recorded wttr.in document.
      expect(await page.locator('kite-weather .temp').textContent()).toMatch(/^-?\d+°C$/);
      expect(
        (await page.locator('kite-weather .condition').textContent())?.trim().length,
      ).toBeGreaterThan(0);

      // Commits with links into the fake Forgejo, newest first, with relative times.
      const commits = await page.locator('kite-commits li').evaluateAll((items) =>
        items.map((item) => ({
          href: item.querySelector('.message a')?.getAttribute('href') ?? '',
          when: item.querySelector('time')?.textContent ?? '',
        })),
      );
      expect(commits.length).toBeGreaterThan(0);
      for (const commit of commits) {
        expect(commit.href.startsWith(fakes.forgejo.url)).toBe(true);
        expect(commit.when).toMatch(/ago|now|yesterday|last|in /);
      }

      expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual(
        [],
      );
      expect(log.pageErrors).toEqual([]);
      expect(log.consoleErrors).toEqual([]);
      expect(log.foreignRequests).toEqual([]);
      await page.screenshot({
        path: path.join(screenshots, 'desktop-1440x900.png'),
        fullPage: true,
      });
    } finally {
      await close();
    }
  });

  it('has no serious or critical axe-core violations (WCAG 2.x A/AA), on desktop and phone', async () => {
    const axeSource = readFileSync(
      path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'),
      'utf8',
    );
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 360, height: 780 },
    ]) {
      const { page, close } = await open({ viewport });
      try {
        await settled(page);
        // Evaluated through the DevTools protocol, which the page's CSP does not govern.
        await page.evaluate(axeSource);
        const violations = await page.evaluate(async () => {
          type Result = {
            violations: { id: string; impact: string; nodes: { target: unknown }[] }[];
          };
          const axe = (
            window as unknown as {
              axe: { run(context: unknown, options: unknown): Promise<Result> };
            }
          ).axe;
          const result = await axe.run(document, {
            runOnly: {
              type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'],
            },
          });
          return result.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            targets: v.nodes.map((n) => JSON.stringify(n.target)),
          }));
        });
        const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(serious, `${viewport.width}px`).toEqual([]);
      } finally {
        await close();
      }
    }
  });

  it('fits a 360 px phone and a 4K screen without sideways scrolling', async () => {
    for (const [width, height, name] of [
      [360, 780, 'phone-360x780'],
      [3840, 2160, 'desktop-3840x2160'],
    ] as const) {
      const { page, close } = await open({
        viewport: { width, height },
        isMobile: width < 500,
        hasTouch: width < 500,
      });
      try {
        await settled(page);
        const widths = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        expect(widths.scroll, name).toBeLessThanOrEqual(widths.client);
        await page.screenshot({
          path: path.join(screenshots, `${name}.png`),
          fullPage: width < 500,
        });
      } finally {
        await close();
      }
    }
  });

  it('stops every animation and transition when reduced motion is asked for', async () => {
    /** Every animation and transition running on any element or pseudo-element, in every shadow root. */
    const moving = (page: Page) =>
      page.evaluate(() => {
        const found: string[] = [];
        const visit = (root: Document | ShadowRoot) => {
          for (const element of root.querySelectorAll('*')) {
            for (const pseudo of [null, '::before', '::after']) {
              const style = getComputedStyle(element, pseudo);
              const animated = style.animationName !== 'none' && style.animationName !== '';
              const transition = style.transitionDuration.split(',').some((d) => parseFloat(d) > 0);
              if (animated || transition)
                found.push(
                  `${element.tagName.toLowerCase()}${pseudo ?? ''} ${style.animationName}`,
                );
            }
            if (element.shadowRoot) visit(element.shadowRoot);
          }
        };
        visit(document);
        return found;
      });

    const normal = await open();
    try {
      await settled(normal.page);
      // The effects exist, so the check below means something.
      expect((await moving(normal.page)).join('\n')).toMatch(/kite-glitch/);
    } finally {
      await normal.close();
    }
    const reduced = await open({ reducedMotion: 'reduce' });
    try {
      await settled(reduced.page);
      expect(await moving(reduced.page)).toEqual([]);
    } finally {
      await reduced.close();
    }
  });

  it('reaches the filter, then the cards, by keyboard with a visible focus ring', async () => {
    const { page, close } = await open();
    try {
      await settled(page);
      const focused = () =>
        page.evaluate(() => {
          let element = document.activeElement;
          while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
          if (!element) return null;
          const style = getComputedStyle(element);
          return {
            tag: element.tagName.toLowerCase(),
            name: element.querySelector('.name')?.textContent ?? element.textContent,
            outline: `${style.outlineStyle} ${style.outlineWidth}`,
          };
        });
      // The status line's links come first, as in the reading order (one per service that
      // is not up: the rich data set has four), then the services filter.
      const before: string[] = [];
      let filter = null;
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press('Tab');
        filter = await focused();
        if (filter?.tag === 'input') break;
        before.push(`${filter?.tag} ${filter?.outline}`);
      }
      expect(before).toHaveLength(4);
      for (const link of before) expect(link).toMatch(/^a solid [2-9]/);
      expect(filter?.tag).toBe('input');
      expect(filter?.outline).toMatch(/^solid [3-9]/);
      await page.keyboard.press('Tab');
      const card = await focused();
      expect(card?.name).toBe(shipped.services[0]?.name);
      expect(card?.outline).toMatch(/^solid [3-9]/);
    } finally {
      await close();
    }
  });

  it('shows a clear message, not a blank page, when services.json is broken', async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    try {
      await page.route('**/services.json', (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: '{"services": [' }),
      );
      await page.goto(portal.url);
      const message = page.locator('kite-services .problem');
      await message.waitFor({ timeout: 10_000 });
      expect(await message.textContent()).toMatch(
        /Cannot show services.*services\.json is not valid JSON/s,
      );
      // The rest of the page still works.
      // Attached, not visible: a phone shows each host as one row until it is opened.
      await page.locator('kite-stats .tiles').waitFor({ state: 'attached', timeout: 20_000 });
    } finally {
      await context.close();
    }
  });

  it('keeps its links and says offline while the API is gone, then recovers without a reload', async () => {
    const { page, log, close } = await open();
    try {
      await settled(page);
      const links = await page
        .locator('kite-services a.card')
        .evaluateAll((all) => all.map((a) => (a as HTMLAnchorElement).href));
      // Survives only as long as the document does: a reload would clear it.
      await page.evaluate(() => ((window as unknown as { __same: boolean }).__same = true));

      const port = portal.port;
      await portal.stop('SIGKILL');
      await page.locator('kite-offline .offline-banner').waitFor({ timeout: 30_000 });
      expect(await page.locator('kite-header .link').textContent()).toMatch(/Offline/);
      // One banner that counts how long the API has been gone; the stats keep their
      // figures and say how old they are.
      const banner = page.locator('kite-offline .offline-banner');
      expect(await banner.textContent()).toMatch(/Offline\s+API unreachable for \d+ s/);
      await expect
        .poll(async () => (await banner.textContent())?.match(/for (\d+) s/)?.[1], {
          timeout: 10_000,
        })
        .not.toBe('0');
      expect(await page.locator('kite-stats .stale-mark').textContent()).toMatch(/Stale/);
      expect(await page.locator('kite-stats [data-metric="cpu"]').textContent()).toMatch(/%$/);
      expect(
        await page
          .locator('kite-services a.card')
          .evaluateAll((all) => all.map((a) => (a as HTMLAnchorElement).href)),
      ).toEqual(links);

      portal = await startPortal({ env: { ...fakes.env, METRICS_INTERVAL_S: '1' }, port });
      // While offline the page asks at most 4 s apart: live again within 5 s of the API.
      const back = Date.now();
      await expect
        .poll(() => page.locator('kite-header .link').textContent(), {
          timeout: 10_000,
          interval: 100,
        })
        .toMatch(/Live/);
      expect(Date.now() - back).toBeLessThan(5_000);
      expect(await page.locator('kite-offline .offline-banner').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __same?: boolean }).__same)).toBe(
        true,
      );
      expect(log.pageErrors).toEqual([]);
      expect(log.foreignRequests).toEqual([]);
      // While the API was gone the browser logs the failed requests, and nothing else.
      expect(
        log.consoleErrors.filter(
          (text) => !/Failed to load resource|EventSource|ERR_CONNECTION_REFUSED/.test(text),
        ),
      ).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});
