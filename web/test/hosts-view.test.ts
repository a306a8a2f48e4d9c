import { describe, expect, it } from 'vitest';
import type { Hosts } from '../src/api/types.js';
import { hostsView, memoHostsView } from '../src/controllers/hosts-view.js';
import { loadingState, type SourceState } from '../src/controllers/source-state.js';
import { failed, ready } from './fixtures.js';
import { hosts, unreachable } from './host-fixtures.js';

const T = (s: number) => new Date(Date.parse('2026-11-26T21:00:00.000Z') + s * 1000).toISOString();

describe('hostsView', () => {
  it('is loading until the hosts answer', () => {
    const view = hostsView(loadingState<Hosts>());
    expect(view.phase).toBe('loading');
    expect(view.data).toBeNull();
  });

  it('lists every host in the order given, this one with the figures of its own entry', () => {
    const listed = hosts([
      { name: 'monk-home', self: true, cpu: 5, fetched_at: T(0) },
      { name: 'kscloud1', cpu: 50 },
    ]);
    listed.hosts.push(unreachable('samurai', T(-60)));
    const view = hostsView(ready(listed));
    expect(view.phase).toBe('ready');
    expect(view.data?.map((h) => [h.name, h.self])).toEqual([
      ['monk-home', true],
      ['kscloud1', false],
      ['samurai', false],
    ]);
    expect(view.data?.[0]?.metrics?.cpu.percent).toBe(5);
    expect(view.data?.[1]?.metrics?.cpu.percent).toBe(50);
    expect(view.data?.[2]?.reachable).toBe(false);
  });

  it('takes its age and failure from the hosts source (the page’s own link to the API)', () => {
    const stale: SourceState<Hosts> = ready(hosts([{ name: 'monk', self: true }]), {
      receivedAt: 1000,
      stale: true,
      error: 'not reachable',
      failingSince: 1234,
    });
    const view = hostsView(stale);
    expect(view).toMatchObject({
      phase: 'ready',
      receivedAt: 1000,
      stale: true,
      error: 'not reachable',
      failingSince: 1234,
    });
  });

  it('is an error with nothing to show when the hosts failed or list none it can read', () => {
    const view = hostsView(failed('not reachable'));
    expect(view.phase).toBe('error');
    expect(view.error).toBe('not reachable');
    const unreadable = hostsView(ready({ hosts: [{ self: true }, 'monk'] } as unknown as Hosts));
    expect(unreadable.phase).toBe('error');
    expect(unreadable.data).toBeNull();
  });

  it('hands out the same object until the source changes', () => {
    const memo = memoHostsView();
    const h = ready(hosts([{ name: 'monk', self: true }]));
    const first = memo(h);
    expect(memo(h)).toBe(first);
    expect(memo(ready(hosts([{ name: 'monk', self: true }])))).not.toBe(first);
  });
});
