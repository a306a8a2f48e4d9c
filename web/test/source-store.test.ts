import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type * as Api from '@kitestacks/api/schemas';
import type { Hosts, IncidentsReport, WeatherReport } from '../src/api/types.js';
import { SourceStore } from '../src/controllers/source-store.js';
import {
  HEARTBEAT,
  SOURCE_NAMES,
  SOURCES,
  STREAM_URL,
  type Payloads,
  type SourceName,
} from '../src/controllers/sources.js';
import { PANELS } from '../src/panels/index.js';
import { ANSWERS, status, weather } from './fixtures.js';
import { hosts } from './host-fixtures.js';

/**
 * The names the API's stream takes besides `metrics`: `hosts` and each of its listed
 * sources (the definitions its schemas module passes on from the source list).
 */
type ApiSource = Extract<(typeof Api)[keyof typeof Api], { name: string; route: unknown }>;
type ApiStreamEvent = 'hosts' | ApiSource['name'];

function store(now = () => 1_000) {
  const changed = vi.fn();
  return { store: new SourceStore(now, changed), changed };
}

describe('the source table', () => {
  it('has the core sources, then one per declared panel: a path under /api/, a poll period, and one heartbeat', () => {
    // This host's figures come in the hosts answer: no source of their own.
    expect(SOURCE_NAMES).toEqual(['hosts', 'status', ...PANELS.map((panel) => panel.name)]);
    for (const name of SOURCE_NAMES) {
      expect(SOURCES[name].path).toBe(`/api/${name}`);
      expect(SOURCES[name].pollMs).toBeGreaterThanOrEqual(2_000);
    }
    expect(SOURCE_NAMES.filter((name) => SOURCES[name].heartbeat)).toEqual(['hosts']);
    expect(HEARTBEAT).toBe('hosts');
    // The heartbeat keeps the API's sampling pace while the page polls.
    expect(SOURCES.hosts.pollMs).toBe(2_000);
  });

  it('opens the stream for exactly the events of the sources', () => {
    const url = new URL(STREAM_URL, 'http://portal.test');
    expect(url.pathname).toBe('/api/stream');
    expect(url.searchParams.get('events')?.split(',')).toEqual(SOURCE_NAMES);
  });

  it('asks the stream only for events the API has', () => {
    // The API refuses a whole stream over one name it does not know (400), and the page
    // would poll for good; so every source here is a stream event of the API's own list.
    // This replaces spelling the URL out by hand: the order of the names means nothing to
    // the API, and a new source needs no edit here.
    expectTypeOf<SourceName>().toExtend<ApiStreamEvent>();
    expectTypeOf<'nope'>().not.toExtend<ApiStreamEvent>();
  });

  it('gives each source the type of what its panel draws', () => {
    expectTypeOf<'metrics'>().not.toExtend<SourceName>();
    expectTypeOf<Payloads['hosts']>().toEqualTypeOf<Hosts>();
    expectTypeOf<Payloads['weather']>().toEqualTypeOf<WeatherReport>();
    expectTypeOf<Payloads['incidents']>().toEqualTypeOf<IncidentsReport>();
  });

  it('checks each answer with its own guard', () => {
    for (const name of SOURCE_NAMES) {
      expect(SOURCES[name].guard(ANSWERS[name]()), name).toBe(true);
      for (const other of SOURCE_NAMES)
        if (other !== name)
          expect(SOURCES[name].guard(ANSWERS[other]()), `${name} given ${other}`).toBe(false);
    }
  });
});

describe('SourceStore', () => {
  it('starts every source loading', () => {
    const { store: s } = store();
    for (const name of SOURCE_NAMES) expect(s.get(name).phase).toBe('loading');
  });

  it('keeps a good answer with its time, and tells its owner', () => {
    const { store: s, changed } = store(() => 5_000);
    s.accept('weather', weather({ stale: true }));
    expect(s.get('weather')).toMatchObject({
      phase: 'ready',
      receivedAt: 5_000,
      stale: true,
      error: null,
      failingSince: null,
    });
    expect(s.get('weather').data?.condition).toBe('Light snow');
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('turns "configured: false" into a phase, not data', () => {
    const { store: s } = store();
    s.accept('activity', { configured: false, commits: [] });
    expect(s.get('activity')).toMatchObject({ phase: 'unconfigured', data: null });
  });

  it('refuses an answer of the wrong shape, changing nothing', () => {
    const { store: s, changed } = store();
    // (One odd host entry is not a wrong shape: each entry is read on its own, hosts-view.ts.)
    expect(() => s.accept('hosts', { hosts: 'monk' })).toThrow(/unexpected answer/);
    expect(s.get('hosts').phase).toBe('loading');
    expect(changed).not.toHaveBeenCalled();
  });

  it('keeps the last good data through failures, counting from the first one', () => {
    let now = 1_000;
    const { store: s } = store(() => now);
    s.accept('hosts', hosts([{ name: 'monk', self: true }]));
    now = 2_000;
    s.fail('hosts', 'not reachable');
    now = 9_000;
    s.fail('hosts', 'no answer in time');
    expect(s.get('hosts')).toMatchObject({
      phase: 'ready',
      stale: true,
      error: 'no answer in time',
      receivedAt: 1_000,
      failingSince: 2_000,
    });
    expect(s.get('hosts').data?.hosts[0]?.name).toBe('monk');
    now = 10_000;
    s.accept('hosts', hosts([{ name: 'monk', self: true }]));
    expect(s.get('hosts')).toMatchObject({ stale: false, error: null, failingSince: null });
  });

  it('fails to an error phase with nothing to show, and keeps "unconfigured" so', () => {
    const { store: s } = store();
    s.fail('status', 'HTTP 500');
    expect(s.get('status')).toMatchObject({ phase: 'error', data: null, error: 'HTTP 500' });
    s.unconfigured('weather');
    s.fail('weather', 'HTTP 500');
    expect(s.get('weather').phase).toBe('unconfigured');
  });

  it('replaces only the state that changed, so other panels keep theirs', () => {
    const { store: s } = store();
    const before = s.states;
    s.accept('status', status());
    expect(s.states).not.toBe(before);
    expect(s.states.weather).toBe(before.weather);
    expect(s.states.status).not.toBe(before.status);
  });

  it('does not ask for a redraw for the same answer again, but counts it as fresh', () => {
    let now = 1_000;
    const { store: s, changed } = store(() => now);
    s.accept('status', status());
    now = 31_000;
    s.accept('status', status());
    expect(changed).toHaveBeenCalledTimes(1);
    expect(s.get('status').receivedAt).toBe(31_000);
    s.fail('status', 'HTTP 502');
    s.accept('status', status());
    expect(changed).toHaveBeenCalledTimes(3);
    expect(s.get('status').error).toBeNull();
  });

  it('keeps the object it parsed for an equal answer, and takes a changed one', () => {
    const { store: s, changed } = store();
    const first = status();
    s.accept('status', first);
    // Equal, though parsed again: a new object with the same content.
    s.accept('status', structuredClone(first));
    expect(s.get('status').data).toBe(first);
    const next = status({
      monitors: first.monitors.map((monitor) => ({ ...monitor, status: 'up' as const })),
    });
    s.accept('status', next);
    expect(s.get('status').data).toBe(next);
    expect(changed).toHaveBeenCalledTimes(2);
  });
});
