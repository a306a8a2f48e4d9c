/**
 * `/api/history`: a bounded ring per host, gaps where nobody measured, peers' answers
 * included — on a fixed clock, through the real sampler on a fake one, and through inject().
 */
import { Value } from 'typebox/value';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { peerMetrics, startFakePeer, type FakePeer } from '../../fakes/peer.js';
import { createHistory, HISTORY_SPAN_S, HostsHistory } from '../src/history/index.js';
import { BYTES_PER_POINT, HistoryRing } from '../src/history/ring.js';
import { MetricsSampler } from '../src/sampler/sampler.js';
import { Peers } from '../src/peers/index.js';
import { ErrorEnvelope, History, HistoryQuery, type Metrics } from '../src/schemas/index.js';
import { testApp, testConfig } from './helpers/app.js';
import { ClockedHostSource, CountingHostSource } from './helpers/fake-host.js';

const T0 = Date.parse('2026-11-26T21:00:00.000Z');
const INTERVAL_MS = 2000;

/** A reading of `name` taken `s` seconds after T0 with `cpu` % busy. */
function reading(name: string, s: number, cpu = 10): Metrics {
  const metrics = peerMetrics(name, new Date(T0 + s * 1000)) as unknown as Metrics;
  return { ...metrics, cpu: { ...metrics.cpu, percent: cpu } };
}

const figures = { cpuPercent: 1, memoryPercent: 2, rxBytesPerS: 3, txBytesPerS: 4 };

/** The answer, checked against its schema. */
function parse(json: string): History {
  const body: unknown = JSON.parse(json);
  expect(Value.Errors(History, body)).toEqual([]);
  return body as History;
}

const isGap = (point: History['hosts'][number]['points'][number]) => point.cpu_percent === null;

describe('HistoryRing', () => {
  it('holds at most its capacity, the newest points, oldest first', () => {
    const ring = new HistoryRing(5, 6_000);
    for (let s = 0; s < 20; s++) ring.push(T0 + s * 2000, { ...figures, cpuPercent: s }, 300_000);
    expect(ring.size).toBe(5);
    expect(ring.points(-Infinity, false).map((p) => p.cpuPercent)).toEqual([15, 16, 17, 18, 19]);
    expect(BYTES_PER_POINT).toBe(24);
  });

  it('puts a gap between readings further apart than the gap length, and after the last on request', () => {
    const ring = new HistoryRing(10, 6_000);
    ring.push(T0, figures, 300_000);
    ring.push(T0 + 2_000, figures, 300_000);
    ring.push(T0 + 60_000, figures, 300_000);
    const points = ring.points(-Infinity, true);
    expect(points.map((p) => [p.atMs - T0, p.cpuPercent])).toEqual([
      [0, 1],
      [2_000, 1],
      [8_000, null],
      [60_000, 1],
      [66_000, null],
    ]);
    expect(points[2]).toMatchObject({ memoryPercent: null, rxBytesPerS: null, txBytesPerS: null });
    // A cut that starts inside the gap leaves no leading gap.
    expect(ring.points(T0 + 5_000, false).map((p) => p.atMs - T0)).toEqual([60_000]);
  });

  it('ignores a copy of a reading it has, and starts afresh when the clock jumps back', () => {
    const ring = new HistoryRing(10, 6_000);
    expect(ring.push(T0 + 10_000, figures, 300_000)).toBe(true);
    expect(ring.push(T0 + 10_000, figures, 300_000)).toBe(false);
    expect(ring.push(T0 + 8_000, figures, 300_000)).toBe(false);
    expect(ring.size).toBe(1);
    expect(ring.push(T0 - 3_600_000, figures, 300_000)).toBe(true);
    expect(ring.points(-Infinity, false).map((p) => p.atMs)).toEqual([T0 - 3_600_000]);
  });
});

