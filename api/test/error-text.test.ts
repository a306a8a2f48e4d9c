/**
 * Outside text in error messages and log fields is capped: a peer's 15 KB Content-Type, a
 * long upstream URL or a visitor's 10 KB path never travels whole into `/api/hosts`, the
 * `hosts` event, an error envelope or the log.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpClient } from '../src/sources/http/client.js';
import { UpstreamError } from '../src/sources/http/upstream-error.js';
import { MESSAGE_CHARS } from '../src/sources/text-caps.js';
import { testApp } from './helpers/app.js';
import { CountingHostSource } from './helpers/fake-host.js';

const LONG = 'x'.repeat(15_000);
/** The longest message allowed: a fixed sentence of ours around one capped outside string. */
const MESSAGE_MAX = MESSAGE_CHARS + 100;

let peer: http.Server;
let peerUrl: string;

beforeAll(async () => {
  // A peer that answers every path with 200, a 15 KB Content-Type and a body.
  peer = http.createServer({ maxHeaderSize: 64 * 1024 }, (_req, res) => {
    res.writeHead(200, { 'content-type': `text/${LONG}` }).end('{}');
  });
  await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
  peerUrl = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => peer.close(() => resolve())));

function longestString(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return Math.max(0, ...value.map(longestString));
  if (typeof value === 'object' && value !== null)
    return Math.max(0, ...Object.values(value).map(longestString));
  return 0;
}

describe('the upstream client', () => {
  it("caps an upstream's Content-Type in the error message", async () => {
    const client = new HttpClient({
      upstream: 'peer bad',
      baseUrl: peerUrl,
      timeoutMs: 2000,
      maxBodyBytes: 1024,
    });
    const response = await client.get('/api/metrics');
    let error: unknown;
    try {
      client.json(response);
    } catch (caught) {
      error = caught;
    }
    await client.close();
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message.length).toBeLessThanOrEqual(MESSAGE_MAX);
    expect((error as Error).message).toMatch(/^peer bad answered something unexpected: a text\/x/);
  });

  it('caps the URL and the reason a failure hands the log', async () => {
    const client = new HttpClient({
      upstream: 'Forgejo',
      baseUrl: peerUrl,
      timeoutMs: 2000,
      maxBodyBytes: 1024,
    });
    const response = await client.get(`/api/v1/repos/${'r'.repeat(5000)}`);
    await client.close();
    const failure = client.invalid(response, `a ${LONG} answer`);
    expect(failure.message.length).toBeLessThanOrEqual(MESSAGE_MAX);
    expect(failure.detail.url?.length).toBeLessThanOrEqual(MESSAGE_CHARS);
    expect(longestString(failure.detail)).toBeLessThanOrEqual(MESSAGE_CHARS);
  });

  it('makes the logged body one line without bidi controls', () => {
    const client = new HttpClient({
      upstream: 'Forgejo',
      baseUrl: peerUrl,
      timeoutMs: 2000,
      maxBodyBytes: 1024,
    });
    expect(client.logBody('line one\nline two\u202e\r\n')).toBe('line one line two  ');
  });
});

describe('the app', () => {
  let app: FastifyInstance;
  const logLines: string[] = [];

  beforeAll(async () => {
    const logger = {
      level: 'info',
      stream: new Writable({
        write(chunk, _encoding, done) {
          logLines.push(String(chunk));
          done();
        },
      }),
    };
    app = await testApp(
      { PEERS: `bad=${peerUrl}`, METRICS_INTERVAL_S: '0.5' },
      { hostSource: new CountingHostSource(), logger },
    );
  });
  afterAll(() => app.close());

  it("keeps a peer's 15 KB Content-Type out of /api/hosts and out of the log", async () => {
    await vi.waitFor(
      async () => {
        const hosts = (await app.inject('/api/hosts')).json();
        expect(hosts.hosts[1].error.code).toBe('upstream_invalid');
      },
      { timeout: 5000, interval: 100 },
    );
    const hosts = (await app.inject('/api/hosts')).json();
    expect(hosts.hosts[1].error.message.length).toBeLessThanOrEqual(MESSAGE_MAX);
    const peerLines = logLines.filter((line) => line.includes('peer bad'));
    expect(peerLines.length).toBeGreaterThan(0);
    for (const line of peerLines) {
      expect(longestString(JSON.parse(line))).toBeLessThanOrEqual(MESSAGE_MAX);
    }
  });

  it("caps a visitor's long path in the 404 message and in the request log", async () => {
    const path = `/${'p'.repeat(10_000)}`;
    logLines.length = 0;
    const res = await app.inject(path);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message.length).toBeLessThanOrEqual(MESSAGE_MAX);
    const requestLine = logLines.map((line) => JSON.parse(line)).find((entry) => entry.status);
    expect(requestLine?.status).toBe(404);
    expect(requestLine.path.length).toBeLessThanOrEqual(MESSAGE_CHARS);
  });
});
