/**
 * One background sampler feeds every client.
 *
 * Requests read the latest snapshot (already serialised once). Each poll marks demand; a
 * stream holds demand while it is open. While there is demand the sampler reads the host
 * every `intervalMs`, so a poll never waits; once nobody has asked for `idleAfterMs` it
 * stops scheduling anything, so an idle portal costs no timer at all.
 *
 * After a sleep the snapshot is old, and a figure computed against the reading from before
 * the sleep would average over it. The first poll therefore waits briefly for two fresh
 * readings `freshWindowMs` apart, and every poll arriving meanwhile shares them: no answer
 * is older than the interval plus that reading time.
 *
 * The sampler also tells the truth about itself (`check()`): a run of failed readings, or
 * no good snapshot for a few intervals while awake, is `failing`, and the snapshot is then
 * re-serialised once with `stale: true` so no client mistakes frozen figures for live ones.
 */
import { EventEmitter } from 'node:events';
import { buildMetrics } from './build-metrics.js';
import { LatestTemperature } from './latest-temperature.js';
import type {
  SamplerCheck,
  SamplerEvents,
  SamplerOptions,
  SamplerState,
  Snapshot,
} from './sampler-types.js';
import { serializeMetrics } from './serialize-metrics.js';
import type { HostFacts, HostReading, HostSource } from './source.js';
import { delay, settledWithin } from './wait.js';

export type { SamplerCheck, SamplerOptions, SamplerState, Snapshot } from './sampler-types.js';

/** Consecutive failed readings that make the sampler `failing`. */
export const FAILING_AFTER_READINGS = 2;
/** Awake this many intervals without a good snapshot (a reading that hangs) is `failing` too. */
export const FAILING_AFTER_INTERVALS = 3;
/** Readings at most this many intervals apart are one window; older means we were not measuring. */
const MAX_WINDOW_INTERVALS = 2;
/** Readings per attempt at a snapshot: a baseline, a retry after a failure, the second of the pair. */
const MAX_READINGS_PER_REFRESH = 3;
/** The very first pair, before the server listens. */
const START_WINDOW_MS = 100;

export class MetricsSampler extends EventEmitter<SamplerEvents> {
  readonly #source: HostSource;
  readonly #opts: Required<Omit<SamplerOptions, 'onError'>> & Pick<SamplerOptions, 'onError'>;
  #facts: HostFacts = { os: 'unknown', cpuModel: 'unknown' };
  readonly #temperature: LatestTemperature;
  #previous: HostReading | null = null;
  #snapshot: Snapshot | null = null;
  /** Monotonic time of the last good snapshot. */
  #snapshotAtMs = -Infinity;
  /** When the current awake period began: the `failing` clock starts at the later of the two. */
  #awakeSinceMs = -Infinity;
  #timer: NodeJS.Timeout | null = null;
  #inFlight: Promise<void> | null = null;
  /** Polls that found the sampler asleep share this wait for the fresh snapshot. */
  #waiting: Promise<Snapshot> | null = null;
  #lastDemandMs = -Infinity;
  #holders = 0;
  #stopped = false;
  #readings = 0;
  #failures = 0;
  #consecutiveFailures = 0;

  constructor(source: HostSource, opts: SamplerOptions) {
    super();
    this.#source = source;
    this.#opts = { temperatureEveryMs: 60_000, freshWindowMs: 250, freshBudgetMs: 800, ...opts };
    this.#temperature = new LatestTemperature(source, this.#opts.temperatureEveryMs, opts.onError);
  }

  /** Learns the slow facts and takes the first pair, so a snapshot exists before we listen. */
  async start(): Promise<void> {
    this.#facts = await this.#source.facts();
    await this.#temperature.refresh();
    // Without a first snapshot the portal cannot serve its figures at all: let it throw.
    this.#readings++;
    const first = await this.#source.read();
    await delay(START_WINDOW_MS);
    this.#readings++;
    const second = await this.#source.read();
    this.#previous = second;
    this.#publish(first, second);
  }

