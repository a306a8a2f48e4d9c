/**
 * Sparklines from the first paint: the stats panel asks /api/history once, draws every
 * host's recent minutes at once, and draws the API's gaps (and its own) as gaps.
 */
import { render } from 'lit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { History, HistoryPoint } from '../src/api/types.js';
import '../src/components/kite-stats.js';
import { PERCENT_SCALE, sparkline } from '../src/components/sparkline.js';
import { StatsHistory } from '../src/components/stats-history.js';
import type { HostList } from '../src/controllers/hosts-view.js';
import { isHistory } from '../src/controllers/history-seed.js';
import { $$, mount, update } from './dom.js';
import { FakeNetwork, json } from './fakes.js';
import { metrics, ready } from './fixtures.js';
import { host } from './host-fixtures.js';

const iso = (ms: number) => new Date(ms).toISOString();

function point(atMs: number, cpu: number | null): HistoryPoint {
  return {
    sampled_at: iso(atMs),
    cpu_percent: cpu,
    memory_percent: cpu === null ? null : 40,
    rx_bytes_per_s: cpu === null ? null : 2048,
    tx_bytes_per_s: cpu === null ? null : 1024,
  };
}

/** Readings every 2 s from `fromS` to `toS` seconds before `now`. */
function readings(now: number, fromS: number, toS: number): HistoryPoint[] {
  const points: HistoryPoint[] = [];
  for (let s = fromS; s >= toS; s -= 2) points.push(point(now - s * 1000, 20 + (s % 7)));
  return points;
}

function answer(now: number): History {
  return {
    interval_s: 2,
    span_s: 120,
    gap_after_s: 6,
    hosts: [
      { name: 'monk', self: true, points: readings(now, 100, 2) },
      // kscloud1 was not asked for a while: a gap between two runs.
      {
        name: 'kscloud1',
        self: false,
        points: [...readings(now, 100, 70), point(now - 64_000, null), ...readings(now, 30, 2)],
      },
    ],
  };
}

const pointsOf = (line: HTMLElement | undefined) =>
  line?.getAttribute('points')?.split(' ').length ?? 0;

const cpuLines = (el: HTMLElement, name: string) =>
  $$(el, `article[data-host="${name}"] .cpu polyline`);

describe('the stats panel seeded from /api/history', () => {
  let network: FakeNetwork;

  beforeEach(() => {
    network = new FakeNetwork();
    vi.stubGlobal('fetch', network.fetch);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('draws every host’s last minutes at first paint, a gap as a break in the line', async () => {
    const now = Date.now();
    network.route('/api/history', answer(now));
    const el = await mount('kite-stats', {
      state: ready<HostList>([host({ name: 'monk', self: true }), host({ name: 'kscloud1' })]),
    });
    await vi.waitFor(() => expect(cpuLines(el, 'monk')).toHaveLength(1));
    // 50 readings from the API and the one the panel was given.
    expect(pointsOf(cpuLines(el, 'monk')[0])).toBe(51);
    const kscloud1 = cpuLines(el, 'kscloud1');
    expect(kscloud1.map(pointsOf)).toEqual([16, 16]);
    // Both network lines break at the same gap.
    expect($$(el, 'article[data-host="kscloud1"] .net polyline')).toHaveLength(4);
    expect(network.calls.map((call) => call.url)).toEqual(['/api/history?span_s=120']);
  });

  it('keeps a seed that arrives before its host is listed, and asks only once', async () => {
    const now = Date.now();
    network.route('/api/history', answer(now));
    const el = await mount('kite-stats');
    await vi.waitFor(() => expect(network.calls).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The first state names this host alone; the peer comes with /api/hosts later.
    await update(el, { state: ready<HostList>([host({ name: 'monk', self: true })]) });
    await update(el, {
      state: ready<HostList>([host({ name: 'monk', self: true }), host({ name: 'kscloud1' })]),
    });
    expect(pointsOf(cpuLines(el, 'monk')[0])).toBe(51);
    expect(cpuLines(el, 'kscloud1')).toHaveLength(2);
    el.remove();
    document.body.append(el);
    await el.updateComplete;
    expect(network.count('/api/history')).toBe(1);
  });

  it.each([
    [
      'no such route (an older API)',
      () => json({ error: { code: 'not_found', message: 'no' } }, 404),
    ],
    ['a wrong shape', () => json({ hosts: [{ name: 'monk', points: [{ cpu_percent: 'x' }] }] })],
    ['no answer', () => 'network-error' as const],
  ])('starts the lines with the live readings, as before, after %s', async (_why, reply) => {
    network.route('/api/history', reply);
    const el = await mount('kite-stats', {
      state: ready<HostList>([host({ name: 'monk', self: true })]),
    });
    await vi.waitFor(() => expect(network.calls).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
    expect(cpuLines(el, 'monk')).toHaveLength(0);
  });

  it('checks the answer before drawing from it', () => {
    expect(isHistory(answer(Date.now()))).toBe(true);
    expect(isHistory({ ...answer(Date.now()), gap_after_s: 0 })).toBe(false);
    expect(isHistory({ interval_s: 2, gap_after_s: 6, hosts: [{ name: 1, points: [] }] })).toBe(
      false,
    );
  });
});

describe('StatsHistory gaps and seeds', () => {
  const T0 = Date.parse('2026-11-26T21:00:00.000Z');
  const live = (s: number, cpu = 10) => metrics({ cpu, sampledAt: iso(T0 + s * 1000) });
  const cpus = (history: StatsHistory, name = 'monk') =>
    history.samples(name).map((sample) => sample.cpu);

  it('breaks the line between live readings further apart than the gap length', () => {
    const history = new StatsHistory();
    history.gapAfterMs = 8_000;
    for (const s of [0, 2, 10, 18.5, 20]) history.record('monk', live(s, s));
    expect(cpus(history)).toEqual([0, 2, 10, null, 18.5, 20]);
  });

  it('puts the seed before what the page has seen, the page’s reading winning, with a gap at a far seam', () => {
    const history = new StatsHistory();
    history.record('monk', live(100, 99));
    history.seed('monk', [point(T0 + 40_000, 1), point(T0 + 42_000, 2), point(T0 + 100_000, 3)]);
    expect(cpus(history)).toEqual([1, 2, null, 99]);
    // The next live reading follows on as usual, and the span still bounds it all.
    history.record('monk', live(102, 5));
    history.record('monk', live(170, 6));
    expect(cpus(history)).toEqual([99, 5, null, 6]);
  });

  it('keeps the API’s trailing gap between the seed and the first live reading', () => {
    const history = new StatsHistory();
    history.seed('monk', [point(T0, 1), point(T0 + 2_000, 2), point(T0 + 8_000, null)]);
    expect(history.samples('monk')).toEqual([]);
    history.record('monk', live(9, 3));
    expect(cpus(history)).toEqual([1, 2, null, 3]);
  });
});

describe('sparkline gaps', () => {
  it('draws one line per unbroken run and none for a lone reading', () => {
    const el = document.createElement('div');
    const points = [
      { at: 0, value: 10 },
      { at: 2_000, value: 20 },
      { at: 4_000, value: null },
      { at: 30_000, value: 30 },
      { at: 32_000, value: null },
      { at: 50_000, value: 40 },
      { at: 52_000, value: 50 },
      { at: 54_000, value: 60 },
    ];
    render(sparkline([{ points }], PERCENT_SCALE, 120_000), el);
    const lines = [...el.querySelectorAll('polyline')];
    expect(lines.map((line) => line.getAttribute('points')?.split(' ').length)).toEqual([2, 3]);
  });
});
