/**
 * `pnpm screenshot`: the README's picture of the page, from the demo's data, so it stays
 * current. Starts the demo (fake upstreams + the production API on a free port), opens the
 * page in Debian's Chromium once every panel shows live data, and writes docs/screenshot.png
 * at 1366×900.
 *
 *   pnpm screenshot                                  # docs/screenshot.png
 *   pnpm screenshot --width 360 --full --out a.png   # a phone, the whole page
 *   pnpm screenshot --bare --out light.png           # nothing configured (the Quick start)
 *
 * Options: --width N, --height N, --full (the whole page, not one screen), --bare (no
 * upstreams), --stale activity|status (break a source first), --out FILE, --levels N (steps
 * per colour channel, 52 by default, which keeps the README's picture small; 256 leaves
 * Chromium's PNG as it is).
 * CHROMIUM overrides the browser (default /usr/bin/chromium).
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from './lib/chromium-flags.js';
import { freePort } from './lib/ports.js';
import { encodePng } from './lib/png.js';
import { buildIfMissing, repoRoot, startDemo, type StaleSource } from './lib/demo.js';

/** True once no element in any shadow root is a skeleton or marked busy. */
const NOTHING_LOADING = `(() => {
  const busy = (root) => [...root.querySelectorAll('*')].some((element) =>
    element.matches('.skeleton, [aria-busy="true"]') || (element.shadowRoot && busy(element.shadowRoot)));
  return !busy(document);
})()`;

const { values } = parseArgs({
  options: {
    width: { type: 'string', default: '1366' },
    height: { type: 'string', default: '900' },
    full: { type: 'boolean', default: false },
    bare: { type: 'boolean', default: false },
    stale: { type: 'string', default: 'none' },
    out: { type: 'string', default: path.join('docs', 'screenshot.png') },
    levels: { type: 'string', default: '52' },
  },
});
const width = Number(values.width);
const height = Number(values.height);
if (!Number.isInteger(width) || !Number.isInteger(height) || width < 200 || height < 200) {
  console.error('screenshot: --width and --height take whole numbers of pixels (200 or more)');
  process.exit(2);
}
if (!['none', 'activity', 'status'].includes(values.stale)) {
  console.error('screenshot: --stale takes activity, status or none');
  process.exit(2);
}
const levels = Number(values.levels);
if (!Number.isInteger(levels) || levels < 2 || levels > 256) {
  console.error('screenshot: --levels takes a whole number from 2 to 256');
  process.exit(2);
}
const out = path.resolve(repoRoot, values.out);

buildIfMissing();
const demo = await startDemo({
  port: await freePort(),
  bare: values.bare,
  stale: values.stale as StaleSource,
  apiOutput: 'ignore',
  // Samples every second, so the sparklines have a history by the time of the picture.
  env: { METRICS_INTERVAL_S: '1', LOG_LEVEL: 'warn' },
});
const profile = mkdtempSync(path.join(tmpdir(), 'kite-shot-'));
try {
  // A fresh profile each run (it is the --user-data-dir): nothing cached, nothing remembered.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width, height },
    deviceScaleFactor: 1,
    isMobile: width < 500,
    hasTouch: width < 500,
    // The glitch and flicker are frozen, so every run draws the same picture.
    reducedMotion: 'reduce',
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${demo.url}/`, { waitUntil: 'load' });
    await settled(page, !values.bare);
    // A few more samples for the sparklines, then the picture.
    await page.waitForTimeout(8_000);
    mkdirSync(path.dirname(out), { recursive: true });
    const shot = await page.screenshot({ fullPage: values.full });
    writeFileSync(out, levels < 256 ? await posterise(context, shot, levels) : shot);
    console.log(
      `screenshot: ${path.relative(process.cwd(), out)} (${width}×${height}${values.full ? ', whole page' : ''}, ${Math.round(statSync(out).size / 1024)} KiB)`,
    );
  } finally {
    await context.close();
  }
} finally {
  rmSync(profile, { recursive: true, force: true });
  await demo.close();
}

/** Every panel has drawn its data: no skeleton left, the link is live, the cards have status. */
async function settled(page: Page, withSources: boolean): Promise<void> {
  await page.locator('kite-header .link.live').waitFor({ timeout: 30_000 });
  await page.locator('kite-services a.card').first().waitFor({ timeout: 10_000 });
  if (withSources) {
    const deadline = Date.now() + 30_000;
    while ((await page.locator('kite-services .status').count()) < 11) {
      if (Date.now() > deadline) throw new Error('the cards did not get their status in 30 s');
      await page.waitForTimeout(250);
    }
  }
  // A string, not a function: the page runs it as written (no bundler helpers inside).
  await page.waitForFunction(NOTHING_LOADING, undefined, { timeout: 30_000 });
}

/** Chromium's PNG with each channel rounded to `levels` steps, re-encoded (see lib/png.ts). */
async function posterise(context: BrowserContext, png: Buffer, levels: number): Promise<Buffer> {
  const page = await context.newPage();
  try {
    // A blank page decodes the picture in a canvas; the raw pixels come back as base64.
    const {
      width: w,
      height: h,
      pixels,
    } = await page.evaluate(async (source) => {
      const image = new Image();
      image.src = `data:image/png;base64,${source}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context2d = canvas.getContext('2d');
      if (!context2d) throw new Error('no 2d canvas');
      context2d.drawImage(image, 0, 0);
      const data = context2d.getImageData(0, 0, image.width, image.height).data;
      let binary = '';
      for (let i = 0; i < data.length; i += 0x8000)
        binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
      return { width: image.width, height: image.height, pixels: btoa(binary) };
    }, png.toString('base64'));
    return encodePng(Buffer.from(pixels, 'base64'), w, h, levels);
  } finally {
    await page.close();
  }
}
