import { describe, expect, it } from 'vitest';
import type { Hosts, Metrics } from '../src/api/types.js';
import { hostsView, memoHostsView } from '../src/controllers/hosts-view.js';
import { loadingState, type SourceState } from '../src/controllers/source-state.js';
import { failed, metrics, ready, unconfigured } from './fixtures.js';
import { hosts, unreachable } from './host-fixtures.js';

const T = (s: number) => new Date(Date.parse('2026-11-26T21:00:00.000Z') + s * 1000).toISOString();

describe('hostsView', () => {
  it('is loading until either source has something', () => {
    const view = hostsView(loadingState<Metrics>(), loadingState<Hosts>());
    expect(view.phase).toBe('loading');
    expect(view.data).toBeNull();
  });

  it('shows this host alone from metrics while /api/hosts is loading or missing (an older API)', () => {
    for (const list of [loadingState<Hosts>(), unconfigured<Hosts>(), failed<Hosts>('HTTP 500')]) {
      const view = hostsView(ready(metrics({ hostname: 'monk' })), list);
      expect(view.phase).toBe('ready');
      expect(view.data?.map((h) => [h.name, h.self, h.reachable])).toEqual([['monk', true, true]]);
    }
  });

  it('lists every host in the order given, the serving one with its newest reading', () => {
    const listed = hosts([
      { name: 'monk-home', self: true, cpu: 5, fetched_at: T(0) },
      { name: 'kscloud1', cpu: 50 },
    ]);
    listed.hosts.push(unreachable('samurai', T(-60)));
    // The metrics stream is a sample ahead of the last hosts event.
    const view = hostsView(ready(metrics({ cpu: 7, sampledAt: T(2) })), ready(listed));
    expect(view.data?.map((h) => h.name)).toEqual(['monk-home', 'kscloud1', 'samurai']);
    expect(view.data?.[0]?.metrics?.cpu.percent).toBe(7);
    expect(view.data?.[1]?.metrics?.cpu.percent).toBe(50);
    expect(view.data?.[2]?.reachable).toBe(false);
    // An older metrics reading does not replace a newer one from the list.
    const older = hostsView(ready(metrics({ cpu: 3, sampledAt: T(-2) })), ready(listed));
    expect(older.data?.[0]?.metrics?.cpu.percent).toBe(5);
  });

  it('takes its age and failure from the metrics source (the page’s own link to the API)', () => {
    const stale: SourceState<Metrics> = ready(metrics(), {
      stale: true,
      error: 'not reachable',
      failingSince: 1234,
    });
    const view = hostsView(stale, ready(hosts([{ name: 'monk', self: true }])));
    expect(view.stale).toBe(true);
    expect(view.error).toBe('not reachable');
    expect(view.failingSince).toBe(1234);
  });

  it('is an error with nothing to show when both failed', () => {
    const view = hostsView(failed('not reachable'), failed('not reachable'));
    expect(view.phase).toBe('error');
    expect(view.error).toBe('not reachable');
  });

  it('hands out the same object until a source changes', () => {
    const memo = memoHostsView();
    const m = ready(metrics());
    const h = ready(hosts([{ name: 'monk', self: true }]));
    const first = memo(m, h);
    expect(memo(m, h)).toBe(first);
    expect(memo(ready(metrics()), h)).not.toBe(first);
  });
});
