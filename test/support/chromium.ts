/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), started with
 * the flags a closed network needs. Playwright gives every launch a fresh temporary
 * profile of its own (it refuses a --user-data-dir flag on launch()).
 */
import { chromium, type Browser } from 'playwright-core';
import { chromiumBinary } from './requirements.js';

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** What a closed network needs: no first-run work, no background calls home, no QUIC. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

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
