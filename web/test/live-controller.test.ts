import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay } from '../src/controllers/backoff.js';
import { LiveController, type LiveOptions } from '../src/controllers/live-controller.js';
import { FakeEventSource, FakeNetwork, fakeDocument, fakeHost, json } from './fakes.js';
import { activity, metrics, status, weather } from './fixtures.js';

let network: FakeNetwork;
let doc: ReturnType<typeof fakeDocument>;

function healthyApi(): FakeNetwork {
  let sample = 0;
  return new FakeNetwork()
    .route('/api/metrics', () => {
      sample += 1;
      return json(metrics({ cpu: sample, sampledAt: new Date(Date.now()).toISOString() }));
    })
    .route('/api/weather', weather())
    .route('/api/activity', activity())
    .route('/api/status', status());
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
    expect(network.calls.map((call) => call.url).sort()).toEqual([
      '/api/activity',
      '/api/metrics',
      '/api/status',
      '/api/weather',
    ]);
    expect(FakeEventSource.last.url).toBe('/api/stream');
    expect(host.controllers).toContain(live);
    expect(live.metrics.phase).toBe('ready');
    expect(live.metrics.data?.host.hostname).toBe('monk');
    expect(live.weather.data?.condition).toBe('Light snow');
    expect(live.activity.data?.commits).toHaveLength(1);
    expect(live.status.data?.monitors).toHaveLength(5);
    expect(live.history).toHaveLength(1);
    expect(host.updates).toBeGreaterThan(0);
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
      stream.emit(
        'metrics',
        metrics({ cpu: 50 + i, sampledAt: new Date(Date.now()).toISOString() }),
      );
    }
    stream.emit('weather', weather({ condition: 'Clear' }));
    expect(network.calls.length).toBe(before);
    expect(live.metrics.data?.cpu.percent).toBe(55);
    expect(live.weather.data?.condition).toBe('Clear');
    expect(live.history.map((sample) => sample.cpu)).toEqual([1, 51, 52, 53, 54, 55]);
  });

  it('keeps one history point when the stream greets with the sample the GET already gave', async () => {
    const { live } = start();
    await vi.advanceTimersByTimeAsync(0);
    const stream = FakeEventSource.last;
    stream.open();
    stream.emit('metrics', live.metrics.data);
    expect(live.history).toHaveLength(1);
  });

  it('keeps about two minutes of history', async () => {
    const { live } = start();
    await vi.advanceTimersByTimeAsync(0);
    const stream = FakeEventSource.last;
    stream.open();
    for (let i = 0; i < 100; i++) {
      await vi.advanceTimersByTimeAsync(2_000);
      stream.emit('metrics', metrics({ sampledAt: new Date(Date.now()).toISOString() }));
    }
    expect(live.history.length).toBeGreaterThanOrEqual(60);
    expect(live.history.length).toBeLessThanOrEqual(61);
    const span = (live.history.at(-1)?.at ?? 0) - (live.history[0]?.at ?? 0);
    expect(span).toBeLessThanOrEqual(120_000);
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
    expect(network.count('/api/metrics')).toBeGreaterThan(1);
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
    const polledFrom = network.count('/api/metrics');
    first.fail();
    expect(first.closed).toBe(true);
    expect(live.connection).toBe('polling');
    await vi.advanceTimersByTimeAsync(4_000);
    // One poll right away (is it the stream or the API?), then one every 2 s.
    expect(network.count('/api/metrics') - polledFrom).toBe(3);
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
    const polled = network.count('/api/metrics');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(network.count('/api/metrics')).toBe(polled);
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
    expect(network.count('/api/metrics')).toBe(4);
  });

  it('goes offline when the API is gone, backs off, and recovers without a reload', async () => {
    const { live } = start();
    await vi.advanceTimersByTimeAsync(0);
    FakeEventSource.last.open();
    const lastGood = live.metrics.data;

    // The API goes away: the stream drops and nothing answers.
    network.down = true;
    const since = Date.now();
    const offlineFrom = network.calls.length;
    FakeEventSource.last.fail();
    await vi.advanceTimersByTimeAsync(0);
    expect(live.connection).toBe('offline');
    expect(live.metrics.data).toBe(lastGood);
    expect(live.metrics.stale).toBe(true);
    expect(live.metrics.error).toBe('not reachable');

    await vi.advanceTimersByTimeAsync(40_000);
    const gaps = network.calls
      .slice(offlineFrom)
      .filter((call) => call.url === '/api/metrics')
      .map((call) => call.at - since);
    // Immediately, then 1, 2, 4, 8, 16 s later (capped at 30 s).
    expect(gaps).toEqual([0, 1_000, 3_000, 7_000, 15_000, 31_000]);
    // No stream attempts while offline.
    expect(FakeEventSource.instances).toHaveLength(1);

    // The API comes back: the next poll succeeds, the stream reopens, panels refresh.
    network.down = false;
    network.route('/api/weather', weather({ condition: 'Back again' }));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(live.connection).toBe('polling');
    expect(FakeEventSource.instances).toHaveLength(2);
    FakeEventSource.last.open();
    expect(live.connection).toBe('live');
    expect(live.metrics.stale).toBe(false);
    expect(live.metrics.error).toBeNull();
    expect(live.weather.data?.condition).toBe('Back again');
  });

  it('treats a gateway error on metrics (nginx with no API behind it) as offline', async () => {
    network.route(
      '/api/metrics',
      json({ error: { code: 'api_unavailable', message: 'The portal API is not answering' } }, 502),
    );
    const { live } = start({ EventSource: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(live.connection).toBe('offline');
    expect(live.metrics.phase).toBe('error');
    expect(live.metrics.error).toBe('The portal API is not answering');
  });
});

