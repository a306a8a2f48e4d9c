/**
 * The cards, commits and weather panels in Debian's Chromium, against the embedded portal
 * and the fake upstreams: the filter by keyboard alone, uptime and response time on the
 * cards, one fixed commit row, an old weather observation marked, a right-to-left override
 * in an author's name that cannot reorder the byline, and the compact phone layout.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgejoData, startFakes, type Fakes } from '../../fakes/index.js';
import { launchChromium, type LaunchedBrowser } from '../support/chromium.js';
import { repoRoot, startPortal, webDist, type PortalProcess } from '../support/portal-process.js';
import { canRun, chromiumBinary } from '../support/requirements.js';

const enabled = canRun('page panels e2e', chromiumBinary());

/** The newest commit's author carries a right-to-left override, as in the review. */
const RLO_AUTHOR = 'mallory\u202E';

describe.skipIf(!enabled)('the panels in Chromium (embedded portal, fake upstreams)', () => {
  let fakes: Fakes;
  let portal: PortalProcess;
  let chromium: LaunchedBrowser;

  async function open(options: BrowserContextOptions = {}): Promise<{
    page: Page;
    close(): Promise<void>;
  }> {
    const context = await chromium.browser.newContext({
      viewport: { width: 1366, height: 900 },
      reducedMotion: 'reduce',
      ...options,
    });
    const page = await context.newPage();
    await page.goto(portal.url, { waitUntil: 'load' });
    await page.locator('kite-commits li').first().waitFor({ timeout: 20_000 });
    await page.locator('kite-weather .temp').waitFor({ timeout: 20_000 });
    await expect
      .poll(() => page.locator('kite-services .status').count(), { timeout: 20_000 })
      .toBe(11);
    return { page, close: () => context.close() };
  }

  /** The element that has the focus, through every shadow root. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      let element = document.activeElement;
      while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
      return element ? `${element.tagName.toLowerCase()}.${element.className}` : null;
    });

  beforeAll(async () => {
    if (!existsSync(path.join(webDist, 'index.html')))
      throw new Error('web/dist is missing: run `pnpm build` first');
    const data = forgejoData({ dataset: 'rich' });
    const newest = data.repos.find((repo) => !repo.private && repo.commits.length > 0);
    const commit = newest?.commits[0];
    if (!commit) throw new Error('the rich data set has no public commit');
    commit.authorName = RLO_AUTHOR;
    commit.authorEmail = 'mallory@nowhere.example';
    commit.login = null;
    // Three minutes ago, so it is the newest commit of all and heads the panel.
    commit.timeMs = Date.now() - 3 * 60_000;
    if (newest) newest.updatedMs = Math.max(newest.updatedMs, commit.timeMs);
    data.repos.sort((a, b) => b.updatedMs - a.updatedMs);
    fakes = await startFakes({ dataset: 'rich', forgejo: { data } });
    portal = await startPortal({ env: fakes.env });
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await portal?.stop();
    await fakes?.close();
  });

  it('filters the cards from the keyboard alone: / to focus, type, Escape to clear', async () => {
    const { page, close } = await open();
    try {
      await page.keyboard.press('/');
      expect(await focused(page)).toBe('input.');
      await page.keyboard.type('graf');
      await expect
        .poll(() => page.locator('kite-services a.card .name').allTextContents())
        .toEqual(['Grafana']);
      expect(await page.locator('kite-services #services-count').textContent()).toBe(
        '1 of 11 match',
      );
      // "/" typed into the field is text, not the shortcut.
      await page.keyboard.type('/x');
      expect(await page.locator('kite-services input').inputValue()).toBe('graf/x');
      expect(await page.locator('kite-services .empty').textContent()).toBe(
        'No service matches “graf/x”.',
      );
      await page.keyboard.press('Escape');
      expect(await page.locator('kite-services input').inputValue()).toBe('');
      expect(await page.locator('kite-services a.card').count()).toBe(11);
      // ↓ goes to the first match, whose focus ring shows.
      await page.keyboard.type('wiki');
      await page.keyboard.press('ArrowDown');
      expect(await focused(page)).toMatch(/^a\.card/);
      const outline = await page
        .locator('kite-services a.card')
        .first()
        .evaluate((card) => getComputedStyle(card).outlineStyle);
      expect(outline).toBe('solid');
    } finally {
      await close();
    }
  });

  it('shows 24 h uptime and response time next to the status word', async () => {
    const { page, close } = await open();
    try {
      const lines = await page.locator('kite-services .status-line').evaluateAll((all) =>
        all.map((line) => {
          // What is seen: each part's text without its screen-reader words.
          const seen = (selector: string) => {
            const part = line.querySelector(selector);
            if (!part) return null;
            const copy = part.cloneNode(true) as Element;
            for (const hidden of copy.querySelectorAll('.sr-only')) hidden.remove();
            return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
          };
          return {
            word: seen('.status'),
            uptime: seen('.uptime'),
            ping: seen('.ping'),
            tops: [...line.children].map((child) => Math.round(child.getBoundingClientRect().top)),
          };
        }),
      );
      const up = lines.filter((line) => line.word === 'Up');
      expect(up.length).toBeGreaterThan(5);
      for (const line of up) {
        expect(line.uptime).toMatch(/^\d+(\.\d)?%24h$/);
        expect(line.ping).toMatch(/^\d+ ms$/);
        // Word and figures on one line at this width.
        expect(Math.max(...line.tops) - Math.min(...line.tops), JSON.stringify(line)).toBeLessThan(
          6,
        );
      }
      // Never checked: the word alone.
      const unknown = lines.find((line) => line.word === 'Unknown');
      expect(unknown).toMatchObject({ uptime: null, ping: null });
    } finally {
      await close();
    }
  });

  it('draws every commit as the message then one byline: repo · id · author · age', async () => {
    const { page, close } = await open();
    try {
      const rows = await page.locator('kite-commits li').evaluateAll((items) =>
        items.map((item) => {
          const byline = item.querySelector('.byline') as HTMLElement;
          const lineHeight = parseFloat(getComputedStyle(byline).lineHeight);
          const underline = getComputedStyle(item.querySelector('a') as Element).textDecorationLine;
          return {
            parts: [...byline.children].map((child) => child.className || child.tagName),
            oneLine: byline.getBoundingClientRect().height <= lineHeight + 1,
            underline,
          };
        }),
      );
      expect(rows.length).toBeGreaterThan(5);
      for (const row of rows) {
        expect(row.parts).toEqual(['repo', 'sha', 'author', 'TIME']);
        expect(row.oneLine).toBe(true);
        expect(row.underline).toBe('none');
      }
      // The underline comes with the focus.
      const link = page.locator('kite-commits .message a').first();
      await link.focus();
      expect(await link.evaluate((a) => getComputedStyle(a).textDecorationLine)).toBe('underline');
    } finally {
      await close();
    }
  });

  it('keeps the age after a right-to-left author, reading left to right', async () => {
    const { page, close } = await open();
    try {
      const row = page.locator('kite-commits li', { has: page.locator('.author') }).filter({
        hasText: 'mallory',
      });
      await row.first().waitFor({ timeout: 10_000 });
      const layout = await row.first().evaluate((item) => {
        const box = (selector: string) => {
          const element = item.querySelector(selector) as Element;
          const rect = element.getBoundingClientRect();
          return { left: rect.left, right: rect.right };
        };
        const time = item.querySelector('time') as HTMLElement;
        const walker = document.createTreeWalker(time, NodeFilter.SHOW_TEXT);
        let text = walker.nextNode() as Text;
        while (!text.data.trim()) text = walker.nextNode() as Text;
        const charAt = (index: number) => {
          const range = document.createRange();
          range.setStart(text, index);
          range.setEnd(text, index + 1);
          return range.getBoundingClientRect().left;
        };
        return {
          author: box('.author'),
          time: box('time'),
          sha: box('.sha'),
          ageText: text.data,
          firstChar: charAt(0),
          lastChar: charAt(text.data.length - 1),
        };
      });
      expect(layout.ageText).toMatch(/ago$|just now/);
      expect(layout.sha.right).toBeLessThanOrEqual(layout.author.left + 1);
      expect(layout.author.right).toBeLessThanOrEqual(layout.time.left + 1);
      // The age's own letters run left to right: "3 minutes ago", not "oga setunim 3".
      expect(layout.firstChar).toBeLessThan(layout.lastChar);
    } finally {
      await close();
    }
  });

  it('marks the recorded months-old weather observation as old', async () => {
    const { page, close } = await open();
    try {
      const observed = await page.locator('kite-weather .observed dd').innerText();
      // The recording is from April 2026: months ago today, "last year" or years ago later.
      expect(observed.replace(/\s+/g, ' ')).toMatch(
        /(\d+ (months|years) ago|last (month|year)) OLD OBSERVATION/,
      );
    } finally {
      await close();
    }
  });

  it('gives a 360 px phone a compact header and short card rows, axe still clean', async () => {
    const { page, close } = await open({
      viewport: { width: 360, height: 780 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const header = await page
        .locator('kite-header header')
        .evaluate((el) => el.getBoundingClientRect().height);
      expect(header).toBeLessThanOrEqual(90);
      const cards = await page
        .locator('kite-services a.card')
        .evaluateAll((all) => all.map((card) => card.getBoundingClientRect().height));
      expect(Math.max(...cards)).toBeLessThanOrEqual(100);
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);

      // The filter's empty state passes axe too.
      await page.locator('kite-services input').fill('nothing like this');
      await page.locator('kite-services .empty').waitFor();
      const axeSource = readFileSync(
        path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'),
        'utf8',
      );
      await page.evaluate(axeSource);
      const serious = await page.evaluate(async () => {
        type Result = { violations: { id: string; impact: string }[] };
        const axe = (
          window as unknown as { axe: { run(context: unknown, options: unknown): Promise<Result> } }
        ).axe;
        const result = await axe.run(document, {
          runOnly: {
            type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'],
          },
        });
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => v.id);
      });
      expect(serious).toEqual([]);
    } finally {
      await close();
    }
  });
});
