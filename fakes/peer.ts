/**
 * A fake peer: another host's portal API, answering `GET /api/metrics` with a valid metrics
 * document (its `sampled_at` moved to the time of each request) and counting what it is
 * asked, so tests can see that a portal asks its peers only while someone watches, once per
 * interval, and never for `/api/hosts`. Every fault of `FakeServer` applies; `setBody` serves
 * a wrong shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeServer, sendJson, type FakeUpstream, type FaultMode } from './server.js';

/** What a small VPS reports: four cores, 8 GiB, one disk, eth0 and tailscale0. */
export function peerMetrics(hostname: string, now = new Date()): Record<string, unknown> {
  return {
    host: {
      hostname,
      os: 'Debian GNU/Linux 12 (bookworm)',
      kernel: '6.1.0-28-cloud-amd64',
      uptime_s: 1_209_600,
      boot_time: new Date(now.getTime() - 1_209_600_000).toISOString(),
    },
    cpu: {
      model: 'AMD EPYC 7B13',
      cores: 4,
      percent: 7.5,
      per_core_percent: [6, 9, 7, 8],
      load_avg: [0.31, 0.28, 0.25],
      temperature_c: null,
    },
    memory: {
      total_bytes: 8_589_934_592,
      available_bytes: 5_368_709_120,
      used_bytes: 3_221_225_472,
      percent: 37.5,
      swap_total_bytes: 0,
      swap_used_bytes: 0,
    },
    disks: [
      {
        mount: '/',
        fs_type: 'ext4',
        total_bytes: 85_899_345_920,
        used_bytes: 34_359_738_368,
        free_bytes: 51_539_607_552,
        percent: 40,
      },
    ],
    network: {
      rx_bytes_per_s: 52_000,
      tx_bytes_per_s: 31_000,
      rx_total_bytes: 912_000_000_000,
      tx_total_bytes: 455_000_000_000,
      interfaces: [
        { name: 'eth0', rx_bytes_per_s: 50_000, tx_bytes_per_s: 30_000 },
        { name: 'tailscale0', rx_bytes_per_s: 2_000, tx_bytes_per_s: 1_000 },
      ],
    },
    processes: { total: 142, running: 1 },
    sampled_at: now.toISOString(),
  };
}

export interface FakePeer extends FakeUpstream {
  /** Serves this instead of valid metrics (a wrong shape); null restores the metrics. */
  setBody(body: unknown): void;
}

export interface FakePeerOptions {
  /** The answer for the time of each request (default: `peerMetrics`, whose figures stay put). */
  metrics?: (now: Date) => unknown;
}

export async function startFakePeer(
  hostname = 'kscloud1',
  options: FakePeerOptions = {},
): Promise<FakePeer> {
  const metrics = options.metrics ?? ((now: Date) => peerMetrics(hostname, now));
  let body: unknown = null;
  const handler = (
    _req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    _fault: FaultMode | null,
  ) => {
    if (url.pathname !== '/api/metrics') {
      sendJson(res, 404, {
        error: { code: 'not_found', message: `No such endpoint: ${url.pathname}` },
      });
      return;
    }
    sendJson(res, 200, body ?? metrics(new Date()), { 'cache-control': 'no-store' });
  };
  const server = new FakeServer(handler);
  await server.listen();
  return Object.assign(server, {
    setBody(next: unknown) {
      body = next;
    },
  });
}
