/**
 * One bad peer never breaks another host: hostile fake peers (a number JSON cannot hold in an
 * integer and in a float field, nulls, a missing object, strings for numbers, a negative
 * count) are refused before anything is cached, shown as `peer_incompatible`, and neither
 * this host's entry nor a good peer's changes. `/api/hosts` stays 200 throughout.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HostsReport } from '../src/peers/index.js';
import { Hosts, type HostEntry } from '../src/schemas/index.js';
import { peerMetrics, startFakePeer, type FakePeer } from '../../fakes/index.js';
import { testApp } from './helpers/app.js';
import { CountingHostSource } from './helpers/fake-host.js';

const SAMPLED = new Date(Date.UTC(2026, 10, 26, 21));
const good = () => peerMetrics('kscloud1', SAMPLED);

/** Each hostile peer's answer as raw JSON text (1e999 parses to Infinity; JSON.stringify cannot write it). */
const HOSTILE: Record<string, { body: string; reason: RegExp; version?: string }> = {
  'inf-int': {
    body: JSON.stringify(good()).replace('"total":142', '"total":1e999'),
    reason: /\/processes\/total must be integer/,
  },
  'inf-float': {
    body: JSON.stringify({ ...good(), version: '9.9.9' }).replace(
      '"load_avg":[0.31',
      '"load_avg":[1e999',
    ),
    reason: /\/cpu\/load_avg\/0 must be number/,
    version: '9.9.9',
  },
  'inf-temp': {
    body: JSON.stringify(good()).replace('"temperature_c":null', '"temperature_c":-1e999'),
    reason: /\/cpu\/temperature_c must be number/,
  },
  nulls: {
    body: JSON.stringify({
      ...good(),
      memory: { ...(good().memory as object), total_bytes: null },
    }),
    reason: /\/memory\/total_bytes must be number/,
  },
  'no-memory': {
    body: JSON.stringify({ ...good(), memory: undefined }),
    reason: /must have required property 'memory'/,
  },
  strings: {
    body: JSON.stringify({ ...good(), cpu: { ...(good().cpu as object), percent: '7.5' } }),
    reason: /\/cpu\/percent must be number/,
  },
  negative: {
    body: JSON.stringify(good()).replace('"total":142', '"total":-1'),
    reason: /\/processes\/total must be >= 0/,
  },
};

/** Logger options that keep every log line in `lines`. */
function logTo(lines: string[]) {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { level: 'info', stream };
}

let now = Date.UTC(2026, 10, 26, 21);
let app: FastifyInstance;
let goodPeer: FakePeer;
const hostile = new Map<string, FakePeer>();
const logLines: string[] = [];

beforeAll(async () => {
  goodPeer = await startFakePeer('kscloud1');
  goodPeer.setBody(good());
  for (const [name, { body }] of Object.entries(HOSTILE)) {
    const peer = await startFakePeer(name);
    peer.setBody(body);
    hostile.set(name, peer);
  }
  const peers = [`kscloud1=${goodPeer.url}`, ...[...hostile].map(([n, p]) => `${n}=${p.url}`)];
  app = await testApp(
    { HOST_NAME: 'monk', PEERS: peers.join(','), UPSTREAM_TIMEOUT_S: '2' },
    {
      hostSource: new CountingHostSource(),
      now: () => now,
      logger: logTo(logLines),
    },
  );
});
afterAll(async () => {
  await app.close();
  await Promise.all([goodPeer, ...hostile.values()].map((peer) => peer.close()));
});

/**
 * The answer once every peer has answered: a poll starts the watch (which asks each peer when
 * it is due), and each peer's call is joined, or started at once, rather than waited for.
 */
async function settledHosts(): Promise<HostEntry[]> {
  await app.inject('/api/hosts');
  await Promise.all(app.peers.list.map((peer) => peer.cache.refresh()));
  const res = await app.inject('/api/hosts');
  expect(res.statusCode).toBe(200);
  const body = res.json();
  expect(Value.Errors(Hosts, body)).toEqual([]);
  return body.hosts;
}

const byName = (hosts: HostEntry[], name: string) => {
  const entry = hosts.find((host) => host.name === name);
  if (!entry) throw new Error(`no host named ${name}`);
  return entry;
};

