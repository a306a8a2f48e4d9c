import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../src/components/kite-app.js';
import { $, mount } from './dom.js';
import { FakeNetwork } from './fakes.js';
import { activity, metrics, status } from './fixtures.js';

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
      .route('/api/metrics', metrics({ hostname: 'vps' }))
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
  });
});
