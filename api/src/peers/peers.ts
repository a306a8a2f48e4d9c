/**
 * The other hosts' portals, asked only while someone watches: while a stream is open, or for
 * an idle window after a poll of `/api/hosts`. Each peer is then asked once per sampling
 * interval, however many people watch, and retried early with capped backoff when it fails.
 * A health poll asks each peer once, without waiting and without starting a watch, so a
 * monitor sees a peer's state as of its previous poll. Nobody watching or polling health:
 * no timer, no request.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Metrics } from '../schemas/metrics.js';
import { peerSource } from './peer-source.js';
import { UpstreamSource } from '../sources/runtime.js';

/** A peer whose figures are older than this many intervals is stale. */
export const STALE_AFTER_INTERVALS = 3;
/** The longest wait between retries of a peer that stopped answering. */
export const PEER_RETRY_MAX_MS = 10_000;

export class Peers {
  readonly list: readonly UpstreamSource<Metrics>[];
  readonly intervalMs: number;
  readonly #idleAfterMs: number;
  readonly #now: () => number;
  #streams = 0;
  #lastPollMs = -Infinity;
  #idleTimer: NodeJS.Timeout | null = null;
  #watched = false;

  constructor(config: Config, log: FastifyBaseLogger, now: () => number = Date.now) {
    this.intervalMs = config.metrics.intervalMs;
    this.#idleAfterMs = config.metrics.idleAfterMs;
    this.#now = now;
    this.list = config.peers.map((peer) => {
      const definition = peerSource(peer, this.intervalMs / 1000);
      const settings = definition.settings({});
      if (!settings) throw new Error(`peer ${peer.name} has no settings`);
      return new UpstreamSource(definition, settings, {
        kind: 'peer',
        upstream: config.upstream,
        log,
        now,
        policy: { retryBaseMs: this.intervalMs, retryMaxMs: PEER_RETRY_MAX_MS, staleWaitMs: 0 },
      });
    });
  }

  /** True while peers are being asked. */
  get watched(): boolean {
    return this.#watched;
  }

  /** Someone polled `/api/hosts`: ask the peers for another idle window. */
  poll(): void {
    this.#lastPollMs = this.#now();
    this.#update();
  }

  /**
   * A health poll: asks each peer whose answer is due (older than one interval, and not in
   * its retry backoff), once, without waiting. The answer lands before the monitor's next
   * poll; a peer asked at once by many polls is still asked once per interval at most.
   */
  askDue(): void {
    const now = this.#now();
    for (const peer of this.list) {
      if (peer.cache.dueAt() <= now) void peer.cache.refresh();
    }
  }

  /** The number of open streams changed. */
  streams(count: number): void {
    this.#streams = count;
    this.#update();
  }

  /** Whether a peer's figures have missed a few intervals (or it was never reached). */
  isStale(peer: UpstreamSource<Metrics>): boolean {
    const entry = peer.cache.peek();
    return !entry || this.#now() - entry.fetchedAt > STALE_AFTER_INTERVALS * this.intervalMs;
  }

  async close(): Promise<void> {
    this.#setWatched(false);
    await Promise.all(this.list.map((peer) => peer.close()));
  }

  #update(): void {
    if (this.list.length === 0) return;
    const idleFor = this.#now() - this.#lastPollMs;
    const wanted = this.#streams > 0 || idleFor < this.#idleAfterMs;
    this.#setWatched(wanted);
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    if (wanted && this.#streams === 0) {
      // Look again when the poll's idle window ends.
      this.#idleTimer = setTimeout(() => this.#update(), this.#idleAfterMs - idleFor);
      this.#idleTimer.unref();
    }
  }

  #setWatched(on: boolean): void {
    if (!on && this.#idleTimer) {
      clearTimeout(this.#idleTimer);
      this.#idleTimer = null;
    }
    if (on === this.#watched) return;
    this.#watched = on;
    // keepWarm asks at once when nothing fresh is cached, then on every interval.
    for (const peer of this.list) peer.cache.keepWarm(on);
  }
}
