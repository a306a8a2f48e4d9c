/**
 * Both hosts on one page, with real processes on loopback: three portal APIs, each with its
 * own HOST_NAME and port, one reading a recorded /proc tree so its figures differ; and fake
 * peers for the faults a real peer can show (gone, slow, HTML, a wrong shape, 20 MB) and for
 * counting what a portal asks of its peers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakePeer, type FakePeer } from '../fakes/index.js';
import { startPortal, type PortalProcess } from '../support/portal-process.js';
import { freePort } from '../support/ports.js';
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

/** Polls /api/hosts (which keeps the peers watched) until `ready` holds; returns the last answer. */
async function until(
  portal: PortalProcess,
  ready: (list: HostEntry[]) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<HostEntry[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await hosts(portal);
    if (ready(list)) return list;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(list)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Short intervals and timeouts, so a test sees a peer come and go within seconds. */
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
  let samuraiPort: number;

  beforeAll(async () => {
    tree = writeRecordedProcTree();
    samuraiPort = await freePort();
    kscloud1 = await startPortal({ env: { ...FAST, HOST_NAME: 'kscloud1', PROC_PATH: tree.path } });
    samurai = await startPortal({ port: samuraiPort, env: { ...FAST, HOST_NAME: 'samurai' } });
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
    const list = await until(monk, (l) => l.every((h) => h.reachable), 'every peer reachable');
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

  it('keeps the last figures of a killed peer, stale and unreachable, then recovers when it returns', async () => {
    await until(monk, (l) => byName(l, 'samurai').reachable, 'samurai reachable');
    const before = byName(await hosts(monk), 'samurai');
    await samurai.stop('SIGKILL');

    const gone = await until(
      monk,
      (l) => !byName(l, 'samurai').reachable,
      'samurai unreachable',
      10_000,
    );
    const dead = byName(gone, 'samurai');
    expect(dead.stale).toBe(true);
    expect(dead.error?.code).toBe('upstream_unreachable');
    // Its last good figures are kept, not blanked.
    expect(dead.metrics?.host.hostname).toBe(before.metrics?.host.hostname);
    expect(dead.fetched_at).not.toBeNull();
    // The others are untouched.
    expect(byName(gone, 'kscloud1').reachable).toBe(true);

    samurai = await startPortal({ port: samuraiPort, env: { ...FAST, HOST_NAME: 'samurai' } });
    const back = await until(
      monk,
      (l) => byName(l, 'samurai').reachable && !byName(l, 'samurai').stale,
      'samurai back',
      20_000,
    );
    expect(byName(back, 'samurai').error).toBeUndefined();
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

describe('a peer in trouble', () => {
  let peer: FakePeer;
  let portal: PortalProcess;

  beforeAll(async () => {
    peer = await startFakePeer('kscloud1');
    portal = await monkWith(peer, FAST);
    await until(portal, (l) => byName(l, 'kscloud1').reachable, 'the fake peer reachable');
  });
  afterEach(async () => {
    await peer.setFault(null);
    peer.setBody(null);
    await until(
      portal,
      (l) => byName(l, 'kscloud1').reachable,
      'the fake peer reachable again',
      20_000,
    );
  });
  afterAll(async () => {
    await portal?.stop('SIGKILL');
    await peer?.close();
  });

  it.each([
    ['slow', 'upstream_timeout'],
    ['hang', 'upstream_timeout'],
    ['html', 'upstream_invalid'],
    ['garbage', 'upstream_invalid'],
    ['huge', 'upstream_too_large'],
    ['500', 'upstream_bad_status'],
    ['reset', 'upstream_unreachable'],
  ] as const)(
    '%s: degrades to its last figures with %s, and no answer waits for it',
    async (fault, code) => {
      await peer.setFault(fault, { delayMs: 5_000 });
      const started = Date.now();
      const list = await until(
        portal,
        (l) => byName(l, 'kscloud1').error?.code === code,
        code,
        10_000,
      );
      // The timeout is 1 s and retries come within a few intervals.
      expect(Date.now() - started).toBeLessThan(8_000);
      const entry = byName(list, 'kscloud1');
      expect(entry).toMatchObject({ reachable: false, stale: true });
      expect(entry.metrics?.host.hostname).toBe('kscloud1');
      // Every answer came at once, even while the peer hung.
      const t0 = performance.now();
      await hosts(portal);
      expect(performance.now() - t0).toBeLessThan(500);
    },
  );

  it('a wrong shape is refused by the metrics schema check: reachable, but incompatible', async () => {
    peer.setBody({ version: '9.0.0', hosts: [{ name: 'loop' }] });
    const list = await until(
      portal,
      (l) => byName(l, 'kscloud1').error?.code === 'peer_incompatible',
      'the wrong shape refused',
    );
    const entry = byName(list, 'kscloud1');
    expect(entry).toMatchObject({ reachable: true, version: '9.0.0' });
    expect(entry.error?.message).toMatch(
      /^kscloud1 runs version 9\.0\.0, whose answer this portal cannot read: /,
    );
  });

  it('caps text from a peer', async () => {
    const long = 'x'.repeat(100_000);
    const metrics = (await import('../fakes/index.js')).peerMetrics(long);
    peer.setBody(metrics);
    const list = await until(
      portal,
      (l) => byName(l, 'kscloud1').metrics?.host.hostname.startsWith('xxx') === true,
      'the long hostname served',
    );
    expect(byName(list, 'kscloud1').metrics?.host.hostname.length).toBeLessThanOrEqual(300);
  });
});

describe('what a portal asks of its peers', () => {
  let peer: FakePeer;
  let portal: PortalProcess;
  const intervalS = 1;

  beforeAll(async () => {
    peer = await startFakePeer('kscloud1');
    portal = await monkWith(peer, { METRICS_INTERVAL_S: String(intervalS) });
  });
  afterAll(async () => {
    await portal?.stop('SIGKILL');
    await peer?.close();
  });

  it('nothing while nobody watches; once per interval however many watch; nothing again after', async () => {
    const paths = new Set<string>();
    const collect = () => peer.requests.records.forEach((record) => paths.add(record.path));
    // The readiness probe on /api/health asked the peer at most once per poll, without
    // starting a watch: after it, nothing is asked on a timer.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(peer.requests.total).toBeLessThanOrEqual(1);
    collect();
    peer.requests.reset();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(peer.requests.total).toBe(0);

    // Five viewers polling /api/hosts four times a second for 5 s.
    const pollFor = async (ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        await Promise.all(Array.from({ length: 5 }, () => hosts(portal)));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    const polledAt = Date.now();
    await pollFor(5_000);
    const polledS = (Date.now() - polledAt) / 1000;
    const polled = peer.requests.total;
    expect(polled).toBeGreaterThan(0);
    expect(polled).toBeLessThanOrEqual(Math.ceil(polledS / intervalS) + 1);

    // Twenty open streams for 4 s: still one request per interval.
    collect();
    peer.requests.reset();
    const streams = await openMany(`${portal.url}/api/stream`, 20);
    const streamedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const streamedS = (Date.now() - streamedAt) / 1000;
    streams.forEach((stream) => stream.close());
    const streamed = peer.requests.total;
    expect(streamed).toBeGreaterThan(0);
    expect(streamed).toBeLessThanOrEqual(Math.ceil(streamedS / intervalS) + 1);
    // The streams carried the peer in their `hosts` events.
    expect(streams[0]?.last.get('hosts')).toContain('"kscloud1"');

    // Nobody watches again: past the idle window, nothing more is asked.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    collect();
    peer.requests.reset();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(peer.requests.total).toBe(0);
    // And it was only ever asked for its metrics.
    expect([...paths]).toEqual(['/api/metrics']);
  });
});
