/**
 * Both hosts on one page, with real processes on loopback: three portal APIs, each with its
 * own HOST_NAME and port, one reading a recorded /proc tree so its figures differ; and a fake
 * peer counting what a portal asks on its real timers while viewers poll and streams are
 * open. On the app's own clock, at the API level: a peer's faults, its death and return, one
 * ask per interval under many polls (api/test/hosts-route.test.ts,
 * api/test/hosts-peer-faults.test.ts), and nothing asked while nobody watches
 * (api/test/hosts-watch.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakePeer, type FakePeer } from '../../fakes/index.js';
import { startPortal, type PortalProcess } from '../support/portal-process.js';
import { RECORDED, writeRecordedProcTree, type ProcTree } from '../support/proc-tree.js';
import { openMany } from '../drills/support/sse.js';

interface HostEntry {
  name: string;
  self: boolean;
  reachable: boolean;
  metrics: {
    host: { hostname: string };
    memory: { total_bytes: number };
    processes: { total: number };
  } | null;
  fetched_at: string | null;
  stale: boolean;
  error?: { code: string; message: string };
  version?: string | null;
}

async function hosts(portal: PortalProcess): Promise<HostEntry[]> {
  const response = await fetch(`${portal.url}/api/hosts`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { hosts: HostEntry[] }).hosts;
}

/** Polls /api/hosts (which keeps the peers watched) until `ready` holds; returns that answer. */
function hostsWhen(
  portal: PortalProcess,
  what: string,
  ready: (list: HostEntry[]) => boolean,
): Promise<HostEntry[]> {
  return vi.waitFor(
    async () => {
      const list = await hosts(portal);
      if (!ready(list)) throw new Error(`still waiting for ${what}: ${JSON.stringify(list)}`);
      return list;
    },
    { timeout: 15_000, interval: 200 },
  );
}

/** Short intervals and timeouts, so the peers are reachable within a second or two. */
const FAST = { METRICS_INTERVAL_S: '0.5', METRICS_IDLE_AFTER_S: '2', UPSTREAM_TIMEOUT_S: '1' };

/** This host, "monk", with one fake peer. */
function monkWith(peer: FakePeer, env: Record<string, string>): Promise<PortalProcess> {
  return startPortal({
    env: { HOST_NAME: 'monk', PEERS: `kscloud1=${peer.url}`, METRICS_IDLE_AFTER_S: '2', ...env },
  });
}

const byName = (list: HostEntry[], name: string) => {
  const entry = list.find((host) => host.name === name);
  if (!entry) throw new Error(`no host named ${name}`);
  return entry;
};

