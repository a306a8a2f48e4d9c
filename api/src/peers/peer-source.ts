/**
 * A peer: another host's portal API, asked over Tailscale for its own `/api/metrics` (never
 * its `/api/hosts`, so two portals never ask each other in a loop). A peer is a source like
 * the upstreams — a timeout, a size bound, a schema check, early retries with capped backoff —
 * without a route of its own: its figures travel in `/api/hosts`.
 *
 * An answer crosses once: parsed once, checked once (the check drops unknown fields in
 * place), capped in place by the runtime, and serialised once, by the same compiled
 * serialiser as this host's snapshots, when `/api/hosts` first includes it.
 */
import type { Peer } from '../config.js';
import type { Metrics } from '../schemas/metrics.js';
import { defineSource, type SourceDefinition } from '../sources/definition.js';
import { incompatible } from './incompatible.js';
import { compileMetricsCheck } from './metrics-check.js';

/** A metrics answer is a few kilobytes; anything near this is not one. */
export const PEER_MAX_BODY_BYTES = 256 * 1024;

export interface PeerSettings {
  url: string;
  /** Asked once per sampling interval while anyone watches. */
  ttlS: number;
}

let metricsCheck: ReturnType<typeof compileMetricsCheck> | null = null;

export function peerSource(
  peer: Peer,
  intervalS: number,
): SourceDefinition<string, PeerSettings, Metrics, never> {
  return defineSource({
    name: peer.name,
    settings: () => ({ url: peer.url, ttlS: intervalS }),
    upstream: () => `peer ${peer.name}`,
    connection: (settings) => ({ baseUrl: settings.url, maxBodyBytes: PEER_MAX_BODY_BYTES }),
    async fetch(http) {
      const response = await http.get('/api/metrics');
      if (response.status !== 200) throw http.badStatus(response);
      const body = http.json(response);
      metricsCheck ??= compileMetricsCheck();
      const problem = metricsCheck.check(body);
      // Valid JSON that fails the check: a portal on another version (or a broken one).
      if (problem) throw incompatible(http, response, peer.name, body, problem);
      return body as Metrics;
    },
    route: null,
  });
}
