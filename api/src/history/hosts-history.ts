/**
 * The last few minutes of every host, for the page's sparklines at first paint: one
 * `HistoryRing` per host (this host first, then PEERS in order), filled by what the portal
 * already does — this host's sampler, and the answers its peers give while someone watches.
 * Nothing here asks for a reading: while nobody watches, the portal samples nothing, the
 * rings keep what they had, and the time nobody measured comes out as a gap.
 *
 * The answer is built as a string (every value a number the ring holds, a name through
 * JSON.stringify) at most once per sampling interval and change, whatever the crowd.
 */
import type { Metrics } from '../schemas/metrics.js';
import { BYTES_PER_POINT, HistoryRing } from './ring.js';

/** How much history is kept: the "last few minutes". */
export const HISTORY_SPAN_S = 300;
/**
 * Readings further apart than this many intervals have a gap between them. Three: the age
 * at which a peer counts as stale, and room for a slow reading on a loaded host or one
 * peer answer missed, which a line may bridge.
 */
export const GAP_AFTER_INTERVALS = 3;
/** Spans whose answers are kept ready at once (the page asks one; scripts may ask others). */
const CACHED_SPANS = 4;
/** The largest figure a Float32 holds; a peer's absurd rate is drawn at the top, not as Infinity. */
const FLOAT32_MAX = 3.4e38;

interface Track {
  name: string;
  self: boolean;
  ring: HistoryRing;
  /** When (this portal's clock) the track last got a reading; -Infinity before the first. */
  seenAtMs: number;
}

export interface HostsHistoryOptions {
  intervalMs: number;
  /** This portal's clock (tests fix it). */
  now?: () => number;
}

export class HostsHistory {
  readonly intervalMs: number;
  readonly spanMs = HISTORY_SPAN_S * 1000;
  readonly gapAfterMs: number;
  readonly #tracks: Track[];
  readonly #now: () => number;
  #version = 0;
  #built = { version: -1, slot: -1, bodies: new Map<number, string>() };

  constructor(selfName: string, peerNames: readonly string[], options: HostsHistoryOptions) {
    this.intervalMs = options.intervalMs;
    this.gapAfterMs = GAP_AFTER_INTERVALS * options.intervalMs;
    this.#now = options.now ?? Date.now;
    // One slot per interval of the span, one more for a gap: the ring covers the span at
    // least, and gaps only ever stand for time in which no reading took a slot.
    const capacity = Math.ceil(this.spanMs / options.intervalMs) + 1;
    const track = (name: string, self: boolean): Track => ({
      name,
      self,
      ring: new HistoryRing(capacity, this.gapAfterMs),
      seenAtMs: -Infinity,
    });
    this.#tracks = [track(selfName, true), ...peerNames.map((name) => track(name, false))];
  }

  /** What the rings hold, fixed at start: capacity × bytes per point, for every host. */
  get ringBytes(): number {
    return this.#tracks.reduce((sum, track) => sum + track.ring.capacity * BYTES_PER_POINT, 0);
  }

  /** This host's new snapshot. */
  recordSelf(metrics: Metrics): void {
    const track = this.#tracks[0];
    if (track) this.#record(track, metrics);
  }

  /** A peer's answer (already through the peer check). */
  recordPeer(name: string, metrics: Metrics): void {
    const track = this.#tracks.find((candidate) => !candidate.self && candidate.name === name);
    if (track) this.#record(track, metrics);
  }

  /** The `/api/history` answer for the last `spanS` seconds. */
  json(spanS: number = HISTORY_SPAN_S): string {
    const now = this.#now();
    // The trailing gaps and the span's start move with the clock: rebuild once per interval.
    const slot = Math.floor(now / this.intervalMs);
    const built = this.#built;
    if (built.version !== this.#version || built.slot !== slot)
      this.#built = { version: this.#version, slot, bodies: new Map() };
    const bodies = this.#built.bodies;
    const known = bodies.get(spanS);
    if (known !== undefined) return known;
    const body = this.#build(spanS, now);
    if (bodies.size >= CACHED_SPANS) bodies.clear();
    bodies.set(spanS, body);
    return body;
  }

  #record(track: Track, metrics: Metrics): void {
    // Frozen figures (a sampler failing, here or on the peer) are not a reading.
    if (metrics.stale === true) return;
    const figures = {
      cpuPercent: bounded(metrics.cpu.percent),
      memoryPercent: bounded(metrics.memory.percent),
      rxBytesPerS: bounded(metrics.network.rx_bytes_per_s),
      txBytesPerS: bounded(metrics.network.tx_bytes_per_s),
    };
    const atMs = Date.parse(metrics.sampled_at);
    if (!Number.isFinite(atMs)) return;
    track.seenAtMs = this.#now();
    if (track.ring.push(atMs, figures, this.spanMs)) this.#version += 1;
  }

  #build(spanS: number, now: number): string {
    const hosts = this.#tracks.map((track) => {
      const sinceSeen = now - track.seenAtMs;
      // Each host's own clock dates its points: its "now" is its last reading plus the
      // time since it arrived here, so a peer's clock skew never cuts its line short.
      const fromMs = track.ring.lastAtMs + sinceSeen - spanS * 1000;
      const points = track.ring.points(fromMs, sinceSeen > this.gapAfterMs);
      const json = points.map(
        (point) =>
          `{"sampled_at":"${new Date(point.atMs).toISOString()}","cpu_percent":${point.cpuPercent},` +
          `"memory_percent":${point.memoryPercent},"rx_bytes_per_s":${point.rxBytesPerS},` +
          `"tx_bytes_per_s":${point.txBytesPerS}}`,
      );
      return `{"name":${JSON.stringify(track.name)},"self":${track.self},"points":[${json.join(',')}]}`;
    });
    return (
      `{"interval_s":${this.intervalMs / 1000},"span_s":${spanS},` +
      `"gap_after_s":${this.gapAfterMs / 1000},"hosts":[${hosts.join(',')}]}`
    );
  }
}

/** A figure as the ring can hold it: finite, 0 or more. */
function bounded(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.min(value, FLOAT32_MAX)) : 0;
}
