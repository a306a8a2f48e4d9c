import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../src/components/kite-app.js';
import type { KiteIncidents } from '../src/components/kite-incidents.js';
import { PANELS } from '../src/panels/index.js';
import { SLOTS } from '../src/panels/panel.js';
import { $, $$, mount } from './dom.js';
import { FakeNetwork, json } from './fakes.js';
import { activity, answerEverySource, incidents, status, weather } from './fixtures.js';
import { hosts, unreachable } from './host-fixtures.js';

/** Waits until `check` holds, re-rendering in between (real timers, bounded). */
async function until(check: () => boolean, tries = 50): Promise<void> {
  for (let i = 0; i < tries && !check(); i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe('kite-app', () => {
  let network: FakeNetwork;

  beforeEach(() => {
    network = new FakeNetwork()
      .route('services.json', {
        services: [{ name: 'Grafana', url: 'https://grafana.kitestacks.com' }],
      })
      .route('/api/hosts', hosts([{ name: 'vps', self: true }]))
      .route('/api/weather', { configured: false })
      .route('/api/activity', activity())
      .route('/api/status', status());
    vi.stubGlobal('fetch', network.fetch);
    // No EventSource here: the app polls.
    vi.stubGlobal('EventSource', undefined);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('feeds every panel from its controllers and hides the unconfigured one', async () => {
    const app = await mount('kite-app');
    const header = $(app, 'kite-header') as HTMLElement;
    const services = $(app, 'kite-services') as HTMLElement;
    const stats = $(app, 'kite-stats') as HTMLElement;
    const weatherPanel = $(app, 'kite-weather') as HTMLElement;
    const commits = $(app, 'kite-commits') as HTMLElement;

    await until(() => $(stats, '[data-metric="cpu"]') !== null);
    await until(() => $(services, '.status') !== null);
    await until(() => $(commits, 'li') !== null);
    expect($(header, '.served strong')?.textContent).toBe('vps');
    expect($(header, '.link')?.textContent?.trim()).toBe('Polling');
    expect($(services, 'a.card')?.getAttribute('href')).toBe('https://grafana.kitestacks.com/');
    expect($(services, '.status')?.textContent).toContain('Up');
    expect(weatherPanel.hidden).toBe(true);
    expect(network.count('services.json')).toBe(1);
    // This host's figures come with the hosts: the page never asks /api/metrics.
    expect(network.count('/api/hosts')).toBeGreaterThan(0);
    expect(network.count('/api/metrics')).toBe(0);
  });

  it('shows every host from /api/hosts, the serving one named in the header', async () => {
    const list = hosts([{ name: 'monk', self: true }, { name: 'kscloud1' }]);
    list.hosts.push(unreachable('samurai', '2026-11-26T20:55:00.000Z'));
    network.route('/api/hosts', list);
    const app = await mount('kite-app');
    const stats = $(app, 'kite-stats') as HTMLElement;
    await until(() => $$(stats, 'article.host').length === 3);
    expect($$(stats, 'article.host').map((a) => a.dataset.host)).toEqual([
      'monk',
      'kscloud1',
      'samurai',
    ]);
    expect($(stats, '[data-host="samurai"] .badge.down')).not.toBeNull();
    const header = $(app, 'kite-header') as HTMLElement;
    expect($(header, '.served strong')?.textContent).toBe('monk');
  });
});

describe('kite-app layout', () => {
  async function layout(options: { weather: boolean; commits: boolean; hostCount: number }) {
    const network = new FakeNetwork()
      .route('services.json', { services: [] })
      .route(
        '/api/hosts',
        hosts(
          ['monk', 'kscloud1', 'samurai']
            .slice(0, options.hostCount)
            .map((name, i) => ({ name, self: i === 0 })),
        ),
      )
      .route('/api/weather', options.weather ? weather() : { configured: false })
      .route('/api/activity', options.commits ? activity() : { configured: false, commits: [] })
      .route('/api/status', { configured: false });
    vi.stubGlobal('fetch', network.fetch);
    vi.stubGlobal('EventSource', undefined);
    const app = await mount('kite-app');
    const stats = $(app, 'kite-stats') as HTMLElement;
    await until(() => $$(stats, 'article.host').length === options.hostCount);
    await until(() => !$(app, 'main')?.classList.contains('loading'));
    const main = $(app, 'main') as HTMLElement;
    const aside = $(app, '.aside') as HTMLElement;
    // Let the configured flags arrive.
    await until(() => ($(app, 'kite-weather') as HTMLElement).hidden === !options.weather);
    await until(() => ($(app, 'kite-commits') as HTMLElement).hidden === !options.commits);
    return { classes: [...main.classList].sort(), asideHidden: aside.hidden };
  }

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('gives every combination of panels a layout without holes', async () => {
    // Up to two hosts fit beside the aside on a wide screen (`few-hosts`); three do not.
    for (const hostCount of [1, 3]) {
      expect(await layout({ weather: true, commits: true, hostCount })).toEqual({
        classes: hostCount <= 2 ? ['few-hosts', 'no-top'] : ['no-top'],
        asideHidden: false,
      });
    }
    expect(await layout({ weather: true, commits: false, hostCount: 2 })).toEqual({
      classes: ['few-hosts', 'no-top'],
      asideHidden: false,
    });
    // The Quick start: neither weather nor commits; the cards take the full width.
    expect(await layout({ weather: false, commits: false, hostCount: 1 })).toEqual({
      classes: ['few-hosts', 'no-aside', 'no-top'],
      asideHidden: true,
    });
    expect(await layout({ weather: false, commits: true, hostCount: 2 })).toEqual({
      classes: ['few-hosts', 'no-top'],
      asideHidden: false,
    });
  });
});

/** The classes that say which slots are empty (`no-top`, `no-aside`). */
function slotClasses(app: HTMLElement): string[] {
  return [...($(app, 'main') as HTMLElement).classList].filter((name) => name.startsWith('no-'));
}

describe('kite-app declared panels', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  async function page(incidentsAnswer: unknown) {
    const network = answerEverySource(new FakeNetwork())
      .route('services.json', { services: [] })
      .route('/api/incidents', incidentsAnswer);
    vi.stubGlobal('fetch', network.fetch);
    vi.stubGlobal('EventSource', undefined);
    const app = await mount('kite-app');
    await until(() => $$($(app, 'kite-commits') as HTMLElement, 'li').length > 0);
    return app;
  }

  it('puts each panel in the slot its declaration names: incidents above the status line', async () => {
    const app = await page(incidents());
    const panel = $(app, '.slot.top > kite-incidents') as HTMLElement;
    await until(() => !panel.hidden && $$(panel, 'li.incident').length === 2);
    expect(($(app, '.slot.top') as HTMLElement).hidden).toBe(false);
    const order = [...($(app, 'main') as HTMLElement).children].map((el) =>
      el.classList.contains('slot') ? `slot ${[...el.classList].at(-1)}` : el.tagName.toLowerCase(),
    );
    expect(order).toEqual([
      'slot top',
      'kite-summary',
      'kite-services',
      'kite-stats',
      'slot aside',
    ]);
    // Each slot holds its panels in the order of the list.
    for (const slot of SLOTS)
      expect($$(app, `.slot.${slot} > *`).map((el) => el.tagName.toLowerCase())).toEqual(
        PANELS.filter((panel) => panel.slot === slot).map((panel) => panel.element),
      );
    expect(slotClasses(app)).toEqual([]);
  });

  it('gives the incidents no room when there are none, or the API has no such source', async () => {
    for (const answer of [
      incidents({ incidents: [] }),
      { configured: false, incidents: [] },
      json({ error: { code: 'not_found', message: 'Route GET:/api/incidents not found' } }, 404),
    ]) {
      const app = await page(answer);
      const panel = $(app, 'kite-incidents') as KiteIncidents;
      await until(() => panel.state.phase !== 'loading');
      expect(($(app, '.slot.top') as HTMLElement).hidden).toBe(true);
      expect(($(app, 'kite-incidents') as HTMLElement).hidden).toBe(true);
      expect(slotClasses(app)).toEqual(['no-top']);
    }
  });
});

describe('kite-app offline', () => {
  beforeEach(() => {
    vi.useFakeTimers({
      now: Date.parse('2026-11-26T21:00:00.000Z'),
      toFake: ['Date', 'setTimeout', 'clearTimeout'],
    });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('shows one banner with the true age while the API is gone, and is back within 5 s of its return', async () => {
    const network = new FakeNetwork()
      .route('services.json', {
        services: [{ name: 'Grafana', url: 'https://grafana.kitestacks.com' }],
      })
      .route('/api/hosts', () => json(hosts([{ name: 'monk', self: true }])))
      .route('/api/weather', weather())
      .route('/api/activity', activity())
      .route('/api/status', status());
    vi.stubGlobal('fetch', network.fetch);
    vi.stubGlobal('EventSource', undefined);
    const app = await mount('kite-app');
    await vi.advanceTimersByTimeAsync(0);
    const banner = $(app, 'kite-offline') as HTMLElement;
    const words = () => ($(banner, '.offline-banner')?.textContent ?? '').replace(/\s+/g, ' ');
    expect(banner.hidden).toBe(true);

    network.down = true;
    // The next poll fails (within 2 s) and so does its retry (within 1 s more), with nothing
    // answering between: the API is gone, not merely busy.
    await vi.advanceTimersByTimeAsync(3_000);
    expect(banner.hidden).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(words()).toContain('API unreachable for 1 min');
    // One banner; panels with data only date it, and nothing says "just now". Each is
    // "Stale" only past its own freshness rule (the figures' 10 s, the commits' 2 min, which
    // the commits fetched at 20:59 pass at their next tick);
    // the weather, fetched 11 min ago under a 30 min rule, says its age quietly.
    const panels = ['kite-stats', 'kite-weather', 'kite-commits'].map(
      (tag) => $(app, tag) as HTMLElement,
    );
    for (const panel of panels)
      expect(panel.shadowRoot?.textContent).not.toMatch(/just now|not answering/);
    const [stats, weatherPanel, commits] = panels as [HTMLElement, HTMLElement, HTMLElement];
    expect($(stats, '.stale-mark')?.textContent).toMatch(/Stale · 1 min old/);
    expect($(weatherPanel, '.stale-mark')).toBeNull();
    expect($(weatherPanel, '.age-note')?.textContent).toBe('updated 11 min ago');
    expect($(commits, '.stale-mark')).toBeNull();
    expect($(commits, '.age-note')?.textContent).toBe('updated 2 min ago');
    await vi.advanceTimersByTimeAsync(30_000);
    expect($(commits, '.stale-mark')?.textContent).toMatch(/Stale · 2 min old/);
    // The cards still link.
    expect($($(app, 'kite-services') as HTMLElement, 'a.card')?.getAttribute('href')).toBe(
      'https://grafana.kitestacks.com/',
    );

    network.down = false;
    const back = Date.now();
    while (!banner.hidden && Date.now() - back < 10_000) await vi.advanceTimersByTimeAsync(250);
    expect(Date.now() - back).toBeLessThanOrEqual(5_000);
    expect($($(app, 'kite-stats') as HTMLElement, '.stale-mark')).toBeNull();
    expect($($(app, 'kite-header') as HTMLElement, '.link')?.textContent?.trim()).toBe('Polling');
  });
});
