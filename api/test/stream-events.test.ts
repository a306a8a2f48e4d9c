/**
 * `?events=` on /api/stream: each client gets the events it asked for (greeting and later
 * publishes), a client that names none gets every event, a bad list is a 400 envelope, and a
 * published event is framed once for all its subscribers.
 */
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SOURCES } from '../src/sources/listed.js';
import { StreamHub, type Subscription } from '../src/stream.js';
import { listenOnLoopback, testApp } from './helpers/app.js';
import { CountingHostSource } from './helpers/fake-host.js';
import { openStream } from './helpers/sse.js';

const EVENTS = ['metrics', 'hosts', 'weather', 'status'];

/** A response that takes every write and keeps it. */
class RecordingResponse extends EventEmitter {
  readonly writes: (Buffer | string)[] = [];
  writableLength = 0;
  write(chunk: Buffer | string): boolean {
    this.writes.push(chunk);
    return true;
  }
  end(): void {}
  destroy(): void {
    this.emit('close');
  }
  /** The event names received, in order. */
  get events(): string[] {
    return this.writes.flatMap((chunk) => /^event: (.*)$/m.exec(String(chunk))?.[1] ?? []);
  }
}

function hub(heartbeatMs = 60_000): StreamHub {
  return new StreamHub({ maxClients: 10, heartbeatMs, events: EVENTS });
}

function client(to: StreamHub, subscription: Subscription = null): RecordingResponse {
  const res = new RecordingResponse();
  to.add(res as unknown as ServerResponse, null, subscription);
  return res;
}

describe('StreamHub subscriptions', () => {
  it('gives a subscribed client only its events, in the greeting and after; others get all', () => {
    const streams = hub();
    streams.publish('metrics', '{"n":1}');
    streams.publish('hosts', '{"n":1}');
    streams.publish('weather', '{"n":1}');
    const page = client(streams, new Set(['hosts', 'weather']));
    const script = client(streams);
    expect(page.events).toEqual(['hosts', 'weather']);
    expect(script.events).toEqual(['metrics', 'hosts', 'weather']);
    streams.publish('metrics', '{"n":2}');
    streams.publish('status', '{"n":2}');
    streams.publish('hosts', '{"n":2}');
    expect(page.events).toEqual(['hosts', 'weather', 'hosts']);
    expect(script.events).toEqual(['metrics', 'hosts', 'weather', 'metrics', 'status', 'hosts']);
    expect(String(page.writes.at(-1))).toBe('event: hosts\ndata: {"n":2}\n\n');
    streams.close();
  });

  it('frames a published event once: every subscriber is written the very same buffer', () => {
    const streams = hub();
    const a = client(streams, new Set(['hosts']));
    const b = client(streams, new Set(['hosts', 'metrics']));
    const all = client(streams);
    const other = client(streams, new Set(['weather']));
    const before = [a, b, all, other].map((res) => res.writes.length);
    streams.publish('hosts', '{"hosts":[]}');
    const frames = [a, b, all].map((res) => res.writes.at(-1));
    expect(frames[0]).toBeInstanceOf(Buffer);
    expect(frames[1]).toBe(frames[0]);
    expect(frames[2]).toBe(frames[0]);
    expect([a, b, all, other].map((res) => res.writes.length)).toEqual(
      before.map((count, i) => (i < 3 ? count + 1 : count)),
    );
    // A newcomer's greeting is that frame too, not a new one.
    expect(client(streams, new Set(['hosts'])).writes.at(-1)).toBe(frames[0]);
    streams.close();
  });

  it('sends the heartbeat to every client, whatever it subscribed to', () => {
    vi.useFakeTimers();
    try {
      const streams = hub(1_000);
      const clients = [client(streams, new Set(['weather'])), client(streams)];
      vi.advanceTimersByTime(1_000);
      for (const res of clients) expect(res.writes.at(-1)).toBe(': heartbeat\n\n');
      streams.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('reads the list: duplicates and every known event are fine, unknown or none refused', () => {
    const streams = hub();
    expect(streams.subscription(undefined)).toEqual({ ok: true, subscription: null });
    expect(streams.subscription('hosts,hosts,weather')).toEqual({
      ok: true,
      subscription: new Set(['hosts', 'weather']),
    });
    expect(streams.subscription('status,weather,hosts,metrics')).toMatchObject({ ok: true });
    for (const list of ['', ',', ',,']) {
      expect(streams.subscription(list), list).toEqual({
        ok: false,
        message: 'events lists no event; ask for one or more of: metrics, hosts, weather, status',
      });
    }
    expect(streams.subscription('hosts,Weather')).toEqual({
      ok: false,
      message:
        'Unknown event "Weather" in events; ask for one or more of: metrics, hosts, weather, status',
    });
  });

  it('refuses to publish an event no client could ask for', () => {
    expect(() => hub().publish('forecast', '{}')).toThrow(/no event "forecast"/);
  });
});

describe('GET /api/stream?events=', () => {
  let app: FastifyInstance | null = null;

  afterEach(async () => {
    await app?.close();
    app = null;
  });

  async function listening(): Promise<{ app: FastifyInstance; port: number }> {
    app = await testApp({ METRICS_INTERVAL_S: '0.5' }, { hostSource: new CountingHostSource() });
    return { app, port: Number(new URL(await listenOnLoopback(app)).port) };
  }

  it('sends only the events asked for, from the greeting on', async () => {
    const { port } = await listening();
    const stream = await openStream(port, '/api/stream?events=hosts');
    expect(stream.res.statusCode).toBe(200);
    await vi.waitFor(
      () => expect(stream.events.filter((e) => e.event === 'hosts').length).toBeGreaterThan(3),
      { timeout: 5_000, interval: 20 },
    );
    expect(new Set(stream.events.map((e) => e.event))).toEqual(new Set(['hosts']));
    const stamps = stream.events.map(
      (e) => (JSON.parse(e.data) as { hosts: { fetched_at: string }[] }).hosts[0]?.fetched_at,
    );
    // One event per sample: no sample twice.
    expect(new Set(stamps).size).toBe(stamps.length);
    stream.req.destroy();
  });

  it('takes any source with a stream event, configured on this host or not', async () => {
    const { app, port } = await listening();
    expect(app.sources.byName('weather')).toBeUndefined();
    const names = SOURCES.flatMap((source) => (source.route ? [source.name] : [])).join(',');
    const stream = await openStream(port, `/api/stream?events=${names}`);
    expect(stream.res.statusCode).toBe(200);
    await vi.waitFor(() => expect(stream.text()).toMatch(/^retry: /), { timeout: 5_000 });
    stream.req.destroy();
  });

  it('answers a bad list with a 400 envelope and opens no stream', async () => {
    const { app } = await listening();
    const cases: [string, RegExp][] = [
      ['events=nope', /Unknown event "nope" in events; ask for one or more of: metrics, hosts, /],
      ['events=hosts,metrics,nope', /Unknown event "nope"/],
      ['events=', /events lists no event/],
      ['events=,', /events lists no event/],
      ['events=hosts&events=metrics', /^querystring\/events must be string$/],
      ['event=hosts', /^querystring must NOT have additional properties$/],
    ];
    for (const [query, message] of cases) {
      const answer = await app.inject(`/api/stream?${query}`);
      expect(answer.statusCode, query).toBe(400);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(answer.json(), query).toEqual({
        error: { code: 'bad_request', message: expect.stringMatching(message) },
      });
    }
    expect(app.hub.size).toBe(0);
  });
});
