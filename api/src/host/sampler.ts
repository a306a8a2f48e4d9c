/**
 * One background sampler feeds every client.
 *
 * Requests read the latest snapshot (already serialised once) and never wait for a
 * reading. Each poll marks demand; a stream holds demand while it is open. While there is
 * demand the sampler reads the host every `intervalMs`; once nobody has asked for
 * `idleAfterMs` it stops scheduling anything, so an idle portal costs no timer at all.
 * The first poll after a sleep wakes it with an immediate reading.
 */
import { EventEmitter } from 'node:events';
import os from 'node:os';
import fastJson from 'fast-json-stringify';
import { Metrics } from '../schemas/metrics.js';
import { busyPercent } from './proc-parsers.js';
import type { HostFacts, HostReading, HostSource } from './source.js';

export interface SamplerOptions {
  intervalMs: number;
  idleAfterMs: number;
  /** How often the temperature (a child-process reading) is refreshed while awake. */
  temperatureEveryMs?: number;
  onError?: (error: unknown) => void;
}

export interface Snapshot {
  metrics: Metrics;
  /** `metrics` serialised by the route's own schema: what every request and stream sends. */
  json: string;
}

const serializeMetrics = fastJson(Metrics);

const round1 = (value: number) => Math.round(value * 10) / 10;

export interface SamplerEvents {
  sample: [Snapshot];
}

export class MetricsSampler extends EventEmitter<SamplerEvents> {
  readonly #source: HostSource;
  readonly #opts: Required<Omit<SamplerOptions, 'onError'>> & Pick<SamplerOptions, 'onError'>;
  #facts: HostFacts = { os: 'unknown', cpuModel: 'unknown' };
  #temperatureC: number | null = null;
  #temperatureAtMs = -Infinity;
  #previous: HostReading | null = null;
  #snapshot: Snapshot | null = null;
  #timer: NodeJS.Timeout | null = null;
  #inFlight: Promise<void> | null = null;
  #lastDemandMs = -Infinity;
  #holders = 0;
  #stopped = false;
  #readings = 0;

  constructor(source: HostSource, opts: SamplerOptions) {
    super();
    this.#source = source;
    this.#opts = { temperatureEveryMs: 60_000, ...opts };
  }

  /** Learns the slow facts and takes the first readings, so a snapshot exists before we listen. */
  async start(): Promise<void> {
    this.#facts = await this.#source.facts();
    await this.#refreshTemperature();
    this.#previous = await this.#source.read();
    this.#readings++;
    // A short second reading gives the first CPU figure a real interval to measure.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await this.#tick();
  }

  /** The latest snapshot; marks demand so the sampler keeps (or starts) sampling. */
  current(): Snapshot {
    this.touch();
    if (!this.#snapshot) throw new Error('sampler not started');
    return this.#snapshot;
  }

  /** A poll happened: keep sampling for another idle window, waking now if asleep. */
  touch(): void {
    this.#lastDemandMs = performance.now();
    this.#wake();
  }

  /** A stream opened: sample for as long as it stays open. Returns the release function. */
  hold(): () => void {
    this.#holders++;
    this.#wake();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holders--;
      // Streams count as demand up to the moment they close.
      this.#lastDemandMs = performance.now();
    };
  }

  /** The latest snapshot without marking demand (for wiring, not for requests). */
  get latest(): Snapshot | null {
    return this.#snapshot;
  }

  /** Readings taken since start: lets tests and benchmarks see that polls share them. */
  get readings(): number {
    return this.#readings;
  }

  /** True while a next reading is scheduled or running. */
  get awake(): boolean {
    return this.#timer !== null || this.#inFlight !== null;
  }

  /** The sampler's part of /api/health (to be replaced by the failure-aware version). */
  check(): { state: 'ok' | 'asleep' | 'failing'; age_s: number | null } {
    const at = this.#snapshot ? Date.parse(this.#snapshot.metrics.sampled_at) : NaN;
    return {
      state: this.awake ? 'ok' : 'asleep',
      age_s: Number.isFinite(at) ? Math.round((Date.now() - at) / 100) / 10 : null,
    };
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#inFlight;
  }