  /**
   * For a request: the snapshot to send now — or, when the sampler slept and the snapshot
   * is older than one interval, a promise of a fresh one (well under a second).
   */
  poll(): Snapshot | Promise<Snapshot> {
    const now = performance.now();
    this.#lastDemandMs = now;
    if (this.#waiting) return this.#waiting;
    if (this.#timer === null && this.#inFlight === null) {
      const waiting = this.#wake(now);
      if (waiting) return waiting;
    } else if (now - Math.max(this.#snapshotAtMs, this.#awakeSinceMs) > this.#failingAfterMs) {
      // Awake, yet no reading has completed for a few intervals: say so in the answer.
      this.#markStale();
    }
    return this.#latestOrThrow();
  }

  /** The latest snapshot without waiting; marks demand (a fresh one follows if it slept). */
  current(): Snapshot {
    this.touch();
    return this.#latestOrThrow();
  }

  /** A poll happened: keep sampling for another idle window, waking now if asleep. */
  touch(): void {
    this.#lastDemandMs = performance.now();
    this.#wake(this.#lastDemandMs);
  }

  /**
   * A stream opened: sample for as long as it stays open (a sleeping sampler takes a fresh
   * reading at once, which reaches the stream as the next `sample`). Returns the release.
   */
  hold(): () => void {
    this.#holders++;
    this.#wake(performance.now());
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holders--;
      // Streams count as demand up to the moment they close.
      this.#lastDemandMs = performance.now();
    };
  }

  /** The state for health checks; reads no clock but the monotonic one and never waits. */
  check(): SamplerCheck {
    const now = performance.now();
    const age_s = this.#snapshot ? Math.round(now - this.#snapshotAtMs) / 1000 : null;
    let state: SamplerState = 'ok';
    // A snapshot marked stale stays failing until a good reading, asleep or not.
    if (this.#snapshot?.metrics.stale || this.#consecutiveFailures >= FAILING_AFTER_READINGS)
      state = 'failing';
    else if (!this.awake) state = 'asleep';
    else if (now - Math.max(this.#snapshotAtMs, this.#awakeSinceMs) > this.#failingAfterMs)
      state = 'failing';
    return { state, age_s };
  }

  /** How often a snapshot is taken while someone watches: how long one stays current. */
  get intervalMs(): number {
    return this.#opts.intervalMs;
  }

  /** The latest snapshot without marking demand (for wiring, not for requests). */
  get latest(): Snapshot | null {
    return this.#snapshot;
  }

  /** Host readings attempted since start (a Prometheus counter; failed ones included). */
  get readings(): number {
    return this.#readings;
  }

  /** Host readings that failed since start (a Prometheus counter). */
  get failures(): number {
    return this.#failures;
  }

  /** True while a next reading is scheduled or running. */
  get awake(): boolean {
    return this.#timer !== null || this.#inFlight !== null;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    // A reading that hangs (a dead network mount) must not hold up shutdown.
    if (this.#inFlight) await settledWithin(this.#inFlight, this.#opts.freshBudgetMs);
  }

  get #failingAfterMs(): number {
    return FAILING_AFTER_INTERVALS * this.#opts.intervalMs;
  }

  #latestOrThrow(): Snapshot {
    if (!this.#snapshot) throw new Error('sampler not started');
    return this.#snapshot;
  }

  #wanted(): boolean {
    return this.#holders > 0 || performance.now() - this.#lastDemandMs < this.#opts.idleAfterMs;
  }

  /** Starts sampling if asleep; returns the shared wait when a fresh snapshot is on its way. */
  #wake(now: number): Promise<Snapshot> | null {
    if (this.#stopped || this.#timer || this.#inFlight) return this.#waiting;
    this.#awakeSinceMs = now;
    const age = now - this.#snapshotAtMs;
    if (age <= this.#opts.intervalMs) {
      // Young enough to serve: keep the period from when it was taken, so it never ages past one interval.
      this.#schedule(this.#opts.intervalMs - age);
      return null;
    }
    // The sensor was last read before the sleep too.
    this.#temperature.expire();
    const refreshed = this.#run();
    this.#waiting = settledWithin(refreshed, this.#opts.freshBudgetMs).then(() => {
      this.#waiting = null;
      // No fresh snapshot in time (readings failing or hanging): never pass the old one off as live.
      if (this.#snapshotAtMs < now) this.#markStale();
      return this.#latestOrThrow();
    });
    return this.#waiting;
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#run();
    }, delayMs);
    // The sampler alone never keeps the process alive.
    this.#timer.unref();
  }

  /** One refresh at a time; while there is demand, the next one a period after this one began. */
  #run(): Promise<void> {
    if (this.#inFlight) return this.#inFlight;
    const startedAt = performance.now();
    this.#inFlight = this.#refresh()
      .catch((error: unknown) => this.#opts.onError?.(error))
      .finally(() => {
        this.#inFlight = null;
        if (this.#stopped || !this.#wanted()) return;
        // A fixed rate: the time a reading takes (long on a loaded host) must not add to the
        // snapshot's age; half a period of rest at least, so slow readings never run back to back.
        const { intervalMs } = this.#opts;
        this.#schedule(Math.max(intervalMs / 2, intervalMs - (performance.now() - startedAt)));
      });
    return this.#inFlight;
  }

  /**
   * Reads until a snapshot can be built over a window with no gap in it: since the previous
   * reading when that is recent (every tick while awake), else over a fresh `freshWindowMs`
   * pair (after a sleep or a run of failures). One failure is retried after the window;
   * the second in a row makes the sampler `failing`, and it tries again next interval.
   */
  async #refresh(): Promise<void> {
    void this.#temperature.refresh();
    for (let attempt = 0; attempt < MAX_READINGS_PER_REFRESH; attempt++) {
      if (attempt > 0) await delay(this.#opts.freshWindowMs);
      if (this.#stopped) return;
      const reading = await this.#read();
      if (!reading) {
        if (this.#consecutiveFailures >= FAILING_AFTER_READINGS) return;
        continue;
      }
      const previous = this.#previous;
      this.#previous = reading;
      const maxWindowMs = MAX_WINDOW_INTERVALS * this.#opts.intervalMs;
      if (previous && reading.atMs - previous.atMs <= maxWindowMs) {
        this.#publish(previous, reading);
        return;
      }
    }
  }

  /** One reading of the host, counted; null when it failed (reported through onError). */
  async #read(): Promise<HostReading | null> {
    this.#readings++;
    try {
      const reading = await this.#source.read();
      this.#consecutiveFailures = 0;
      return reading;
    } catch (error) {
      this.#failures++;
      this.#consecutiveFailures++;
      this.#opts.onError?.(error);
      if (this.#consecutiveFailures >= FAILING_AFTER_READINGS) this.#markStale();
      return null;
    }
  }

  #publish(before: HostReading, now: HostReading): void {
    const metrics = buildMetrics(this.#facts, this.#temperature.celsius, before, now);
    this.#snapshot = { metrics, json: serializeMetrics(metrics) };
    this.#snapshotAtMs = performance.now();
    this.emit('sample', this.#snapshot);
  }

  /** The same figures, re-serialised once as stale; the next good reading replaces them. */
  #markStale(): void {
    const snapshot = this.#snapshot;
    if (!snapshot || snapshot.metrics.stale) return;
    const metrics = { ...snapshot.metrics, stale: true };
    this.#snapshot = { metrics, json: serializeMetrics(metrics) };
    this.emit('sample', this.#snapshot);
  }
}
