/** What "live stats" means on the page, checked the same way wherever the page is served. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The serving host's sparkline grows with each sample, and its figures read as a host's. */
export async function expectLiveStats(page: Page, timeoutMs = 20_000): Promise<void> {
  const points = () =>
    page
      .locator('kite-stats .spark polyline')
      .first()
      .evaluate((line) => line.getAttribute('points')?.split(' ').length ?? 0);
  const before = await points();
  await expect.poll(points, { timeout: timeoutMs }).toBeGreaterThan(Math.max(before, 2));
  expect(await page.locator('kite-stats [data-metric="cpu"]').first().textContent()).toMatch(
    /^\d+(\.\d)?%$/,
  );
  expect(await page.locator('kite-stats .disks li').count()).toBeGreaterThan(0);
}
