/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), started with
 * the flags a closed network needs (`scripts/lib/chromium-flags.ts`). Playwright gives
 * every launch a fresh temporary profile of its own (it refuses a --user-data-dir flag on
 * launch()).
 */
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../scripts/lib/chromium-flags.js';
import { chromiumBinary } from './requirements.js';

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedBrowser> {
  const browser = await chromium.launch({
    executablePath: chromiumBinary().path || '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}
