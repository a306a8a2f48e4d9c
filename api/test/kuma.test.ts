/**
 * Uptime Kuma status from the recorded contract documents, in both the 1.23 and 2.x
 * shapes, and the way each version answers an unknown slug.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../src/sources/http/client.js';
import { UpstreamError } from '../src/sources/http/upstream-error.js';
import { fetchStatus, kumaTime, mapStatus } from '../src/sources/status/kuma.js';
import {
  KUMA_HEARTBEAT,
  KUMA_STATUS_PAGE_V1,
  KUMA_STATUS_PAGE_V2,
  startFakeKuma,
  type FakeKuma,
} from '../../fakes/index.js';

const EXPECTED = [
  {
    name: 'Forgejo',
    status: 'up',
    uptime_24h_percent: 99.93,
    ping_ms: 50,
    checked_at: '2026-08-22T09:55:38.726Z',
  },
  {
    name: 'Pi-hole DNS',
    status: 'up',
    uptime_24h_percent: 100,
    ping_ms: 14,
    checked_at: '2026-08-22T09:55:44.726Z',
  },
  {
    name: 'Reverse proxy',
    status: 'up',
    uptime_24h_percent: 97.85,
    ping_ms: 2,
    checked_at: '2026-08-22T09:55:50.726Z',
  },
  {
    name: 'Jellyfin',
    status: 'down',
    uptime_24h_percent: 99.17,
    ping_ms: null,
    checked_at: '2026-08-22T09:55:56.726Z',
  },
  {
    name: 'NAS',
    status: 'maintenance',
    uptime_24h_percent: 95.83,
    ping_ms: null,
    checked_at: '2026-08-22T09:55:02.726Z',
  },
  // No beats yet: unknown, not down, and no uptime figure (Kuma writes 0).
  {
    name: 'Nightly backup',
    status: 'unknown',
    uptime_24h_percent: null,
    ping_ms: null,
    checked_at: null,
  },
];

describe('mapStatus', () => {
  it.each([
    ['2.x (incidents)', KUMA_STATUS_PAGE_V2],
    ['1.23 (incident)', KUMA_STATUS_PAGE_V1],
  ])('reads the %s shape with the recorded heartbeats', (_shape, page) => {
    expect(mapStatus(JSON.parse(page), JSON.parse(KUMA_HEARTBEAT))).toEqual(EXPECTED);
  });

  it('maps every status code, including pending', () => {
    const page = {
      publicGroupList: [{ monitorList: [0, 1, 2, 3, 7].map((id) => ({ id, name: `m${id}` })) }],
    };
    const beat = (status: number) => [{ status, time: '2026-08-22 09:55:38', msg: '', ping: null }];
    const heartbeat = {
      heartbeatList: Object.fromEntries([0, 1, 2, 3, 7].map((s) => [String(s), beat(s)])),
    };
    expect(mapStatus(page, heartbeat).map((m) => m.status)).toEqual([
      'down',
      'up',
      'pending',
      'maintenance',
      'unknown',
    ]);
  });

  it('lists a monitor shown in two groups once', () => {
    const page = {
      publicGroupList: [
        { monitorList: [{ id: 1, name: 'Grafana' }] },
        { monitorList: [{ id: 1, name: 'Grafana' }] },
      ],
    };
    expect(mapStatus(page, { heartbeatList: {}, uptimeList: {} })).toHaveLength(1);
  });

  it('refuses documents without the lists it needs', () => {
    expect(() => mapStatus({}, JSON.parse(KUMA_HEARTBEAT))).toThrow(/publicGroupList/);
    expect(() => mapStatus(JSON.parse(KUMA_STATUS_PAGE_V2), {})).toThrow(/heartbeatList/);
  });
});

describe('kumaTime', () => {
  it('reads UTC times without a zone, with or without milliseconds', () => {
    expect(kumaTime('2026-08-22 09:55:38.726')).toBe('2026-08-22T09:55:38.726Z');
    expect(kumaTime('2026-08-22 09:55:38')).toBe('2026-08-22T09:55:38.000Z');
    expect(kumaTime('yesterday')).toBeNull();
    expect(kumaTime(null)).toBeNull();
  });
});

describe('fetchStatus against the fake Uptime Kuma', () => {
  const fakes: FakeKuma[] = [];
  const clients: HttpClient[] = [];
  const client = (kuma: FakeKuma, timeoutMs = 1000) => {
    const http = new HttpClient({
      upstream: 'Uptime Kuma',
      baseUrl: kuma.url,
      timeoutMs,
      maxBodyBytes: 256 * 1024,
    });
    clients.push(http);
    return http;
  };
  const start = async (version: '2' | '1.23') => {
    const kuma = await startFakeKuma({ version });
    fakes.push(kuma);
    return kuma;
  };
  /** fetchStatus as the only reader of the page (nothing shared, nothing remembered). */
  const fetchAlone = (http: HttpClient, kuma: FakeKuma, slug: string) =>
    fetchStatus(
      http,
      { baseUrl: kuma.url, slug, ttlS: 30 },
      { shared: (create) => create(Date.now) },
    );

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await Promise.all(fakes.map((f) => f.close()));
  });

  it.each(['2', '1.23'] as const)('reads version %s', async (version) => {
    const kuma = await start(version);
    expect(await fetchAlone(client(kuma), kuma, 'homelab')).toEqual(EXPECTED);
    expect(kuma.requests.byPath()).toEqual({
      '/api/status-page/homelab': 1,
      '/api/status-page/heartbeat/homelab': 1,
    });
  });

  it('2.x: an unknown slug is a clear not-found error', async () => {
    const kuma = await start('2');
    const error = (await fetchAlone(client(kuma), kuma, 'nope').catch(
      (e: unknown) => e,
    )) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.kind).toBe('not_found');
    expect(error.message).toMatch(/slug/);
  });

  it('1.23: an unknown slug never answers, and the deadline turns that into a timeout', async () => {
    const kuma = await start('1.23');
    const error = (await fetchAlone(client(kuma, 300), kuma, 'nope').catch(
      (e: unknown) => e,
    )) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.kind).toBe('timeout');
    expect(error.statusCode).toBe(504);
  });
});
