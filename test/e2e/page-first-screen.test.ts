/**
 * What a visitor sees before scrolling, in Chromium, with three hosts one of them dead (a
 * fake API on loopback passes everything to a real portal with the rich fake upstreams and
 * adds a dead peer to `/api/hosts`): the status line names what is not up, each name a link
 * to its card; the first row of cards is in the first screen at 1366×768; no text is below
 * 12 px at 1366 px; no panel is taller than its content; hosts side by side align their
 * tiles; the header counts the hosts.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakes, type Fakes } from '../../fakes/index.js';
import { launchChromium, type LaunchedBrowser } from '../support/chromium.js';
import { startFakeApi, type FakeApi } from '../support/fake-api.js';
import { startPortal, webDist, type PortalProcess } from '../support/portal-process.js';
import { canRun, chromiumBinary } from '../support/requirements.js';

const enabled = canRun('first screen e2e', chromiumBinary());

const DEAD = {
  name: 'oldbox',
  self: false,
  reachable: false,
  stale: true,
  fetched_at: null,
  metrics: null,
  error: { code: 'upstream_unreachable', message: 'oldbox did not answer in time' },
};

/** The smallest font size of any visible text, through every shadow root, and where. */
const SMALLEST_TEXT = `(() => {
  let smallest = { px: Infinity, where: '' };
  function visit(root) {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) visit(el.shadowRoot);
      const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!text) continue;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      // Drawn text only: not hidden, not the screen-reader-only clip.
      if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden') continue;
      const px = parseFloat(style.fontSize);
      if (px < smallest.px) smallest = { px, where: el.tagName.toLowerCase() + '.' + el.className + ' "' + el.textContent.trim().slice(0, 30) + '"' };
    }
  }
  visit(document);
  return smallest;
})()`;

/** For every panel: how far its box runs below its last child's (padding included). */
const PANEL_SLACK = `(() => {
  const out = [];
  for (const host of document.querySelector('kite-app').shadowRoot.querySelectorAll('main > *, main .aside > *')) {
    const panel = host.shadowRoot?.querySelector('section.panel');
    if (!panel || host.hidden) continue;
    const last = [...panel.children].filter((c) => c.getBoundingClientRect().height > 0).at(-1);
    const slack = panel.getBoundingClientRect().bottom - last.getBoundingClientRect().bottom
      - parseFloat(getComputedStyle(panel).paddingBottom);
    out.push({ panel: host.tagName.toLowerCase(), slack, line: parseFloat(getComputedStyle(panel).lineHeight) || 24 });
  }
  return out;
})()`;

