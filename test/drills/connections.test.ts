/**
 * Drill: connection pressure on a real API process. Hundreds of stalled half-open sockets
 * do not starve a real request (and the server's timeouts close them); hundreds of live
 * streams all receive events while /api/metrics keeps answering; a stream past the cap is
 * refused at once with the error envelope, and the freed slot is usable again.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPortal, type PortalProcess } from '../support/portal-process.js';
import { openMany, openSse, type SseClient } from './support/sse.js';

const HALF_OPEN = 300;
const STREAMS = 400;

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

describe('connection pressure', () => {
  let portal: PortalProcess;

  beforeAll(async () => {
    portal = await startPortal({
      env: { METRICS_INTERVAL_S: '1', STREAM_MAX_CLIENTS: String(STREAMS + 50) },
    });
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it(`answers a real request while ${HALF_OPEN} half-open connections stall, then closes them`, async () => {
    const sockets: net.Socket[] = [];
    const closed = new Set<net.Socket>();
    const answers: string[] = [];
    try {
      await Promise.all(
        Array.from(
          { length: HALF_OPEN },
          () =>
            new Promise<void>((resolve, reject) => {
              const socket = net.connect({ host: '127.0.0.1', port: portal.port }, () => {
                // Half a request: a request line and one header, never the blank line.
                socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
                resolve();
              });
              let answer = '';
              socket.setEncoding('latin1');
              socket.on('data', (chunk: string) => (answer += chunk));
              socket.on('end', () => answers.push(answer));
              socket.on('error', () => closed.add(socket));
              socket.on('close', () => closed.add(socket));
              socket.once('error', reject);
              sockets.push(socket);
            }),
        ),
      );

      const health = await getJson(`${portal.url}/api/health`);
      const metrics = await getJson(`${portal.url}/api/metrics`);
      // The real requests were answered while the stalled ones still held their sockets.
      const stillOpen = HALF_OPEN - closed.size;
      expect(health).toMatchObject({ status: 200, body: { ok: true } });
      expect(metrics.status).toBe(200);
      expect(stillOpen).toBe(HALF_OPEN);

      // requestTimeout/headersTimeout: the server does not let them hold sockets forever.
      // Timeouts are bounds, not goals.
      await vi.waitFor(
        () => expect(closed.size, 'the server to close every stalled socket').toBe(HALF_OPEN),
        { timeout: 45_000, interval: 100 },
      );
      expect(answers.filter((answer) => !answer.startsWith('HTTP/1.1 408 '))).toEqual([]);
    } finally {
      sockets.forEach((socket) => socket.destroy());
    }
  });

  it(`serves ${STREAMS} concurrent streams fresh events while /api/metrics stays responsive`, async () => {
    const clients: SseClient[] = await openMany(`${portal.url}/api/stream`, STREAMS);
    try {
      expect(clients.filter((client) => client.status !== 200)).toEqual([]);
      const seen = clients.map((client) => client.count('metrics'));

      const polls: string[] = [];
      const polling = (async () => {
        for (let i = 0; i < 10; i++) {
          const { status, body } = await getJson(`${portal.url}/api/metrics`);
          expect(status).toBe(200);
          polls.push((body as { sampled_at: string }).sampled_at);
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
      })();
      // Every client gets at least one event newer than what it had when the wait began.
      await Promise.all(
        clients.map((client, index) => client.waitFor('metrics', seen[index] ?? 0, 30_000)),
      );
      await polling;

      expect(polls).toHaveLength(10);
      expect(new Set(polls).size).toBeGreaterThan(1);
      for (const client of clients) {
        const latest = JSON.parse(client.last.get('metrics') ?? '{}') as {
          cpu?: { cores?: number };
        };
        expect(latest.cpu?.cores).toBeGreaterThan(0);
      }
      expect(clients.filter((client) => client.ended)).toEqual([]);
    } finally {
      clients.forEach((client) => client.close());
    }
  });
});

describe('stream cap', () => {
  const CAP = 5;
  let portal: PortalProcess;

  beforeAll(async () => {
    portal = await startPortal({ env: { STREAM_MAX_CLIENTS: String(CAP) } });
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it('refuses the stream past the cap with a 503 envelope, and admits again once a slot frees', async () => {
    const admitted = await openMany(`${portal.url}/api/stream`, CAP);
    const extra: SseClient[] = [];
    try {
      expect(admitted.map((client) => client.status)).toEqual(Array(CAP).fill(200));

      const refused = await openSse(`${portal.url}/api/stream`);
      extra.push(refused);
      expect(refused.status).toBe(503);
      expect(refused.headers['content-type']).toMatch(/^application\/json/);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      await vi.waitFor(() => expect(refused.ended, 'the refusal to end').toBe(true), {
        timeout: 10_000,
        interval: 100,
      });
      expect(JSON.parse(refused.body)).toEqual({
        error: { code: expect.any(String), message: expect.any(String) },
      });

      admitted.pop()?.close();
      // The server notices the close asynchronously: retry until a slot is free again.
      let again: SseClient | null = null;
      await vi.waitFor(
        async () => {
          again?.close();
          again = await openSse(`${portal.url}/api/stream`);
          extra.push(again);
          expect(again.status, 'a freed slot').toBe(200);
        },
        { timeout: 10_000, interval: 100 },
      );
      expect(portal.child.exitCode).toBeNull();
    } finally {
      [...admitted, ...extra].forEach((client) => client.close());
    }
  });
});
