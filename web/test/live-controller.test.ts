import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Prng } from '../../fakes/prng.js';
import { backoffDelay } from '../src/controllers/backoff.js';
import { LiveController, type LiveOptions } from '../src/controllers/live-controller.js';
import { HEARTBEAT, SOURCE_NAMES, SOURCES, STREAM_URL } from '../src/controllers/sources.js';
import { FakeEventSource, FakeNetwork, fakeDocument, fakeHost, json } from './fakes.js';
import { ANSWERS, answerEverySource, incidents, weather } from './fixtures.js';
import { hosts } from './host-fixtures.js';

let network: FakeNetwork;
let doc: ReturnType<typeof fakeDocument>;

/** The page's answer for the hosts: this one, whose CPU figure moves on every sample. */
function monk(cpu: number) {
  return hosts([{ name: 'monk', self: true, cpu }]);
}

/** The paths of the sources other than the heartbeat. */
const OTHER_PATHS = SOURCE_NAMES.filter((name) => name !== HEARTBEAT).map(
  (name) => SOURCES[name].path,
);

/**
 * The API as the page uses it: every source answers; `/api/metrics` is not here: the page
 * has no use for it.
 */
function healthyApi(): FakeNetwork {
  let sample = 0;
  return answerEverySource(new FakeNetwork()).route('/api/hosts', () => {
    sample += 1;
    return json(monk(sample));
  });
}