describe.skipIf(!enabled)('the first screen, three hosts one dead', () => {
  let fakes: Fakes;
  let portal: PortalProcess;
  let api: FakeApi;
  let chromium: LaunchedBrowser;
  let hosts: { hosts: unknown[] } = { hosts: [] };
  /** Serve this host and the live peer only (the dead one left out). */
  let twoHosts = false;
  let refresh: NodeJS.Timeout;

  async function open(width: number, height: number): Promise<Page> {
    const page = await chromium.browser.newPage({
      viewport: { width, height },
      isMobile: width < 500,
      hasTouch: width < 500,
    });
    await page.goto(api.url, { waitUntil: 'load' });
    await page.locator('kite-stats article.host[data-host="oldbox"]').waitFor({
      state: 'attached',
      timeout: 20_000,
    });
    await expect
      .poll(() => page.locator('kite-services .status').count(), { timeout: 20_000 })
      .toBe(11);
    await page.locator('kite-commits li').first().waitFor({ timeout: 20_000 });
    await page.locator('kite-weather .temp').waitFor({ timeout: 20_000 });
    return page;
  }

  beforeAll(async () => {
    if (!existsSync(path.join(webDist, 'index.html')))
      throw new Error('web/dist is missing: run `pnpm build` first');
    fakes = await startFakes({ dataset: 'rich' });
    portal = await startPortal({ env: { ...fakes.env, METRICS_INTERVAL_S: '1' } });
    // The portal's own entry, the same figures again as a live peer, and a dead peer.
    const pull = async () => {
      const answer = (await (await fetch(`${portal.url}/api/hosts`)).json()) as {
        hosts: Record<string, unknown>[];
      };
      const peer = answer.hosts.map((host) => ({ ...host, name: 'kscloud1', self: false }));
      hosts = { hosts: [...answer.hosts, ...peer, DEAD] };
    };
    await pull();
    refresh = setInterval(() => void pull().catch(() => undefined), 1_000);
    api = await startFakeApi({
      upstream: portal.url,
      answers: {
        '/api/hosts': () => (twoHosts ? { hosts: hosts.hosts.slice(0, 2) } : hosts),
      },
    });
    chromium = await launchChromium();
  });

  afterAll(async () => {
    clearInterval(refresh);
    await chromium?.close();
    await api?.close();
    await portal?.stop();
    await fakes?.close();
  });

  for (const [width, height] of [
    [1366, 768],
    [360, 800],
  ] as const) {
    it(`answers "is everything up?" without scrolling at ${width}×${height}`, async () => {
      const page = await open(width, height);
      try {
        const line = page.locator('kite-summary .summary');
        const said = ((await line.textContent()) ?? '')
          .replace(/\s+/g, ' ')
          .replace(/\s*·\s*/g, ' · ')
          .trim();
        expect(said).toMatch(/^7 of 11 services up · osTicket down · Portainer pending/);
        expect(said).toContain('2 of 3 hosts live · oldbox unreachable');
        const box = await line.boundingBox();
        expect(box && box.y + box.height).toBeLessThanOrEqual(height);
        if (width === 1366) {
          const first = await page.locator('kite-services a.card').first().boundingBox();
          expect(first && first.y + first.height, 'first row of cards').toBeLessThanOrEqual(height);
          expect(await page.locator('kite-header .tagline').textContent()).toMatch(
            /three hosts, one tunnel/,
          );
        }
        // A named service is a link to its card: the card comes into view with the focus.
        await page.locator('kite-summary a.status', { hasText: 'osTicket' }).click();
        const focused = await page.evaluate(`(() => {
          let el = document.activeElement;
          while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
          const box = el.getBoundingClientRect();
          return { name: el.querySelector('.name')?.textContent, inView: box.top >= 0 && box.bottom <= innerHeight };
        })()`);
        expect(focused).toEqual({ name: 'osTicket', inView: true });
      } finally {
        await page.close();
      }
    });
  }

  it('draws no text below 12 px at 1366 px, sparkline scales included', async () => {
    const page = await open(1366, 768);
    try {
      const smallest = (await page.evaluate(SMALLEST_TEXT)) as { px: number; where: string };
      console.log(`[first screen] smallest text at 1366 px: ${smallest.px} px (${smallest.where})`);
      expect(smallest.px).toBeGreaterThanOrEqual(12);
    } finally {
      await page.close();
    }
  });

  it("draws the focus ring of the commits' links inside their clipping boxes, whole", async () => {
    const page = await open(1366, 768);
    try {
      await page.keyboard.press('Tab');
      for (const link of ['.repo a', '.message a']) {
        await page.locator(`kite-commits ${link}`).first().focus();
        const ring = (await page.evaluate(`(() => {
          let el = document.activeElement;
          while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
          const style = getComputedStyle(el);
          return { visible: el.matches(':focus-visible'), style: style.outlineStyle,
            width: parseFloat(style.outlineWidth), offset: parseFloat(style.outlineOffset) };
        })()`)) as { visible: boolean; style: string; width: number; offset: number };
        expect(ring.visible && ring.style, link).toBe('solid');
        expect(ring.width, link).toBeGreaterThanOrEqual(2);
        // Drawn inside the link's own box, which its clipping parent never cuts.
        expect(ring.offset + ring.width, link).toBeLessThanOrEqual(0);
      }
    } finally {
      await page.close();
    }
  });

  it('filters from a word typed anywhere, by description and address too, and the panel shrinks', async () => {
    const page = await open(1366, 768);
    try {
      const panel = page.locator('kite-services section.panel');
      const tall = (await panel.boundingBox())?.height ?? 0;
      await page.locator('kite-header h1').click();
      // "wiki" is in BookStack's description and address, not in its name.
      await page.keyboard.type('wiki');
      await expect
        .poll(() => page.locator('kite-services a.card .name').allTextContents())
        .toEqual(['BookStack']);
      expect(await page.locator('kite-services #services-count').textContent()).toBe(
        '1 of 11 match',
      );
      const short = (await panel.boundingBox())?.height ?? 0;
      expect(short).toBeLessThan(tall / 2);
      const panels = (await page.evaluate(PANEL_SLACK)) as { panel: string; slack: number }[];
      const services = panels.find((entry) => entry.panel === 'kite-services');
      expect(services?.slack).toBeLessThanOrEqual(24);
    } finally {
      await page.close();
    }
  });

  it('keeps every panel as tall as its content, and hosts side by side aligned', async () => {
    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
      [3840, 2160],
    ] as const) {
      const page = await open(width, height);
      try {
        const panels = (await page.evaluate(PANEL_SLACK)) as {
          panel: string;
          slack: number;
          line: number;
        }[];
        expect(panels.length).toBeGreaterThanOrEqual(4);
        for (const { panel, slack, line } of panels)
          expect(slack, `${panel} at ${width}`).toBeLessThanOrEqual(line);
        // The hosts with figures start their tiles on one line.
        const tops = await page
          .locator('kite-stats article.host .tiles')
          .evaluateAll((tiles) =>
            tiles.map((tile) => Math.round(tile.getBoundingClientRect().top)),
          );
        expect(tops.length).toBe(2);
        expect(new Set(tops).size, `tiles at ${width}: ${tops.join(', ')}`).toBe(1);
        // Three hosts do not fit side by side beside the aside: the stats stay across the page.
        const stats = await page.locator('kite-stats').boundingBox();
        const aside = await page.locator('main .aside').boundingBox();
        if (!stats || !aside) throw new Error(`panels not drawn at ${width}`);
        expect(stats.y, `stats below the aside at ${width}`).toBeGreaterThan(
          aside.y + aside.height,
        );
      } finally {
        await page.close();
      }
    }
  });

  it('with two hosts on a wide screen, puts the stats under the cards, beside the aside', async () => {
    twoHosts = true;
    try {
      for (const [width, height] of [
        [1366, 768],
        [1920, 1080],
      ] as const) {
        const page = await chromium.browser.newPage({ viewport: { width, height } });
        try {
          await page.goto(api.url, { waitUntil: 'load' });
          await expect
            .poll(() => page.locator('kite-stats article.host .tiles').count(), { timeout: 20_000 })
            .toBe(2);
          await page.locator('kite-commits li').first().waitFor({ timeout: 20_000 });
          const cards = await page.locator('kite-services').boundingBox();
          const stats = await page.locator('kite-stats').boundingBox();
          const aside = await page.locator('main .aside').boundingBox();
          if (!cards || !stats || !aside) throw new Error(`panels not drawn at ${width}`);
          expect(stats.x, `stats under the cards at ${width}`).toBeCloseTo(cards.x, 0);
          expect(
            stats.y - (cards.y + cards.height),
            `space above the stats at ${width}`,
          ).toBeLessThan(48);
          expect(stats.x + stats.width, `stats beside the aside at ${width}`).toBeLessThan(aside.x);
          // The two hosts still side by side, tiles on one line.
          const tops = await page
            .locator('kite-stats article.host .tiles')
            .evaluateAll((tiles) =>
              tiles.map((tile) => Math.round(tile.getBoundingClientRect().top)),
            );
          expect(new Set(tops).size, `tiles at ${width}: ${tops.join(', ')}`).toBe(1);
        } finally {
          await page.close();
        }
      }
    } finally {
      twoHosts = false;
    }
  });
});