describe('three real portals', () => {
  let tree: ProcTree;
  let monk: PortalProcess;
  let kscloud1: PortalProcess;
  let samurai: PortalProcess;

  beforeAll(async () => {
    tree = writeRecordedProcTree();
    kscloud1 = await startPortal({ env: { ...FAST, HOST_NAME: 'kscloud1', PROC_PATH: tree.path } });
    samurai = await startPortal({ env: { ...FAST, HOST_NAME: 'samurai' } });
    monk = await startPortal({
      env: {
        ...FAST,
        HOST_NAME: 'monk',
        PEERS: `kscloud1=${kscloud1.url},samurai=${samurai.url}`,
      },
    });
  });

  afterAll(async () => {
    await Promise.all([monk, kscloud1, samurai].map((portal) => portal?.stop('SIGKILL')));
    tree?.remove();
  });

  it('lists this host first, marked self, then the peers in the order given, each with its own figures', async () => {
    const list = await hostsWhen(monk, 'every peer reachable', (l) => l.every((h) => h.reachable));
    expect(list.map((host) => [host.name, host.self])).toEqual([
      ['monk', true],
      ['kscloud1', false],
      ['samurai', false],
    ]);
    for (const host of list) {
      expect(host.stale).toBe(false);
      expect(host.error).toBeUndefined();
      expect(Date.parse(host.fetched_at ?? '')).toBeGreaterThan(Date.now() - 10_000);
    }
    // kscloud1 reads the recorded tree: its figures are not this machine's.
    const recorded = byName(list, 'kscloud1').metrics;
    expect(recorded?.memory.total_bytes).toBe(RECORDED.memTotalBytes);
    expect(recorded?.processes.total).toBe(RECORDED.processes);
    expect(byName(list, 'monk').metrics?.memory.total_bytes).not.toBe(RECORDED.memTotalBytes);
  });

  it('asks a peer for its /api/metrics only, never its /api/hosts (no loops)', async () => {
    // kscloud1 has no peers of its own: its list is itself alone, however often monk asks it.
    const own = await hosts(kscloud1);
    expect(own.map((host) => host.name)).toEqual(['kscloud1']);
  });

  it('names every peer in /api/health, and a dead peer never turns health red', async () => {
    const response = await fetch(`${monk.url}/api/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      ok: boolean;
      checks: { peers: Record<string, { state: string }> };
    };
    expect(body.ok).toBe(true);
    expect(Object.keys(body.checks.peers)).toEqual(['kscloud1', 'samurai']);
  });
});

describe('what a portal asks of its peers, on its real timers', () => {
  let peer: FakePeer;
  let portal: PortalProcess;
  const intervalMs = 1_000;

  beforeAll(async () => {
    peer = await startFakePeer('kscloud1');
    portal = await monkWith(peer, { METRICS_INTERVAL_S: String(intervalMs / 1000) });
  });
  afterAll(async () => {
    await portal?.stop('SIGKILL');
    await peer?.close();
  });

  /** The most asks `elapsedMs` of watching allows: one at the start, then one per interval. */
  const allowed = (elapsedMs: number) => Math.ceil(elapsedMs / intervalMs) + 1;

  // Nothing asked while nobody watches, and nothing after the idle window: on a fake clock
  // in api/test/hosts-watch.test.ts, where minutes of quiet pass at once.
  it('asks once per interval however many poll or stream, and only for its metrics', async () => {
    const paths = new Set<string>();
    const collect = () => peer.requests.records.forEach((record) => paths.add(record.path));
    // The readiness probe on /api/health asked the peer once (nothing was cached).
    await vi.waitFor(() => expect(peer.requests.total, "the readiness probe's ask").toBe(1));
    collect();
    peer.requests.reset();

    // Five viewers polling /api/hosts four times a second, until this host has sampled four
    // more times while they watch.
    const polledAt = Date.now();
    const samples = new Set<string | null>();
    await vi.waitFor(
      async () => {
        const answers = await Promise.all(Array.from({ length: 5 }, () => hosts(portal)));
        for (const list of answers) samples.add(byName(list, 'monk').fetched_at);
        expect(samples.size, 'four more samples of this host').toBeGreaterThanOrEqual(5);
      },
      { timeout: 20_000, interval: 250 },
    );
    const polled = peer.requests.total;
    expect(polled).toBeGreaterThan(0);
    expect(polled).toBeLessThanOrEqual(allowed(Date.now() - polledAt));

    // Twenty open streams, until the first has carried four `hosts` events: still one
    // request per interval.
    collect();
    peer.requests.reset();
    const streams = await openMany(`${portal.url}/api/stream`, 20);
    const streamedAt = Date.now();
    try {
      await vi.waitFor(
        () => expect(streams[0]?.count('hosts'), 'four hosts events').toBeGreaterThanOrEqual(4),
        { timeout: 20_000, interval: 100 },
      );
    } finally {
      streams.forEach((stream) => stream.close());
    }
    const streamed = peer.requests.total;
    expect(streamed).toBeGreaterThan(0);
    expect(streamed).toBeLessThanOrEqual(allowed(Date.now() - streamedAt));
    // The streams carried the peer in their `hosts` events.
    expect(streams[0]?.last.get('hosts')).toContain('"kscloud1"');

    // It was only ever asked for its metrics, never for its own /api/hosts (no loops).
    collect();
    expect([...paths]).toEqual(['/api/metrics']);
  });
});