describe('HostsHistory on a fixed clock', () => {
  let now = T0;
  const history = () =>
    new HostsHistory('monk', ['kscloud1', 'samurai'], { intervalMs: INTERVAL_MS, now: () => now });

  it('keeps five minutes per host in a ring whose size is fixed at start', () => {
    const h = history();
    // 151 slots of 24 bytes for each of three hosts.
    expect(h.ringBytes).toBe(3 * 151 * 24);
    for (let s = 0; s <= 600; s += 2) {
      now = T0 + s * 1000;
      h.recordSelf(reading('monk', s, s % 100));
    }
    const body = parse(h.json());
    expect(body).toMatchObject({ interval_s: 2, span_s: 300, gap_after_s: 6 });
    expect(body.hosts.map((host) => [host.name, host.self])).toEqual([
      ['monk', true],
      ['kscloud1', false],
      ['samurai', false],
    ]);
    const monk = body.hosts[0]?.points ?? [];
    expect(monk).toHaveLength(151);
    expect(monk[0]?.sampled_at).toBe(new Date(T0 + 300_000).toISOString());
    expect(monk.at(-1)).toEqual({
      sampled_at: new Date(T0 + 600_000).toISOString(),
      cpu_percent: 0,
      memory_percent: 37.5,
      rx_bytes_per_s: 52_000,
      tx_bytes_per_s: 31_000,
    });
    expect(body.hosts[1]?.points).toEqual([]);
    // A shorter span is a cut of the same points.
    expect(parse(h.json(10)).hosts[0]?.points.map((p) => p.cpu_percent)).toEqual([
      90, 92, 94, 96, 98, 0,
    ]);
  });

  it('shows a sampler that slept as a gap, and one asleep now as a gap at the end', () => {
    const h = history();
    for (const s of [0, 2, 4]) {
      now = T0 + s * 1000;
      h.recordSelf(reading('monk', s));
    }
    // Nobody watched for a minute: no reading, and the answer says the line stops.
    now = T0 + 64_000;
    expect(parse(h.json()).hosts[0]?.points.map(isGap)).toEqual([false, false, false, true]);
    h.recordSelf(reading('monk', 64));
    h.recordSelf(reading('monk', 66));
    now = T0 + 66_500;
    const points = parse(h.json()).hosts[0]?.points ?? [];
    expect(points.map(isGap)).toEqual([false, false, false, true, false, false]);
    expect(points[3]?.sampled_at).toBe(new Date(T0 + 10_000).toISOString());
  });

  it('keeps what each peer answered, by its own clock, skipping copies and frozen figures', () => {
    const h = history();
    // kscloud1's clock runs ten minutes behind this portal's: its line is kept whole.
    const skew = -600;
    for (const s of [0, 2, 2, 4, 6]) {
      now = T0 + s * 1000;
      h.recordPeer('kscloud1', reading('kscloud1', s + skew, 20 + s));
    }
    h.recordPeer('kscloud1', { ...reading('kscloud1', 8 + skew, 99), stale: true });
    h.recordPeer('nobody', reading('nobody', 8));
    h.recordPeer('samurai', reading('samurai', 0));
    now = T0 + 60_000;
    h.recordPeer('samurai', reading('samurai', 60));
    const [monk, kscloud1, samurai] = parse(h.json()).hosts;
    expect(monk?.points).toEqual([]);
    // Not heard from since 6 s: a gap after its last reading.
    expect(kscloud1?.points.map((p) => p.cpu_percent)).toEqual([20, 22, 24, 26, null]);
    expect(kscloud1?.points[0]?.sampled_at).toBe(new Date(T0 - 600_000).toISOString());
    expect(samurai?.points.map((p) => p.cpu_percent)).toEqual([10, null, 10]);
  });

  it('keeps figures a peer could send that a ring cannot hold within bounds', () => {
    const h = history();
    const wild = reading('kscloud1', 0);
    wild.network = { ...wild.network, rx_bytes_per_s: 1e300 };
    h.recordPeer('kscloud1', wild);
    const point = parse(h.json()).hosts[1]?.points[0];
    expect(point?.rx_bytes_per_s).toBeGreaterThan(1e38);
    expect(Number.isFinite(point?.rx_bytes_per_s)).toBe(true);
  });
});

