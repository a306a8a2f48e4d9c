import { describe, expect, it } from 'vitest';
import '../src/components/kite-stats.js';
import { $, $$, mount, text } from './dom.js';
import { failed, metrics, ready, unconfigured } from './fixtures.js';

describe('kite-stats', () => {
  it('draws a loading skeleton before the first sample', async () => {
    const el = await mount('kite-stats');
    expect($(el, '.skeleton')?.getAttribute('role')).toBe('status');
    expect($(el, 'section')?.getAttribute('aria-busy')).toBe('true');
    expect($(el, '[data-metric]')).toBeNull();
  });

  it('shows CPU, memory, network, uptime, load and disks with sparklines', async () => {
    const history = [0, 1, 2].map((i) => ({
      at: i,
      cpu: 10 + i,
      memory: 37,
      rx: 1000 * i,
      tx: 500,
    }));
    const el = await mount('kite-stats', { state: ready(metrics()), history });
    expect($(el, '[data-metric="cpu"]')?.textContent).toBe('12%');
    expect($(el, '[data-metric="memory"]')?.textContent).toBe('38%');
    expect(text(el)).toContain('12.0 GiB of 32.0 GiB');
    expect($(el, '[data-metric="network"]')?.textContent).toMatch(
      /1\.50 KiB\/s[\s\S]*2\.00 MiB\/s/,
    );
    expect($(el, '[data-metric="uptime"]')?.textContent).toBe('3d 4h');
    expect(text(el)).toContain('load 0.52 0.61 0.70');
    expect(text(el)).toContain('monk · Debian GNU/Linux 12');
    expect($$(el, '.disks li')).toHaveLength(2);
    // A nearly full disk is flagged.
    expect($$(el, '.bar.hot')).toHaveLength(1);
    // CPU, memory and network each draw their history; network has two lines.
    expect($$(el, 'svg.spark')).toHaveLength(3);
    expect($$(el, 'polyline')).toHaveLength(4);
    expect($(el, '.notice')).toBeNull();
    expect($(el, '.offline-banner')).toBeNull();
  });

  it('marks stale data with a notice and keeps the values', async () => {
    const el = await mount('kite-stats', {
      state: ready(metrics(), { stale: true, error: 'no answer in time' }),
    });
    expect($(el, '.notice')?.textContent).toMatch(/Stale: .*no answer in time/);
    expect($(el, '[data-metric="cpu"]')?.textContent).toBe('12%');
  });

  it('says what is missing when the first request failed', async () => {
    const el = await mount('kite-stats', { state: failed('HTTP 500') });
    expect($(el, '.problem')?.textContent).toMatch(/Unavailable.*host stats: HTTP 500/s);
    expect($(el, '[data-metric]')).toBeNull();
  });

  it('says "offline" over the last values when the API is gone', async () => {
    const el = await mount('kite-stats', {
      state: ready(metrics(), { stale: true }),
      offline: true,
    });
    expect($(el, '.offline-banner')?.textContent).toMatch(
      /Offline.*not answering.*Last sample at/s,
    );
    expect($(el, '.tiles')?.classList.contains('dimmed')).toBe(true);
    expect($(el, '[data-metric="cpu"]')?.textContent).toBe('12%');
  });

  it('says "offline" with nothing to show when the API was never reached', async () => {
    const el = await mount('kite-stats', { state: failed('not reachable'), offline: true });
    expect($(el, '.offline-banner')?.textContent).toContain('No stats yet');
    expect($(el, '.problem')).toBeNull();
  });

  it('hides itself when its source is not configured', async () => {
    const el = await mount('kite-stats', { state: unconfigured() });
    expect(el.hidden).toBe(true);
  });
});