describe('hostile peers', () => {
  let hosts: HostEntry[];
  beforeAll(async () => {
    hosts = await settledHosts();
  });

  it.each(Object.entries(HOSTILE))(
    '%s is refused before it is cached and shown as an incompatible version',
    (name, { reason, version }) => {
      const entry = byName(hosts, name);
      expect(entry.reachable).toBe(true);
      expect(entry.metrics).toBeNull();
      expect(entry.error?.code).toBe('peer_incompatible');
      expect(entry.error?.message).toMatch(reason);
      expect(entry.version).toBe(version ?? null);
      if (version)
        expect(entry.error?.message).toMatch(
          new RegExp(`^${name} runs version ${version}, whose answer this portal cannot read: `),
        );
      else
        expect(entry.error?.message).toMatch(
          new RegExp(`^${name} answered what this portal cannot read: `),
        );
    },
  );

  it("keeps this host's entry and the good peer's exactly as they are", () => {
    const self = byName(hosts, 'monk');
    expect(self.self).toBe(true);
    expect(self.error).toBeUndefined();
    expect(self.metrics?.processes.total).toBe(123);
    const kscloud1 = byName(hosts, 'kscloud1');
    expect(kscloud1).toMatchObject({ reachable: true, stale: false });
    expect(kscloud1.error).toBeUndefined();
    expect(kscloud1.metrics).toEqual({ ...good(), stale: false });
  });

  it("never counts a hostile peer as a failure of this host's readings", async () => {
    expect((await app.inject('/api/health')).json().checks.sampler.state).not.toBe('failing');
    expect(logLines.join('')).not.toMatch(/host reading/);
  });

  it('never calls a hostile peer ok in /api/health', async () => {
    const { peers } = (await app.inject('/api/health')).json().checks;
    expect(peers.kscloud1.state).toBe('ok');
    for (const name of Object.keys(HOSTILE)) expect(peers[name].state, name).not.toBe('ok');
  });

  it('keeps the last good figures of a peer that turns hostile, stale by their age', async () => {
    goodPeer.setBody(HOSTILE['inf-int']?.body);
    now += 5_000; // past the peer's TTL, within its 3 intervals
    const kscloud1 = byName(await settledHosts(), 'kscloud1');
    expect(kscloud1).toMatchObject({ reachable: true, stale: false });
    expect(kscloud1.error?.code).toBe('peer_incompatible');
    expect(kscloud1.metrics).toEqual({ ...good(), stale: false });
    now += 10_000;
    expect(byName(await settledHosts(), 'kscloud1').stale).toBe(true);
    goodPeer.setBody(good());
  });
});

describe("a peer's figures that cannot be written", () => {
  it('leave that entry without figures, and every other entry as it was', async () => {
    const hostileEntry = {
      value: { processes: { total: Infinity } },
      fetchedAt: now,
      stale: false,
    };
    const peer = app.peers.list.find((p) => p.name === 'inf-int');
    if (!peer) throw new Error('no peer inf-int');
    const peek = vi.spyOn(peer.cache, 'peek').mockReturnValue(hostileEntry as never);
    try {
      now += 2_000; // the report is rebuilt at least once per interval
      const res = await app.inject('/api/hosts');
      expect(res.statusCode).toBe(200);
      const hosts: HostEntry[] = res.json().hosts;
      expect(byName(hosts, 'inf-int')).toMatchObject({
        metrics: null,
        error: { code: 'peer_incompatible', message: "inf-int's figures cannot be shown" },
      });
      expect(byName(hosts, 'monk').metrics?.processes.total).toBe(123);
      expect(byName(hosts, 'kscloud1').metrics).toEqual({ ...good(), stale: false });
    } finally {
      peek.mockRestore();
    }
  });
});

describe('a failure while building the hosts report', () => {
  it("is logged as such, never as a failure of this host's readings", async () => {
    const lines: string[] = [];
    const alone = await testApp(
      { METRICS_INTERVAL_S: '0.5' },
      {
        hostSource: new CountingHostSource(),
        logger: logTo(lines),
      },
    );
    const json = vi.spyOn(HostsReport.prototype, 'json').mockImplementation(() => {
      throw new Error('cannot build');
    });
    try {
      const before = alone.sampler.latest;
      // A poll keeps the sampler awake; each sample publishes the hosts event.
      await vi.waitFor(
        async () => {
          await alone.inject('/api/metrics');
          expect(alone.sampler.latest).not.toBe(before);
        },
        { timeout: 5_000 },
      );
      expect(lines.join('')).toMatch(/hosts report failed/);
      expect(lines.join('')).not.toMatch(/host reading/);
      const health = (await alone.inject('/api/health')).json();
      expect(health.checks.sampler.state).toBe('ok');
      const res = await alone.inject('/api/hosts');
      expect(res.statusCode).toBe(500);
      expect(res.json().error.code).toBe('internal_error');
    } finally {
      json.mockRestore();
    }
    expect((await alone.inject('/api/hosts')).statusCode).toBe(200);
    await alone.close();
  });
});