describe('LiveController: what each source says', () => {
  it('hides a source the server has not configured, and one this API does not have', async () => {
    network
      .route('/api/weather', { configured: false })
      .route('/api/activity', { configured: false, commits: [] });
    network.route(
      '/api/status',
      json({ error: { code: 'not_found', message: 'No such endpoint' } }, 404),
    );
    const { live } = start();
    await vi.advanceTimersByTimeAsync(0);
    expect(live.weather.phase).toBe('unconfigured');
    expect(live.activity.phase).toBe('unconfigured');
    expect(live.status.phase).toBe('unconfigured');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(network.count('/api/status')).toBe(1);
  });

  it('passes on the server saying its copy is stale', async () => {
    network.route('/api/weather', weather({ stale: true }));
    const { live } = start();
    await vi.advanceTimersByTimeAsync(0);
    expect(live.weather.phase).toBe('ready');
    expect(live.weather.stale).toBe(true);
    expect(live.weather.error).toBeNull();
  });

  it('keeps the last good data when a refresh fails, and retries early', async () => {
    const { live } = start({ EventSource: null });
    await vi.advanceTimersByTimeAsync(0);
    network.route(
      '/api/status',
      json({ error: { code: 'upstream_failed', message: 'Uptime Kuma answered 500' } }, 502),
    );
    await vi.advanceTimersByTimeAsync(30_000);
    expect(live.status.phase).toBe('ready');
    expect(live.status.stale).toBe(true);
    expect(live.status.error).toBe('Uptime Kuma answered 500');
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
    expect(live.activity.phase).toBe('error');
    expect(live.activity.error).toBe('the answer is not JSON');
    expect(live.weather.phase).toBe('error');
    expect(live.weather.error).toBe('unexpected answer from the API');
  });

  it('ignores a broken stream event but keeps the last good value', async () => {
    const { live } = start();
    await vi.advanceTimersByTimeAsync(0);
    const stream = FakeEventSource.last;
    stream.open();
    stream.dispatchEvent(new MessageEvent('weather', { data: '{not json' }));
    expect(live.weather.data?.condition).toBe('Light snow');
    expect(live.weather.stale).toBe(true);
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