  #wanted(): boolean {
    return this.#holders > 0 || performance.now() - this.#lastDemandMs < this.#opts.idleAfterMs;
  }

  #wake(): void {
    if (this.#stopped || this.#timer || this.#inFlight) return;
    // Asleep: read right away (without making the caller wait), then keep the period.
    const stale =
      !this.#snapshot ||
      Date.now() - Date.parse(this.#snapshot.metrics.sampled_at) >= this.#opts.intervalMs;
    this.#schedule(stale ? 0 : this.#opts.intervalMs);
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#tick().finally(() => {
        if (!this.#stopped && this.#wanted()) this.#schedule(this.#opts.intervalMs);
      });
    }, delayMs);
    // The sampler alone never keeps the process alive.
    this.#timer.unref();
  }

  #tick(): Promise<void> {
    this.#inFlight ??= this.#sample()
      .catch((error: unknown) => this.#opts.onError?.(error))
      .finally(() => {
        this.#inFlight = null;
      });
    return this.#inFlight;
  }

  async #sample(): Promise<void> {
    const reading = await this.#source.read();
    this.#readings++;
    const previous = this.#previous ?? reading;
    this.#previous = reading;
    void this.#refreshTemperature();
    const metrics = this.#build(previous, reading);
    this.#snapshot = { metrics, json: serializeMetrics(metrics) };
    this.emit('sample', this.#snapshot);
  }

  /** Runs beside the tick (never delays a sample); the next sample carries the new value. */
  async #refreshTemperature(): Promise<void> {
    const now = performance.now();
    if (now - this.#temperatureAtMs < this.#opts.temperatureEveryMs) return;
    this.#temperatureAtMs = now;
    await this.#source
      .temperature()
      .then((celsius) => {
        this.#temperatureC = celsius === null ? null : round1(celsius);
      })
      .catch((error: unknown) => this.#opts.onError?.(error));
  }

  #build(before: HostReading, now: HostReading): Metrics {
    const seconds = Math.max((now.atMs - before.atMs) / 1000, 0.001);
    const { memory } = now;
    const used = memory.totalBytes - memory.availableBytes;
    const previousNet = new Map(before.network.map((counters) => [counters.name, counters]));
    // Counters reset when an interface is re-created; a negative delta is a restart, not traffic.
    const rate = (after: number, prior: number | undefined) =>
      prior === undefined || after < prior ? 0 : Math.round((after - prior) / seconds);
    const interfaces = now.network.map((counters) => {
      const prior = previousNet.get(counters.name);
      return {
        name: counters.name,
        rx_bytes_per_s: rate(counters.rxBytes, prior?.rxBytes),
        tx_bytes_per_s: rate(counters.txBytes, prior?.txBytes),
      };
    });
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

    return {
      host: {
        hostname: os.hostname(),
        os: this.#facts.os,
        kernel: os.release(),
        uptime_s: Math.floor(now.uptimeS),
        boot_time: new Date(now.stat.bootTimeS * 1000).toISOString(),
      },
      cpu: {
        model: this.#facts.cpuModel,
        cores: Math.max(1, now.stat.cores.length),
        percent: busyPercent(before.stat.all, now.stat.all),
        per_core_percent: now.stat.cores.map((core, index) => {
          const prior = before.stat.cores[index];
          return prior ? busyPercent(prior, core) : 0;
        }),
        load_avg: now.loadAvg,
        temperature_c: this.#temperatureC,
      },
      memory: {
        total_bytes: memory.totalBytes,
        available_bytes: memory.availableBytes,
        used_bytes: used,
        percent: memory.totalBytes > 0 ? round1((used / memory.totalBytes) * 100) : 0,
        swap_total_bytes: memory.swapTotalBytes,
        swap_used_bytes: Math.max(0, memory.swapTotalBytes - memory.swapFreeBytes),
      },
      disks: now.disks,
      network: {
        rx_bytes_per_s: sum(interfaces.map((i) => i.rx_bytes_per_s)),
        tx_bytes_per_s: sum(interfaces.map((i) => i.tx_bytes_per_s)),
        rx_total_bytes: sum(now.network.map((counters) => counters.rxBytes)),
        tx_total_bytes: sum(now.network.map((counters) => counters.txBytes)),
        interfaces,
      },
      processes: { total: now.processCount, running: now.stat.procsRunning },
      sampled_at: new Date().toISOString(),
    };
  }
}
