/**
 * The `/api/hosts` answer, and the `hosts` stream event (the same bytes): this host's latest
 * snapshot first, then each peer's last good figures with whether it is reachable now.
 * Built from already-serialised parts — this host's snapshot JSON as the sampler made it,
 * each peer's metrics once per answer it gave — so a poll costs a string join.
 */
import { serializeMetrics, type MetricsSampler, type Snapshot } from '../sampler/index.js';
import type { Metrics } from '../schemas/metrics.js';
import { UpstreamError } from '../sources/http/upstream-error.js';
import { PeerIncompatibleError } from './incompatible.js';
import type { UpstreamSource } from '../sources/runtime.js';
import { VERSION } from '../version.js';
import type { Peers } from './peers.js';

type PeerSource = Peers['list'][number];

/**
 * A peer's version: the one its latest answer named, even when that answer failed the check;
 * while it does not answer, the one its last good figures named. null when unknown.
 */
function peerVersion(peer: PeerSource): string | null {
  const error = peer.cache.lastError;
  if (error instanceof PeerIncompatibleError) return error.version;
  return peer.cache.peek()?.value.version ?? null;
}

/** The error a peer's entry carries while its latest call failed (or none was made yet). */
function peerError<T>(peer: UpstreamSource<T>): { code: string; message: string } | null {
  const failed = peer.cache.lastCallFailed;
  if (failed === false) return null;
  if (failed === null)
    return { code: 'peer_pending', message: `${peer.name} has not been asked yet` };
  const error = peer.cache.lastError;
  return error instanceof UpstreamError
    ? { code: error.code, message: error.message }
    : { code: 'upstream_error', message: `${peer.name} failed unexpectedly` };
}

export class HostsReport {
  readonly #hostName: string;
  readonly #sampler: MetricsSampler;
  readonly #peers: Peers;
  readonly #now: () => number;
  /** Each peer's last good metrics, serialised once per answer it gave. */
  readonly #peerJson = new WeakMap<object, string>();
  #built: { json: string; snapshot: Snapshot | null; version: number; slot: number } | null = null;
  #version = 0;

  constructor(
    hostName: string,
    sampler: MetricsSampler,
    peers: Peers,
    now: () => number = Date.now,
  ) {
    this.#hostName = hostName;
    this.#sampler = sampler;
    this.#peers = peers;
    this.#now = now;
  }

  /** Something a peer said changed (an answer, a failure): the next `json()` rebuilds. */
  invalidate(): void {
    this.#version += 1;
  }

  /** The whole answer; rebuilt when this host sampled, a peer changed, or an interval passed. */
  json(): string {
    const snapshot = this.#sampler.latest;
    // Staleness by age moves with the clock alone: rebuild at least once per interval.
    const slot = Math.floor(this.#now() / this.#peers.intervalMs);
    const built = this.#built;
    if (
      built &&
      built.snapshot === snapshot &&
      built.version === this.#version &&
      built.slot === slot
    )
      return built.json;
    const entries = [
      this.#selfEntry(snapshot),
      ...this.#peers.list.map((peer) => this.#peerEntry(peer)),
    ];
    const json = `{"hosts":[${entries.join(',')}]}`;
    this.#built = { json, snapshot, version: this.#version, slot };
    return json;
  }

  #selfEntry(snapshot: Snapshot | null): string {
    const metrics = snapshot?.metrics;
    return (
      `{"name":${JSON.stringify(this.#hostName)},"self":true,"reachable":true,` +
      `"metrics":${snapshot?.json ?? 'null'},` +
      `"fetched_at":${metrics ? JSON.stringify(metrics.sampled_at) : 'null'},` +
      `"stale":${metrics?.stale ?? true},"version":${JSON.stringify(VERSION)}}`
    );
  }

  #peerEntry(peer: PeerSource): string {
    const entry = peer.cache.peek();
    let metrics = 'null';
    let error = peerError(peer);
    try {
      if (entry) metrics = this.#metricsJson(entry.value);
    } catch {
      // Figures that passed the check but cannot be written: this entry alone goes without.
      error = { code: 'peer_incompatible', message: `${peer.name}'s figures cannot be shown` };
    }
    // A peer on another version answered: it is reachable, its last good figures (if any)
    // are stale by their age alone.
    const incompatible = peer.cache.lastError instanceof PeerIncompatibleError;
    const reachable = peer.cache.lastCallFailed === false || incompatible;
    const stale = (error !== null && !incompatible) || this.#peers.isStale(peer);
    return (
      `{"name":${JSON.stringify(peer.name)},"self":false,"reachable":${reachable},` +
      `"metrics":${metrics},` +
      `"fetched_at":${entry ? JSON.stringify(new Date(entry.fetchedAt).toISOString()) : 'null'},` +
      `"stale":${stale}` +
      (error ? `,"error":${JSON.stringify(error)}` : '') +
      `,"version":${JSON.stringify(peerVersion(peer))}}`
    );
  }

  /** A peer's checked metrics as JSON, once per answer it gave. */
  #metricsJson(value: Metrics): string {
    let json = this.#peerJson.get(value);
    if (json === undefined) {
      json = serializeMetrics(value);
      this.#peerJson.set(value, json);
    }
    return json;
  }
}
