/**
 * Drill: SIGTERM while clients are attached. Open streams are ended by the server, idle
 * keep-alive and stalled connections do not hold the exit, and the process exits with
 * code 0 on its own (its shutdown grace would exit 1; the harness would SIGKILL later).
 */
import net from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { startFakes } from '../../fakes/index.js';
import { startPortal } from '../support/portal-process.js';
import { openMany } from './support/sse.js';
import { rawRequest } from '../support/raw-http.js';

describe('SIGTERM', () => {
  it('with open streams: every stream ends and the process exits 0', async () => {
    const portal = await startPortal();
    const clients = await openMany(`${portal.url}/api/stream`, 50);
    try {
      await Promise.all(clients.map((client) => client.waitFor('metrics', 0, 10_000)));
      const code = await portal.stop('SIGTERM');
      expect(code).toBe(0);
      expect(clients.filter((client) => !client.ended)).toEqual([]);
      expect(portal.output()).toContain('shutting down');
    } finally {
      clients.forEach((client) => client.close());
      await portal.stop('SIGKILL');
    }
  });

  it('with streams, an idle keep-alive connection and a stalled request: still exits 0', async () => {
    const portal = await startPortal();
    const clients = await openMany(`${portal.url}/api/stream`, 10);
    // A keep-alive connection that has been answered once and now sits idle.
    const idle = net.connect({ host: '127.0.0.1', port: portal.port });
    // A client that sent half a request and went quiet.
    const stalled = net.connect({ host: '127.0.0.1', port: portal.port });
    for (const socket of [idle, stalled]) {
      socket.on('error', () => undefined);
      socket.resume();
    }
    try {
      await new Promise<void>((resolve) => idle.once('connect', () => resolve()));
      idle.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      await new Promise<void>((resolve) => idle.once('data', () => resolve()));
      stalled.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      // The server has certainly seen the stalled bytes once a later request is answered.
      const probe = await rawRequest(
        portal.port,
        'GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      );
      expect(probe?.status).toBe(200);

      const code = await portal.stop('SIGTERM');
      expect(code).toBe(0);
      expect(clients.filter((client) => !client.ended)).toEqual([]);
    } finally {
      clients.forEach((client) => client.close());
      idle.destroy();
      stalled.destroy();
      await portal.stop('SIGKILL');
    }
  });

  it('with a call to a hung upstream in flight: the call is aborted and the process exits 0', async () => {
    const fakes = await startFakes();
    // A 10 s upstream deadline is twice the shutdown grace: waiting for the call would exit 1.
    const portal = await startPortal({ env: { ...fakes.env, UPSTREAM_TIMEOUT_S: '10' } });
    try {
      await fakes.wttr.setFault('hang');
      const visitor = fetch(`${portal.url}/api/weather`).then(
        async (response) => ({ status: response.status, body: await response.text() }),
        () => null,
      );
      // The portal's call has reached the upstream, which will never answer.
      await vi.waitFor(
        () => expect(fakes.wttr.requests.inFlight, 'the call to reach the upstream').toBe(1),
        { timeout: 5_000, interval: 20 },
      );

      const code = await portal.stop('SIGTERM');
      expect(code).toBe(0);
      expect(portal.output()).not.toContain('shutdown took too long');
      // The visitor was answered (the envelope) or cut off, never left hanging.
      const answer = await visitor;
      if (answer) expect(JSON.parse(answer.body)).toHaveProperty('error.code');
    } finally {
      await portal.stop('SIGKILL');
      await fakes.close();
    }
  });
});
