import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../src/components/kite-stats.js';
import type { HostList } from '../src/controllers/hosts-view.js';
import type { SourceState } from '../src/controllers/source-state.js';
import { $, $$, mount, text, update } from './dom.js';
import { FakeNetwork } from './fakes.js';
import { failed, metrics, ready, unconfigured } from './fixtures.js';
import { host, unreachable } from './host-fixtures.js';

const NOW = Date.parse('2026-11-26T21:00:00.000Z');

function at(secondsAgo: number): string {
  return new Date(NOW - secondsAgo * 1000).toISOString();
}

function list(...hosts: HostList): SourceState<HostList> {
  return ready(hosts);
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  // The panel asks /api/history once; here nothing answers it (404), as from an older API.
  vi.stubGlobal('fetch', new FakeNetwork().fetch);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('kite-stats', () => {
  it('draws a loading skeleton before the first sample', async () => {
    const el = await mount('kite-stats');
    expect($(el, '.skeleton')?.getAttribute('role')).toBe('status');
    expect($(el, 'section')?.getAttribute('aria-busy')).toBe('true');
    expect($(el, '[data-metric]')).toBeNull();
  });

  it('shows CPU, memory, network, uptime, load and disks of one host, marked as serving', async () => {
    const el = await mount('kite-stats', { state: list(host({ name: 'monk', self: true })) });
    expect($$(el, 'article.host')).toHaveLength(1);
    expect($(el, '.host h3')?.textContent).toBe('monk');
    expect($(el, '.badge.served')?.textContent).toBe('served by');
    expect($(el, '[data-metric="cpu"]')?.textContent).toBe('12%');
    expect($(el, '[data-metric="memory"]')?.textContent).toBe('38%');
    expect(text(el)).toContain('12.0 GiB of 32.0 GiB');
    expect($(el, '[data-metric="network"]')?.textContent).toMatch(
      /1\.50 KiB\/s[\s\S]*2\.00 MiB\/s/,
    );
    expect(text(el)).toContain('up 3d 4h');
    expect(text(el)).toContain('load 0.52 0.61 0.70');
    expect($$(el, '.disks li')).toHaveLength(2);
    // A nearly full disk is flagged.
    expect($$(el, '.disks .bar.hot')).toHaveLength(1);
    expect($(el, '.notice')).toBeNull();
    expect($(el, '.host-notice')).toBeNull();
  });

  it('draws CPU on a labelled 0–100 % scale and network up to a labelled round maximum', async () => {
    const el = await mount('kite-stats');
    for (let i = 0; i <= 3; i++) {
      const sample = metrics({ cpu: 10 * i, sampledAt: at(-2 * i) });
      sample.network.rx_bytes_per_s = 300 * 1024 * i;
      sample.network.tx_bytes_per_s = 1024;
      await update(el, { state: list(host({ name: 'monk', self: true, metrics: sample })) });
    }
    const charts = $$(el, '.chart');
    // CPU and network; memory shows bars for what moves (used, swap), not a flat line.
    expect(charts).toHaveLength(2);
    expect(charts[0]?.getAttribute('aria-hidden')).toBe('true');
    expect(charts.map((chart) => chart.querySelector('.scale.top')?.textContent)).toEqual([
      '100%',
      '1 MiB/s',
    ]);
    expect(charts.map((chart) => chart.querySelector('.scale.bottom')?.textContent)).toEqual([
      '0',
      '0',
    ]);
    // Four readings (the first, then three): one CPU line and two network lines.
    const cpu = $$(el, '.cpu polyline');
    expect(cpu).toHaveLength(1);
    expect(cpu[0]?.getAttribute('points')?.split(' ')).toHaveLength(4);
    expect($$(el, '.net polyline')).toHaveLength(2);
    expect($(el, '.mem .chart')).toBeNull();
    expect($$(el, '.mem .bar')).toHaveLength(1);
  });

  it('keeps an idle link flat: a few bytes never fill the network chart', async () => {
    const idle = metrics({ sampledAt: at(0) });
    idle.network.rx_bytes_per_s = 40;
    idle.network.tx_bytes_per_s = 0;
    const el = await mount('kite-stats', { state: list(host({ name: 'monk', metrics: idle })) });
    expect($(el, '.net .scale.top')?.textContent).toBe('10 KiB/s');
  });

  it('shows swap when the host has it', async () => {
    const m = metrics();
    m.memory.swap_total_bytes = 4 * 1024 ** 3;
    m.memory.swap_used_bytes = 1024 ** 3;
    const el = await mount('kite-stats', { state: list(host({ name: 'monk', metrics: m })) });
    expect($$(el, '.mem .bar')).toHaveLength(2);
    expect(text(el)).toContain('swap 1.00 GiB of 4.00 GiB');
  });

  it('keeps history per host name, each on its own line', async () => {
    const el = await mount('kite-stats');
    for (let i = 0; i < 3; i++) {
      await update(el, {
        state: list(
          host({ name: 'monk', self: true, cpu: 10 + i, fetched_at: at(-2 * i) }),
          host({ name: 'kscloud1', cpu: 80, fetched_at: at(0) }),
        ),
      });
    }
    const [monk, cloud] = $$(el, 'article.host');
    expect(monk?.querySelector('.cpu polyline')?.getAttribute('points')?.split(' ')).toHaveLength(
      3,
    );
    // The peer's reading did not change: one sample, no line yet.
    expect(cloud?.querySelector('.cpu polyline')).toBeNull();
  });

  it('shows two and three hosts, the serving one first, and counts them', async () => {
    const el = await mount('kite-stats', {
      state: list(host({ name: 'monk', self: true }), host({ name: 'kscloud1' })),
    });
    expect($$(el, 'article.host').map((a) => a.dataset.host)).toEqual(['monk', 'kscloud1']);
    expect($(el, '.hosts')?.dataset.count).toBe('2');
    expect($$(el, '.badge.served')).toHaveLength(1);
    expect(text(el)).toContain('2 hosts');
    await update(el, {
      state: list(
        host({ name: 'monk', self: true }),
        host({ name: 'kscloud1' }),
        host({ name: 'samurai' }),
      ),
    });
    expect($$(el, 'article.host')).toHaveLength(3);
    expect($(el, '.hosts')?.dataset.count).toBe('3');
  });

  it('keeps an unreachable peer with its last figures dimmed and says since when', async () => {
    const el = await mount('kite-stats', {
      state: list(host({ name: 'monk', self: true }), unreachable('kscloud1', at(180))),
    });
    const [monk, cloud] = $$(el, 'article.host');
    expect(monk?.querySelector('.host-notice')).toBeNull();
    expect(monk?.querySelector('.tiles')?.classList.contains('dimmed')).toBe(false);
    expect(cloud?.querySelector('.badge.down')?.textContent).toContain('unreachable');
    const notice = cloud?.querySelector('.host-notice')?.textContent?.replace(/\s+/g, ' ');
    // Local time of the last good reading, said to be that, with its age and the reason.
    const clock = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).format(NOW - 180_000);
    expect(notice).toContain(`Unreachable since ${clock} (last good reading, 3 min ago)`);
    expect(notice).toContain('kscloud1 did not answer in time');
    expect(cloud?.querySelector('.tiles')?.classList.contains('dimmed')).toBe(true);
    expect(cloud?.querySelector('[data-metric="cpu"]')?.textContent).toBe('12%');
  });

  it('says so when an unreachable peer never gave figures', async () => {
    const el = await mount('kite-stats', {
      state: list(host({ name: 'monk', self: true }), unreachable('samurai', null)),
    });
    const samurai = $$(el, 'article.host')[1];
    expect(samurai?.querySelector('.host-notice')?.textContent).toMatch(
      /Unreachable\s+— no reading yet/,
    );
    expect(samurai?.querySelector('.empty')?.textContent).toContain('No figures');
    expect(samurai?.querySelector('.tiles')).toBeNull();
  });

  it('calls a peer on another version incompatible, with its version, not unreachable', async () => {
    const peer = {
      ...host({ name: 'kscloud1', fetched_at: at(30), stale: true }),
      version: '0.3.0',
      error: {
        code: 'peer_incompatible',
        message: 'kscloud1 runs version 0.3.0, whose answer this portal cannot read: cpu.percent',
      },
    };
    const el = await mount('kite-stats', { state: list(host({ name: 'monk', self: true }), peer) });
    const card = $(el, 'article[data-host="kscloud1"]');
    const said = (card?.querySelector('.host-notice')?.textContent ?? '').replace(/\s+/g, ' ');
    expect(said).toMatch(/^ ?Incompatible version \(0\.3\.0\) since \d\d:\d\d:\d\d/);
    expect(said).not.toMatch(/Unreachable/);
    expect(card?.querySelector('.badge.down')?.textContent).toContain('incompatible');
    // Its last good figures stay, dimmed; its version shows in small print.
    expect(card?.querySelector('.tiles.dimmed')).not.toBeNull();
    expect(card?.querySelector('.version')?.textContent).toBe('v0.3.0');
  });

  it('gives phones one row per host that opens on a tap', async () => {
    const el = await mount('kite-stats', {
      state: list(host({ name: 'monk', self: true }), unreachable('oldbox', at(60))),
    });
    const rows = $$(el, 'button.host-row');
    expect(rows.map((row) => row.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'monk live CPU 12% mem 38% disk 95%',
      'oldbox unreachable CPU 12% mem 38% disk 95%',
    ]);
    expect(rows[0]?.getAttribute('aria-expanded')).toBe('false');
    expect(rows[0]?.getAttribute('aria-controls')).toBe($$(el, '.host-body')[0]?.id);
    rows[0]?.click();
    await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(rows[0]?.getAttribute('aria-expanded')).toBe('true');
    expect($(el, 'article[data-host="monk"]')?.classList.contains('open')).toBe(true);
  });

  it('says a peer not asked yet is connecting, not unreachable', async () => {
    const pending = {
      ...unreachable('kscloud1', null),
      error: { code: 'peer_pending', message: 'kscloud1 has not been asked yet' },
    };
    const el = await mount('kite-stats', {
      state: list(host({ name: 'monk', self: true }), pending),
    });
    const cloud = $$(el, 'article.host')[1];
    expect(cloud?.querySelector('.host-notice')?.textContent).toMatch(/Connecting/);
    expect(cloud?.querySelector('.badge.down')).toBeNull();
    expect(cloud?.classList.contains('down')).toBe(false);
  });

  it("isolates host names and mount points, which are the operator's text", async () => {
    const name = 'שרת-1';
    const el = await mount('kite-stats', { state: list(host({ name, self: true })) });
    expect($(el, '.host h3 bdi')?.textContent).toBe(name);
    expect($$(el, '.mount').every((m) => m.tagName === 'BDI')).toBe(true);
    // Rendered as text, never as markup.
    await update(el, { state: list(host({ name: '<img src=x onerror=alert(1)>' })) });
    expect($(el, '.host img')).toBeNull();
    expect($(el, '.host h3')?.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('dates figures quietly within their rule, then marks them stale with their age', async () => {
    const state = ready([host({ name: 'monk', self: true, fetched_at: at(0) })], {
      stale: true,
      error: 'no answer in time',
      receivedAt: NOW,
      failingSince: NOW,
    });
    const el = await mount('kite-stats', { state });
    expect($(el, '.stale-mark')).toBeNull();
    expect($(el, '.age-note')?.textContent).toBe('updated 0 s ago');
    await vi.advanceTimersByTimeAsync(65_000);
    await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect($(el, '.stale-mark')?.textContent).toMatch(/Stale · 1 min old — no answer in time/);
    expect($(el, '.hosts')?.classList.contains('dimmed')).toBe(true);
    expect($(el, '[data-metric="cpu"]')?.textContent).toBe('12%');
  });

  it('while offline only dates its figures: the page banner says why', async () => {
    const el = await mount('kite-stats', {
      state: ready([host({ name: 'monk', self: true, fetched_at: at(120) })], { stale: true }),
      offline: true,
    });
    expect($(el, '.stale-mark')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Stale · 2 min old',
    );
    expect($(el, '.hosts')?.classList.contains('dimmed')).toBe(true);
    expect($(el, '.offline-banner')).toBeNull();
  });

  it('says what is missing when the first request failed', async () => {
    const el = await mount('kite-stats', { state: failed('HTTP 500') });
    expect($(el, '.problem')?.textContent).toMatch(/Unavailable.*host stats: HTTP 500/s);
    expect($(el, '[data-metric]')).toBeNull();
  });

  it('hides itself when its source is not configured', async () => {
    const el = await mount('kite-stats', { state: unconfigured() });
    expect(el.hidden).toBe(true);
  });
});
