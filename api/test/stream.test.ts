/** /api/stream over a real socket: events, the client cap, clean disconnects and shutdown. */
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CountingHostSource } from './helpers/fake-host.js';
import { listenOnLoopback, testApp } from './helpers/app.js';
import { openStream } from './helpers/sse.js';
import { StreamHub } from '../src/stream.js';

/** How long a stream test waits for what a sampler at 0.5 s brings within a few ticks. */
const WAIT = { timeout: 5_000, interval: 20 };

let app: FastifyInstance | null = null;

async function listening(
  env: Record<string, string>,
): Promise<{ app: FastifyInstance; port: number }> {
  app = await testApp(
    { METRICS_INTERVAL_S: '0.5', ...env },
    { hostSource: new CountingHostSource() },
  );
  const base = await listenOnLoopback(app);
  return { app, port: Number(new URL(base).port) };
}

afterEach(async () => {
  await app?.close();
  app = null;
});

describe('GET /api/stream', () => {
  it('sends SSE headers, the current metrics at once, then one event per sample (alone and among the hosts)', async () => {
    const { port } = await listening({});
    const stream = await openStream(port);
    expect(stream.res.statusCode).toBe(200);
    expect(stream.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.res.headers['cache-control']).toBe('no-store');
    expect(stream.res.headers['x-accel-buffering']).toBe('no');
    expect(stream.res.headers['x-content-type-options']).toBe('nosniff');
    const metrics = () => stream.events.filter((e) => e.event === 'metrics');
    await vi.waitFor(() => expect(metrics().length).toBeGreaterThanOrEqual(3), WAIT);
    expect(stream.text().startsWith('retry: ')).toBe(true);
    const stamps = metrics().map((e) => JSON.parse(e.data).sampled_at as string);
    expect(new Set(stamps).size).toBe(stamps.length);
    // Nothing else is configured: each sample also comes as this host alone in `hosts`.
    const hosts = stream.events.filter((e) => e.event !== 'metrics');
    expect(hosts.every((e) => e.event === 'hosts')).toBe(true);
    const lastHosts = JSON.parse(hosts.at(-1)?.data ?? '{}');
    expect(lastHosts.hosts).toHaveLength(1);
    expect(lastHosts.hosts[0]).toMatchObject({ self: true, reachable: true, stale: false });
    stream.req.destroy();
  });

  it('sends heartbeats on idle streams', async () => {
    const { port } = await listening({ STREAM_HEARTBEAT_S: '1', METRICS_INTERVAL_S: '60' });
    const stream = await openStream(port);
    await vi.waitFor(() => expect(stream.text()).toContain(': heartbeat'), WAIT);
    stream.req.destroy();
  });

  it('refuses streams past the cap with a 503 envelope, and admits again after one leaves', async () => {
    const { app, port } = await listening({ STREAM_MAX_CLIENTS: '3' });
    const open = await Promise.all([openStream(port), openStream(port), openStream(port)]);
    expect(app.hub.size).toBe(3);
    const refused = await app.inject('/api/stream');
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.json()).toEqual({
      error: { code: 'too_many_streams', message: expect.stringContaining('/api/metrics') },
    });
    open[0]?.req.destroy();
    await vi.waitFor(() => expect(app.hub.size).toBe(2), WAIT);
    const again = await openStream(port);
    expect(again.res.statusCode).toBe(200);
    for (const stream of [...open, again]) stream.req.destroy();
  });

  it('leaves no clients, timers or listeners behind after disconnects', async () => {
    const { app, port } = await listening({});
    const streams = await Promise.all(Array.from({ length: 20 }, () => openStream(port)));
    await vi.waitFor(() => expect(app.hub.size).toBe(20), WAIT);
    expect(app.hub.heartbeatActive).toBe(true);
    const listenersBefore = app.sampler.listenerCount('sample');
    for (const stream of streams) stream.req.destroy();
    await vi.waitFor(() => expect(app.hub.size).toBe(0), WAIT);
    expect(app.hub.heartbeatActive).toBe(false);
    // The hub subscribes to the sampler once, not per client.
    expect(app.sampler.listenerCount('sample')).toBe(listenersBefore);
    expect(listenersBefore).toBe(1);
  });

  it('ends open streams when the server shuts down', async () => {
    const { app: running, port } = await listening({});
    const streams = await Promise.all([openStream(port), openStream(port)]);
    const started = Date.now();
    await running.close();
    app = null;
    await Promise.all(streams.map((stream) => stream.ended));
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('StreamHub greeting', () => {
  /** A response whose socket never drains: everything written stays queued. */
  class StuckResponse extends EventEmitter {
    writableLength = 0;
    destroyed = false;
    write(chunk: string): boolean {
      this.writableLength += Buffer.byteLength(chunk);
      return false;
    }
    end(): void {}
    destroy(): void {
      this.destroyed = true;
      this.emit('close');
    }
  }

  it('holds a newcomer to the same bound as later events: the latest payloads cannot pile up', () => {
    const hub = new StreamHub({
      maxClients: 10,
      heartbeatMs: 60_000,
      maxBufferedBytes: 10_000,
      events: ['metrics', 'weather', 'activity', 'status', 'hosts'],
    });
    for (const event of ['metrics', 'weather', 'activity', 'status', 'hosts'])
      hub.publish(event, JSON.stringify({ padding: 'x'.repeat(8_000) }));
    const stuck = new StuckResponse();
    hub.add(stuck as unknown as ServerResponse);
    expect(stuck.destroyed).toBe(true);
    // Two payloads fit under the bound before the third is refused; never all five.
    expect(stuck.writableLength).toBeLessThan(3 * 8_100);
    expect(hub.size).toBe(0);
    expect(hub.heartbeatActive).toBe(false);
    hub.close();
  });
});
