/**
 * The per-network stream limit: one visitor network (an IPv4 address, an IPv6 /48) holds
 * STREAM_MAX_PER_NETWORK streams at most, so the /64s of one /56 can no longer take every slot.
 * Visitors are given by X-Forwarded-For from loopback, which the API believes by default.
 */
import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { visitorNetwork } from '../src/visitor-network.js';
import { listenOnLoopback, testApp } from './helpers/app.js';
import { CountingHostSource } from './helpers/fake-host.js';

let app: FastifyInstance | null = null;
const requests: http.ClientRequest[] = [];

afterEach(async () => {
  for (const req of requests.splice(0)) req.destroy();
  await app?.close();
  app = null;
});

async function listening(env: Record<string, string>): Promise<number> {
  app = await testApp(env, { hostSource: new CountingHostSource() });
  return Number(new URL(await listenOnLoopback(app)).port);
}

/** Opens a stream as `visitor`; the status it got (200 streams stay open until the test ends). */
function stream(port: number, visitor: string | null): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = visitor ? { 'x-forwarded-for': visitor } : {};
    const req = http.get({ host: '127.0.0.1', port, path: '/api/stream', headers }, (res) => {
      if (res.statusCode === 200) return resolve({ status: 200, body: '' });
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    requests.push(req);
  });
}

describe('visitorNetwork', () => {
  it('keys IPv6 per /48, whatever the spelling, and IPv4 per address', () => {
    const key = '2001:db8:1::/48';
    for (const address of [
      '2001:db8:1::1',
      '2001:0db8:0001:0000:0000:0000:0000:0001',
      '2001:db8:1:ff00::1',
      '2001:db8:1:ffff:ffff:ffff:ffff:ffff',
      '2001:DB8:1:2:3:4:1.2.3.4',
    ]) {
      expect(visitorNetwork(address), address).toBe(key);
    }
    expect(visitorNetwork('2001:db8:2::1')).toBe('2001:db8:2::/48');
    expect(visitorNetwork('2001:db8::1')).toBe('2001:db8:0::/48');
    expect(visitorNetwork('203.0.113.5')).toBe('203.0.113.5');
    expect(visitorNetwork('::ffff:203.0.113.5')).toBe('203.0.113.5');
  });

  it('leaves private addresses unlimited: this host, peers, an nginx not named in TRUST_PROXY', () => {
    for (const address of [
      '127.0.0.1',
      '::1',
      '172.18.0.2',
      '100.101.102.103',
      'fd7a:115c:a1e0::1',
    ])
      expect(visitorNetwork(address), address).toBeNull();
  });
});

describe('GET /api/stream per visitor network', () => {
  it('gives the /64s of one /56 their share, and leaves the other slots to everyone else', async () => {
    const port = await listening({ STREAM_MAX_CLIENTS: '50', STREAM_MAX_PER_NETWORK: '20' });
    const statuses: number[] = [];
    for (let subnet = 0; subnet < 30; subnet += 1) {
      const visitor = `2001:db8:0:${subnet.toString(16)}::1`;
      statuses.push((await stream(port, visitor)).status);
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    const refused = await stream(port, '2001:db8:0:ff::1');
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body)).toEqual({
      error: {
        code: 'too_many_streams',
        message:
          'Too many live streams open from your network; poll /api/hosts (or /api/metrics) instead',
      },
    });
    // Another /48 and an IPv4 visitor still get theirs.
    expect((await stream(port, '2001:db8:1::1')).status).toBe(200);
    expect((await stream(port, '198.51.100.7')).status).toBe(200);
    expect(app?.hub.networks).toBe(3);
  });

  it('gives a slot back when a stream of that network closes', async () => {
    const port = await listening({ STREAM_MAX_PER_NETWORK: '2' });
    expect((await stream(port, '203.0.113.5')).status).toBe(200);
    expect((await stream(port, '203.0.113.5')).status).toBe(200);
    expect((await stream(port, '203.0.113.5')).status).toBe(503);
    requests[0]?.destroy();
    await vi.waitFor(() => expect(app?.hub.size).toBe(1));
    expect((await stream(port, '203.0.113.5')).status).toBe(200);
  });

  it('does not limit loopback clients per network', async () => {
    const port = await listening({ STREAM_MAX_PER_NETWORK: '1' });
    expect((await stream(port, null)).status).toBe(200);
    expect((await stream(port, null)).status).toBe(200);
    expect(app?.hub.networks).toBe(0);
  });
});