function start(options: Partial<LiveOptions> = {}) {
  const host = fakeHost();
  const live = new LiveController(host, {
    fetch: network.fetch,
    EventSource: FakeEventSource,
    document: doc,
    // Exact delays: jitter always at its maximum.
    random: () => 1,
    ...options,
  });
  live.hostConnected();
  return { host, live };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-26T21:00:00.000Z') });
  FakeEventSource.reset();
  network = healthyApi();
  doc = fakeDocument();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('LiveController: start and stream', () => {
  it('asks every source once and opens the stream on hostConnected', async () => {
    const { live, host } = start();
    await vi.advanceTimersByTimeAsync(0);
    expect(network.calls.map((call) => call.url).sort()).toEqual(
      SOURCE_NAMES.map((name) => SOURCES[name].path).sort(),
    );
    expect(host.controllers).toContain(live);
    for (const name of SOURCE_NAMES) {
      expect(live.sources[name].phase, name).toBe('ready');
      if (name !== HEARTBEAT) expect(live.sources[name].data, name).toEqual(ANSWERS[name]());
    }
    expect(live.sources.hosts.phase).toBe('ready');
    expect(live.sources.hosts.data?.hosts[0]?.metrics?.host.hostname).toBe('monk');
    expect(live.sources.weather.data?.condition).toBe('Light snow');
    expect(live.sources.activity.data?.commits).toHaveLength(1);
    expect(live.sources.status.data?.monitors).toHaveLength(5);
    expect(live.sources.incidents.data?.incidents[0]?.title).toBe('NAS disk replacement');
    expect(live.sources.hosts.data?.hosts[0]?.name).toBe('monk');
    expect(host.updates).toBeGreaterThan(0);
  });

  it('opens the stream for exactly the events it listens to, and metrics is not one', async () => {
    start();
    await vi.advanceTimersByTimeAsync(0);
    const stream = FakeEventSource.last;
    // Which names, and that the API knows each: source-store.test.ts.
    expect(stream.url).toBe(STREAM_URL);
    const asked = new URL(stream.url, 'http://portal.test').searchParams.get('events')?.split(',');
    const events = [...stream.listened].filter((type) => type !== 'open' && type !== 'error');
    expect(events.sort()).toEqual(asked?.sort());
    expect(stream.listened.has('metrics')).toBe(false);
  });

  it('goes live on open, takes events, and stops polling while the stream carries data', async () => {
    const { live } = start();
    await vi.advanceTimersByTimeAsync(0);
    const stream = FakeEventSource.last;
    stream.open();
    expect(live.connection).toBe('live');
    const before = network.calls.length;
    for (let i = 1; i <= 5; i++) {
      await vi.advanceTimersByTimeAsync(2_000);
      stream.emit('hosts', monk(50 + i));
    }
    expect(live.sources.hosts.data?.hosts[0]?.metrics?.cpu.percent).toBe(55);
    stream.emit('weather', weather({ condition: 'Clear' }));
    // A declared panel's source listens for the event its declaration names.
    stream.emit('incidents', incidents({ incidents: [] }));
    stream.emit('hosts', hosts([{ name: 'monk', self: true }, { name: 'kscloud1' }]));
    expect(network.calls.length).toBe(before);
    expect(live.sources.weather.data?.condition).toBe('Clear');
    expect(live.sources.incidents.data?.incidents).toEqual([]);
    expect(live.sources.hosts.data?.hosts.map((host) => host.name)).toEqual(['monk', 'kscloud1']);
  });

  it('redraws only when an answer changed what a panel shows', async () => {
    network.route('/api/hosts', monk(1));
    const { live, host } = start({ EventSource: null });
    await vi.advanceTimersByTimeAsync(0);
    const before = host.updates;
    // Ten minutes of polls, every answer the same as before: nothing to redraw.
    await vi.advanceTimersByTimeAsync(600_000);
    expect(network.count('/api/hosts')).toBeGreaterThan(250);
    expect(network.count('/api/weather')).toBe(2);
    expect(host.updates).toBe(before);
    // The same answers still count as fresh.
    expect(live.sources.hosts.receivedAt).toBe(Date.now());
    // One change, one redraw.
    network.route('/api/hosts', monk(99));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(host.updates).toBe(before + 1);
    expect(live.sources.hosts.data?.hosts[0]?.metrics?.cpu.percent).toBe(99);
  });
});

describe('LiveController: stop, abort, pause', () => {
  it('aborts requests, closes the stream and leaves no timer on hostDisconnected', async () => {
    network.route('/api/weather', () => 'hang');
    const { live } = start();
    await vi.advanceTimersByTimeAsync(0);
    const stream = FakeEventSource.last;
    const pending = network.calls.find((call) => call.url === '/api/weather');
    expect(pending?.signal?.aborted).toBe(false);
    live.hostDisconnected();
    expect(pending?.signal?.aborted).toBe(true);
    expect(stream.closed).toBe(true);
    expect(live.running).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    const count = network.calls.length;
    await vi.advanceTimersByTimeAsync(600_000);
    expect(network.calls.length).toBe(count);
  });

  it('pauses while the tab is hidden and resumes with fresh data when shown', async () => {
    const { live } = start({ EventSource: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(live.connection).toBe('polling');
    doc.hide();
    expect(live.connection).toBe('paused');
    expect(vi.getTimerCount()).toBe(0);
    const count = network.calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(network.calls.length).toBe(count);
    doc.show();
    await vi.advanceTimersByTimeAsync(0);
    expect(network.count('/api/hosts')).toBeGreaterThan(1);
    expect(live.connection).toBe('polling');
  });

  it('does not start while the tab is hidden at connect time', async () => {
    doc.hide();
    const { live } = start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(network.calls).toHaveLength(0);
    expect(FakeEventSource.instances).toHaveLength(0);
    expect(live.connection).toBe('paused');
  });
});

describe('LiveController: fallback, offline, recovery', () => {
  it('falls back to polling when the stream fails and retries it with backoff', async () => {
    const { live } = start();
    await vi.advanceTimersByTimeAsync(0);
    const first = FakeEventSource.last;
    const polledFrom = network.count('/api/hosts');
    first.fail();
    expect(first.closed).toBe(true);
    expect(live.connection).toBe('polling');
    await vi.advanceTimersByTimeAsync(4_000);
    // One poll right away (is it the stream or the API?), then one every 2 s.
    expect(network.count('/api/hosts') - polledFrom).toBe(3);
    expect(FakeEventSource.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    // First stream retry after 5 s.
    expect(FakeEventSource.instances).toHaveLength(2);
    FakeEventSource.last.fail();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(FakeEventSource.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    // Second retry after 10 s.
    expect(FakeEventSource.instances).toHaveLength(3);
    FakeEventSource.last.open();
    expect(live.connection).toBe('live');
    expect(FakeEventSource.last.url).toBe(STREAM_URL);
    const polled = network.count('/api/hosts');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(network.count('/api/hosts')).toBe(polled);
  });

  it('gives up a stream that stays silent (a buffering proxy) and polls', async () => {
    const { live } = start();
    await vi.advanceTimersByTimeAsync(0);
    FakeEventSource.last.open();
    expect(live.connection).toBe('live');
    await vi.advanceTimersByTimeAsync(15_000);
    expect(FakeEventSource.instances[0]?.closed).toBe(true);
    expect(live.connection).toBe('polling');
  });

  it('polls where there is no EventSource', async () => {
    const { live } = start({ EventSource: null });
    await vi.advanceTimersByTimeAsync(6_000);
    expect(live.connection).toBe('polling');
    expect(network.count('/api/hosts')).toBe(4);
  });

  it('polls /api/hosts alone for the figures when the stream is refused: a minute of requests', async () => {
    // The stream is tried again only after the minute counted here.
    start({ streamRetry: { baseMs: 120_000, maxMs: 120_000 } });
    await vi.advanceTimersByTimeAsync(0);
    const from = network.calls.length;
    FakeEventSource.last.fail();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeEventSource.instances).toHaveLength(1);
    const perPath = new Map<string, number>();
    for (const call of network.calls.slice(from))
      perPath.set(call.url, (perPath.get(call.url) ?? 0) + 1);
    // Waits at their longest (random 1): hosts at once, then every 2 s; every other source
    // once per its period (status every 30 s, the commits every 60 s, the weather not
    // within the minute).
    const expected: Record<string, number> = { '/api/hosts': 31 };
    for (const name of SOURCE_NAMES) {
      const polls = Math.floor(60_000 / SOURCES[name].pollMs);
      if (name !== HEARTBEAT && polls > 0) expected[SOURCES[name].path] = polls;
    }
    expect(expected['/api/status']).toBe(2);
    expect(Object.fromEntries(perPath)).toEqual(expected);
  });

  it('goes offline when the API is gone, backs off, and recovers without a reload', async () => {
    const { live } = start();
    await vi.advanceTimersByTimeAsync(0);
    FakeEventSource.last.open();
    const lastGood = live.sources.hosts.data;

    // The API goes away: the stream drops and nothing answers.
    network.down = true;
    const since = Date.now();
    const offlineFrom = network.calls.length;
    FakeEventSource.last.fail();
    await vi.advanceTimersByTimeAsync(0);
    // One failure right after answers could be the crowd: retried after 1 s, and when that
    // fails too with nothing answering between, the page is offline since the first.
    expect(live.connection).toBe('polling');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(live.connection).toBe('offline');
    expect(live.offlineSince).toBe(since);
    expect(live.sources.hosts.data).toBe(lastGood);
    expect(live.sources.hosts.stale).toBe(true);
    expect(live.sources.hosts.error).toBe('not reachable');
    expect(live.sources.hosts.failingSince).toBe(since);

    await vi.advanceTimersByTimeAsync(60_000);
    const calls = network.calls.slice(offlineFrom);
    const gaps = calls.filter((call) => call.url === '/api/hosts').map((call) => call.at - since);
    // Immediately, then 1, 2 and 4 s later, then every 4 s: the page is back soon after the API.
    expect(gaps.slice(0, 7)).toEqual([0, 1_000, 3_000, 7_000, 11_000, 15_000, 19_000]);
    expect(Math.max(...gaps.slice(1).map((gap, i) => gap - (gaps[i] ?? 0)))).toBe(4_000);
    // Only the heartbeat is asked while the API is gone, and no stream is tried.
    expect(calls.every((call) => call.url === '/api/hosts')).toBe(true);
    expect(FakeEventSource.instances).toHaveLength(1);
    // Still offline, still counting from when it went.
    expect(live.offlineSince).toBe(since);
    expect(live.sources.hosts.failingSince).toBe(since);

    // The API comes back: within one offline retry the poll succeeds, the stream reopens,
    // panels refresh.
    network.down = false;
    network.route('/api/weather', weather({ condition: 'Back again' }));
    const back = Date.now();
    await vi.advanceTimersByTimeAsync(4_000);
    expect(live.connection).toBe('polling');
    expect(live.offlineSince).toBeNull();
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.last.url).toBe(STREAM_URL);
    expect(Date.now() - back).toBeLessThanOrEqual(4_000);
    FakeEventSource.last.open();
    expect(live.connection).toBe('live');
    expect(live.sources.hosts.stale).toBe(false);
    expect(live.sources.hosts.error).toBeNull();
    expect(live.sources.hosts.failingSince).toBeNull();
    expect(live.sources.weather.data?.condition).toBe('Back again');
  });

  it('stays offline across a hidden tab and comes back when shown and answering', async () => {
    const { live } = start({ EventSource: null });
    await vi.advanceTimersByTimeAsync(0);
    network.down = true;
    // The poll at 2 s fails, its retry 1 s later too: offline.
    await vi.advanceTimersByTimeAsync(3_000);
    expect(live.connection).toBe('offline');
    const since = live.offlineSince;
    doc.hide();
    expect(live.connection).toBe('paused');
    await vi.advanceTimersByTimeAsync(60_000);
    doc.show();
    await vi.advanceTimersByTimeAsync(0);
    expect(live.connection).toBe('offline');
    expect(live.offlineSince).toBe(since);
    network.down = false;
    await vi.advanceTimersByTimeAsync(4_000);
    expect(live.connection).toBe('polling');
    expect(live.offlineSince).toBeNull();
  });

  it('treats a gateway error on hosts (nginx with no API behind it) as offline', async () => {
    const gone = json(
      { error: { code: 'api_unavailable', message: 'The portal API is not answering' } },
      502,
    );
    for (const name of SOURCE_NAMES) network.route(SOURCES[name].path, gone);
    const { live } = start({ EventSource: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(live.connection).toBe('offline');
    expect(live.sources.hosts.phase).toBe('error');
    expect(live.sources.hosts.error).toBe('The portal API is not answering');
  });
});

describe('LiveController: in a crowd', () => {
  /** A seeded generator: each page its own sequence, the same on every run. */
  function seeded(seed: number): () => number {
    const prng = new Prng(seed);
    return () => prng.next();
  }

  it('a refused stream and heartbeat polls that fail now and then, others answering: never offline', async () => {
    let asked = 0;
    // Behind a crowded proxy every other heartbeat poll times out at the gateway.
    network.route('/api/hosts', () => {
      asked += 1;
      return asked % 2 === 0
        ? json({ error: { code: 'api_timeout', message: 'The portal API took too long' } }, 504)
        : json(monk(asked));
    });
    const { live } = start();
    await vi.advanceTimersByTimeAsync(0);
    const seen = new Set<string>();
    // Every stream attempt is refused (the API's cap): the page polls and retries later.
    for (let second = 0; second < 120; second++) {
      for (const stream of FakeEventSource.instances) if (!stream.closed) stream.fail();
      await vi.advanceTimersByTimeAsync(1_000);
      seen.add(live.connection);
    }
    expect(seen).toEqual(new Set(['polling']));
    expect(live.offlineSince).toBeNull();
    expect(asked).toBeGreaterThan(40);
    // The stream was tried again, backing off: 2 attempts in the first 15 s, few in all.
    expect(FakeEventSource.instances.length).toBeGreaterThan(2);
    expect(FakeEventSource.instances.length).toBeLessThan(8);
  });

  it('polls are spread: each wait 80–100 % of the period, different for each page', async () => {
    const networks = [healthyApi(), healthyApi()];
    networks.forEach((own, page) =>
      start({ fetch: own.fetch, EventSource: null, random: seeded(page + 1) }),
    );
    await vi.advanceTimersByTimeAsync(60_000);
    const times = networks.map((own) =>
      own.calls.filter((call) => call.url === '/api/hosts').map((call) => call.at),
    );
    for (const own of times) {
      const gaps = own.slice(1).map((at, i) => at - (own[i] ?? 0));
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_600);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(2_000);
      // Not a constant wait that merely differs from the nominal one.
      expect(new Set(gaps).size).toBeGreaterThan(gaps.length / 2);
    }
    // Started in the same instant, the two pages do not poll in step.
    const [a = [], b = []] = times;
    expect(a.slice(1).filter((at) => b.includes(at))).toEqual([]);
  });

  it('200 pages refused at the same instant retry the stream spread over 2.5–5 s, not in step', async () => {
    const retries: number[] = [];
    const refusedAt = Date.now();
    for (let page = 0; page < 200; page++) start({ random: seeded(page + 1) });
    await vi.advanceTimersByTimeAsync(0);
    const first = [...FakeEventSource.instances];
    FakeEventSource.reset();
    for (const stream of first) stream.fail();
    for (let ms = 0; ms <= 5_000; ms += 100) {
      await vi.advanceTimersByTimeAsync(100);
      while (retries.length < FakeEventSource.instances.length)
        retries.push(Date.now() - refusedAt);
    }
    expect(retries).toHaveLength(200);
    expect(Math.min(...retries)).toBeGreaterThanOrEqual(2_500);
    expect(Math.max(...retries)).toBeLessThanOrEqual(5_000);
    // No tenth of a second holds more than a tenth of the pages.
    const perSlot = new Map<number, number>();
    for (const at of retries)
      perSlot.set(Math.floor(at / 100), (perSlot.get(Math.floor(at / 100)) ?? 0) + 1);
    expect(Math.max(...perSlot.values())).toBeLessThanOrEqual(20);
  });
});

describe('LiveController: what each source says', () => {
  it.each([
    ['the server has not configured', { configured: false }],
    [
      'this API does not have',
      json({ error: { code: 'not_found', message: 'No such endpoint' } }, 404),
    ],
  ])('hides every source %s, and asks it no more', async (_, answer) => {
    for (const path of OTHER_PATHS) network.route(path, answer);
    const { live } = start({ EventSource: null });
    await vi.advanceTimersByTimeAsync(0);
    for (const name of SOURCE_NAMES)
      if (name !== HEARTBEAT) expect(live.sources[name].phase, name).toBe('unconfigured');
    expect(live.sources.hosts.phase).toBe('ready');
    await vi.advanceTimersByTimeAsync(120_000);
    for (const path of OTHER_PATHS) expect(network.count(path), path).toBe(1);
    expect(network.count('/api/hosts')).toBeGreaterThan(50);
  });

  it('treats a 404 on the heartbeat as a failure, never as "not configured"', async () => {
    network.route('/api/hosts', json({ error: { code: 'not_found', message: 'No' } }, 404));
    const { live } = start({ EventSource: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(live.sources.hosts.phase).toBe('error');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(network.count('/api/hosts')).toBe(2);
  });

  it('checks hosts answers like any other and keeps the last good list', async () => {
    // A list is the shape; one odd entry in it is the stats panel's to draw (hosts-view.ts).
    network.route('/api/hosts', { hosts: 'monk' });
    const { live } = start({ EventSource: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(live.sources.hosts.phase).toBe('error');
    expect(live.sources.hosts.error).toBe('unexpected answer from the API');
    network.route('/api/hosts', () =>
      json(hosts([{ name: 'monk', self: true }, { name: 'samurai' }])),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(live.sources.hosts.phase).toBe('ready');
    expect(live.sources.hosts.data?.hosts).toHaveLength(2);
  });

  it('passes on the server saying its copy is stale', async () => {
    network.route('/api/weather', weather({ stale: true }));
    const { live } = start();
    await vi.advanceTimersByTimeAsync(0);
    expect(live.sources.weather.phase).toBe('ready');
    expect(live.sources.weather.stale).toBe(true);
    expect(live.sources.weather.error).toBeNull();
  });

  it('keeps the last good data when a refresh fails, and retries early', async () => {
    const { live } = start({ EventSource: null });
    await vi.advanceTimersByTimeAsync(0);
    network.route(
      '/api/status',
      json({ error: { code: 'upstream_failed', message: 'Uptime Kuma answered 500' } }, 502),
    );
    await vi.advanceTimersByTimeAsync(30_000);
    expect(live.sources.status.phase).toBe('ready');
    expect(live.sources.status.stale).toBe(true);
    expect(live.sources.status.error).toBe('Uptime Kuma answered 500');
    // An upstream failure is not the API being gone.
    expect(live.connection).toBe('polling');
    const failedAt = network.count('/api/status');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(network.count('/api/status')).toBe(failedAt + 1);
  });

  it('shows an error state when the first answer is not what was asked for', async () => {
    network.route('/api/activity', () => new Response('<html>Bad gateway</html>', { status: 200 }));
    network.route('/api/weather', { unexpected: true });
    const { live } = start();
    await vi.advanceTimersByTimeAsync(0);
    expect(live.sources.activity.phase).toBe('error');
    expect(live.sources.activity.error).toBe('the answer is not JSON');
    expect(live.sources.weather.phase).toBe('error');
    expect(live.sources.weather.error).toBe('unexpected answer from the API');
  });

  it('ignores a broken stream event but keeps the last good value', async () => {
    const { live } = start();
    await vi.advanceTimersByTimeAsync(0);
    const stream = FakeEventSource.last;
    stream.open();
    stream.dispatchEvent(new MessageEvent('weather', { data: '{not json' }));
    expect(live.sources.weather.data?.condition).toBe('Light snow');
    expect(live.sources.weather.stale).toBe(true);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, with jitter between half and all of it', () => {
    const policy = { baseMs: 1_000, maxMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, policy, () => 1))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
    expect(backoffDelay(3, policy, () => 0)).toBe(2_000);
    expect(backoffDelay(1_000, policy, () => 1)).toBe(30_000);
  });
});
