/**
 * The page as shipped: bytes a first visit downloads (HTML + JS + CSS gzipped, fonts as
 * they are), and the time from navigation to the first live figure (and to every panel
 * filled) in headless Chromium against the embedded portal on loopback, fake upstreams
 * behind it, a fresh browser context (cold cache) per run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startFakes } from '../../../fakes/index.js';
import { launchChromium } from '../../support/chromium.js';
import { webDist } from '../../support/portal-process.js';
import { chromiumBinary } from '../../support/requirements.js';
import type { BenchContext, Suite } from '../lib/context.js';
import { startMeasuredPortal } from '../lib/portal.js';
import { fmt, goal, info, skipped, type Row } from '../lib/report.js';

const GOAL_CODE_GZIP = 50 * 1024;
const GOAL_FONTS = 120 * 1024;
const RUNS = 5;

/** Panels and the element that shows each one has data: [host tag, selector inside it]. */
const FIRST_DATA: [string, string] = ['kite-stats', '[data-metric="cpu"]'];
const ALL_PANELS: [string, string][] = [
  FIRST_DATA,
  ['kite-weather', '.temp'],
  ['kite-commits', 'li'],
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

function weight(): { code: number; fonts: number; other: number } {
  let code = 0;
  let fonts = 0;
  let other = 0;
  for (const file of files(webDist)) {
    if (/\.(gz|br|map)$/.test(file)) continue;
    if (/\.(html|js|css)$/.test(file)) code += gzipSync(readFileSync(file), { level: 9 }).length;
    else if (/\.(woff2?|ttf|otf)$/.test(file)) fonts += statSync(file).size;
    else other += statSync(file).size;
  }
  return { code, fonts, other };
}

/**
 * Runs in the page: performance.now() once every target shows text, else false. Built with
 * `new Function` because the bench runs through a transpiler whose helpers (`__name`) would
 * be serialised with an ordinary function and do not exist in the browser.
 */
const filledAt = new Function(
  'targets',
  `const deep = (root, selector) => {
    const hit = root.querySelector(selector);
    if (hit) return hit;
    for (const element of root.querySelectorAll('*')) {
      const inner = element.shadowRoot ? deep(element.shadowRoot, selector) : null;
      if (inner) return inner;
    }
    return null;
  };
  const filled = targets.every(([host, selector]) => {
    const found = deep(document, host)?.shadowRoot?.querySelector(selector);
    return Boolean(found && found.textContent.trim());
  });
  return filled ? performance.now() : false;`,
) as (targets: [string, string][]) => number | false;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export const pageSuite: Suite = {
  id: 'page',
  about: 'page weight from web/dist; time to first data in headless Chromium',
  async run(ctx: BenchContext): Promise<Row[]> {
    const { code, fonts, other } = weight();
    const rows: Row[] = [
      goal(
        'Page weight: HTML + JS + CSS, gzip -9',
        fmt.kib(code),
        `≤ ${fmt.kib(GOAL_CODE_GZIP)}`,
        code <= GOAL_CODE_GZIP,
      ),
      goal('Page weight: fonts', fmt.kib(fonts), `≤ ${fmt.kib(GOAL_FONTS)}`, fonts <= GOAL_FONTS),
      info('Page weight: everything else in web/dist (icons, services.json)', fmt.kib(other)),
    ];
    if (!chromiumBinary().ok)
      return [...rows, skipped('Time to first data', chromiumBinary().reason)];

    const fakes = await startFakes({ dataset: 'rich' });
    ctx.own({ stop: () => fakes.close() });
    const portal = await startMeasuredPortal(ctx, fakes.env);
    // Warm the upstream caches: this measures the page and the API, not the fakes.
    await Promise.all(
      ['/api/weather', '/api/activity', '/api/status'].map((p) =>
        fetch(portal.url + p).then((r) => r.arrayBuffer()),
      ),
    );
    const chromium = await launchChromium();
    ctx.own({ stop: () => chromium.close() });

    const first: number[] = [];
    const all: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await chromium.browser.newContext({ viewport: { width: 1440, height: 900 } });
      try {
        const page = await context.newPage();
        await page.goto(portal.url, { waitUntil: 'commit' });
        // performance.now() in the page counts from the start of the navigation.
        const shown = (targets: [string, string][]) =>
          page
            .waitForFunction(filledAt, targets, { polling: 'raf', timeout: 20_000 })
            .then((handle) => handle.jsonValue() as Promise<number>);
        first.push(await shown([FIRST_DATA]));
        all.push(await shown(ALL_PANELS));
      } finally {
        await context.close();
      }
    }
    rows.push(
      info(
        `Time to first data (live stats), headless Chromium, embedded portal, ${RUNS} cold loads`,
        `median ${fmt.ms(median(first))} (${first.map((ms) => Math.round(ms)).join(', ')} ms)`,
      ),
      info('Time to every panel filled (stats, weather, commits)', `median ${fmt.ms(median(all))}`),
    );
    return rows;
  },
};
