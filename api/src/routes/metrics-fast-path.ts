/**
 * The hottest request, `GET /api/metrics` with no query, answered straight from the node
 * HTTP server with a buffer built once per sample — before Fastify's routing, hooks and
 * per-request logger, which cost about a third of the throughput on a 2-core host where
 * Conky widgets, scripts and every open page poll it.
 *
 * The answer is byte-for-byte what the Fastify route sends (same headers, same body), and
 * it marks demand on the sampler the same way. It answers synchronously while the sampler
 * is awake; only the first poll after a sleep waits (briefly) for the fresh snapshot. Anything else — a query string, HEAD, any
 * other path — goes to Fastify, which also owns every error. When successful requests are
 * being logged (LOG_LEVEL=debug) the fast path stands aside so each one is still logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MetricsSampler, Snapshot } from '../sampler/index.js';
import { fastPathRequests } from '../prometheus/requests.js';
import { SECURITY_HEADERS } from '../security-headers.js';
import { SharedCacheClock } from '../shared-cache.js';

/** Besides these, `cache-control` and `age` for shared caches (shared-cache.ts). */
export const METRICS_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS,
  'content-type': 'application/json; charset=utf-8',
};

export function metricsFastPath(
  sampler: MetricsSampler,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  let encodedFor: Snapshot | null = null;
  let body = Buffer.alloc(0);
  let sampledAt = 0;
  // A flat [name, value, …] list is node's cheapest way to send headers; rebuilt once per
  // snapshot and once per second of its age.
  let headers: string[] = [];
  let headersFor: object | null = null;
  const fixed = Object.entries(METRICS_HEADERS).flat();
  const clock = new SharedCacheClock();

  const send = (res: ServerResponse, snapshot: Snapshot) => {
    if (snapshot !== encodedFor) {
      body = Buffer.from(snapshot.json);
      sampledAt = Date.parse(snapshot.metrics.sampled_at);
      encodedFor = snapshot;
    }
    const shared = clock.headers(sampledAt, sampler.intervalMs, Date.now());
    if (shared !== headersFor) {
      headers = [...fixed, ...Object.entries(shared).flat(), 'content-length', String(body.length)];
      headersFor = shared;
    }
    fastPathRequests.count++;
    res.writeHead(200, headers);
    res.end(body);
  };

  return (req, res) => {
    if (req.method !== 'GET' || req.url !== '/api/metrics') return false;
    const answer = sampler.poll();
    // The sampler's wait never rejects: it settles with the fresh snapshot or the stale one.
    if (answer instanceof Promise) void answer.then((snapshot) => send(res, snapshot));
    else send(res, answer);
    return true;
  };
}
