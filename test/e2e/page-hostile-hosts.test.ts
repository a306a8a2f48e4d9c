/**
 * The page isolates each host, in Chromium: a fake API on loopback serves the built page
 * and `/api/hosts` answers with one hostile peer beside two good hosts (Infinity in an
 * integer and in a float field, nulls, missing objects, strings where numbers belong,
 * entries of the wrong shape), one after another in the same page and then all at once. The
 * API's own check would refuse most of these; here they reach the page, which must draw the
 * hostile host on its own, throw nothing, and keep every good host visible and updating.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_CASES, hostsAnswerText, type HostileCase } from '../../fakes/hostile-hosts.js';
import { launchChromium, type LaunchedBrowser } from '../support/chromium.js';
import { startFakeApi, type FakeApi } from '../support/fake-api.js';
import { webDist } from '../support/portal-process.js';
import { canRun, chromiumBinary } from '../support/requirements.js';

const enabled = canRun('hostile hosts page e2e', chromiumBinary());
const GOOD = [{ name: 'monk', self: true }, { name: 'kscloud1' }];

describe.skipIf(!enabled)('one hostile host never takes the others off the page', () => {
  let api: FakeApi;
  let chromium: LaunchedBrowser;
  let page: Page;
  const pageErrors: string[] = [];
  let cases: readonly HostileCase[] = [];
  let tick = 0;

  beforeAll(async () => {
    if (!existsSync(path.join(webDist, 'index.html')))
      throw new Error('web/dist is missing: run `pnpm build` first');
    api = await startFakeApi({
      answers: {
        // Every answer a new reading, so a host that still updates shows a new figure.
        '/api/hosts': () => hostsAnswerText(GOOD, cases, ++tick, new Date().toISOString()),
      },
    });
    chromium = await launchChromium();
    page = await chromium.browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(api.url, { waitUntil: 'load' });
    await page.locator('kite-stats article.host').first().waitFor({ timeout: 20_000 });
  });

  afterAll(async () => {
    await chromium?.close();
    await api?.close();
  });

  const cpu = (name: string) =>
    page
      .locator(`kite-stats article.host[data-host="${name}"] [data-metric="cpu"]`)
      .textContent({ timeout: 5_000 })
      .catch(() => null);

  /** How many good hosts are on the page and show a new CPU figure within a few polls. */
  async function goodHostsUpdating(): Promise<number> {
    const before = await Promise.all(GOOD.map((host) => cpu(host.name)));
    const updated = new Set<string>();
    await expect
      .poll(
        async () => {
          const now = await Promise.all(GOOD.map((host) => cpu(host.name)));
          GOOD.forEach((host, i) => {
            if (now[i] !== null && before[i] !== null && now[i] !== before[i])
              updated.add(host.name);
          });
          return updated.size;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(GOOD.length)
      .catch(() => undefined);
    return updated.size;
  }

  async function hostileCard(hostile: HostileCase) {
    const card = page.locator(`kite-stats article.host[data-host="${hostile.name}"]`);
    if (hostile.expect === 'left out') {
      // Left out, while the good hosts are drawn from the same answer.
      await expect
        .poll(() => page.locator('kite-stats article.host').count(), { timeout: 20_000 })
        .toBe(GOOD.length);
      return 'left out';
    }
    await card.waitFor({ timeout: 20_000 });
    const said = ((await card.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(said).not.toMatch(/NaN|Infinity|undefined|\[object/);
    if (hostile.expect === 'unreadable') expect(said).toContain('Unreadable figures');
    else expect(said).toContain('—');
    return hostile.expect;
  }

  for (const hostile of HOSTILE_CASES) {
    it(`${hostile.name}: drawn on its own, every good host visible and updating`, async () => {
      cases = [hostile];
      const drawn = await hostileCard(hostile);
      const updating = await goodHostsUpdating();
      console.log(
        `[hostile hosts] ${hostile.name}: ${updating} of ${GOOD.length} good hosts visible and updating; the hostile one ${drawn}`,
      );
      expect(updating).toBe(GOOD.length);
      expect(pageErrors).toEqual([]);
    });
  }

  it('all hostile peers at once: the good hosts stay visible and updating', async () => {
    cases = HOSTILE_CASES;
    const drawn = HOSTILE_CASES.filter((hostile) => hostile.expect !== 'left out').length;
    await expect
      .poll(() => page.locator('kite-stats article.host').count(), { timeout: 20_000 })
      .toBe(GOOD.length + drawn);
    const updating = await goodHostsUpdating();
    console.log(
      `[hostile hosts] all ${HOSTILE_CASES.length} at once: ${updating} of ${GOOD.length} good hosts visible and updating`,
    );
    expect(updating).toBe(GOOD.length);
    expect(pageErrors).toEqual([]);
  });
});