describe('this host through the real sampler, on a fake clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('records every sample while polled, and the sleep as a gap', async () => {
    vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
    const sampler = new MetricsSampler(new ClockedHostSource(), {
      intervalMs: INTERVAL_MS,
      idleAfterMs: 10_000,
    });
    const started = sampler.start();
    await vi.advanceTimersByTimeAsync(200);
    await started;
    const peers = new Peers(testConfig(), pino({ enabled: false }));
    const history = createHistory('monk', sampler, peers);
    // As the app's one sample listener does.
    sampler.on('sample', (snapshot) => history.recordSelf(snapshot.metrics));
    const self = () => parse(history.json()).hosts[0]?.points ?? [];
    for (let second = 0; second < 10; second++) {
      await Promise.resolve(sampler.poll());
      await vi.advanceTimersByTimeAsync(1000);
    }
    const awake = self();
    expect(awake.length).toBeGreaterThanOrEqual(5);
    expect(awake.some(isGap)).toBe(false);
    // Asleep for two minutes, then polled again.
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sampler.awake).toBe(false);
    expect(self().at(-1)?.cpu_percent).toBeNull();
    const waking = sampler.poll();
    await vi.advanceTimersByTimeAsync(300);
    await waking;
    const after = self();
    expect(after.filter(isGap)).toHaveLength(1);
    expect(after.at(-1)?.cpu_percent).not.toBeNull();
    const gapAt = after.findIndex(isGap);
    const span = (i: number) =>
      Date.parse(after[i + 1]?.sampled_at ?? '') - Date.parse(after[i - 1]?.sampled_at ?? '');
    expect(span(gapAt)).toBeGreaterThan(100_000);
    await sampler.stop();
  });
});

describe('GET /api/history', () => {
  let app: FastifyInstance;
  let peer: FakePeer;

  beforeAll(async () => {
    peer = await startFakePeer('kscloud1');
    app = await testApp(
      { METRICS_INTERVAL_S: '0.5', HOST_NAME: 'monk', PEERS: `kscloud1=${peer.url}` },
      { hostSource: new CountingHostSource() },
    );
  });
  afterAll(async () => {
    await app.close();
    await peer.close();
  });

  it('answers every host, this one first, never cached', async () => {
    const res = await app.inject('/api/history?span_s=120');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    const body = parse(res.body);
    expect(body.span_s).toBe(120);
    expect(body.hosts.map((host) => host.name)).toEqual(['monk', 'kscloud1']);
    // The sampler's first snapshot, taken before the app answered.
    expect(body.hosts[0]?.points.length).toBeGreaterThanOrEqual(1);
    expect(body.hosts[0]?.points[0]?.cpu_percent).toBe(25);
  });

  it("fills this host's ring from its samples and a peer's from its answers while someone watches", async () => {
    expect(parse((await app.inject('/api/history')).body).hosts[1]?.points).toEqual([]);
    await app.inject('/api/hosts');
    await vi.waitFor(
      async () => {
        const [self, kscloud1] = parse((await app.inject('/api/history')).body).hosts;
        expect(self?.points.filter((p) => !isGap(p)).length).toBeGreaterThanOrEqual(3);
        const points = kscloud1?.points ?? [];
        expect(points.filter((p) => !isGap(p)).length).toBeGreaterThanOrEqual(2);
        expect(points[0]).toMatchObject({ cpu_percent: 7.5, rx_bytes_per_s: 52_000 });
      },
      { timeout: 5_000, interval: 100 },
    );
  });

  it('accepts every span the rings hold, and no longer one', () => {
    expect(Value.Check(HistoryQuery, { span_s: HISTORY_SPAN_S })).toBe(true);
    expect(Value.Check(HistoryQuery, { span_s: HISTORY_SPAN_S + 1 })).toBe(false);
  });

  it.each(['span_s=0', 'span_s=301', 'span_s=1.5', 'span_s=abc', 'host=monk'])(
    'answers ?%s with 400 and the error envelope',
    async (query) => {
      const res = await app.inject(`/api/history?${query}`);
      expect(res.statusCode).toBe(400);
      expect(Value.Check(ErrorEnvelope, res.json())).toBe(true);
    },
  );
});
