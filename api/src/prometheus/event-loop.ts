/**
 * The event-loop figures under prom-client's standard names (`nodejs_eventloop_lag_*`), made
 * to mean something on an idle API.
 *
 * Node's delay monitor wakes every `resolution` ms and records the whole time since its
 * previous wake-up, so a loop that is never late reads as the resolution itself: prom-client's
 * figures sat at 0.10 s with the 100 ms resolution the portal used. Here the resolution is
 * 10 ms, so a block of 10 ms or more is seen, and it is subtracted: each figure is how late
 * the loop ran, 0 when on time.
 *
 * Each scrape covers the time since the previous one. A window in which the monitor never
 * woke (two scrapes within 10 ms) keeps the previous figures, never the empty histogram's
 * placeholders (a minimum of 2^63 ns, a NaN mean); the first scrape waits for the monitor's
 * first wake-ups instead.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { Gauge, type Registry } from 'prom-client';

/**
 * 100 wake-ups a second cost about 0.2–0.4 % of a core (more on a loaded host), paid only
 * once Prometheus scrapes; a coarser period would miss blocks shorter than it.
 */
export const EVENT_LOOP_RESOLUTION_MS = 10;

/** Wake-ups the first scrape waits for at most, so it has figures to report. */
const FIRST_READING_MAX_WAITS = 10;

/** What the figures are read from; Node's monitor fits, tests pass their own. */
export type DelayHistogram = Pick<
  IntervalHistogram,
  'count' | 'min' | 'max' | 'mean' | 'stddev' | 'percentile' | 'reset'
>;

/** Each figure and what its series says, over the time since the previous scrape. */
const FIGURES = {
  min: 'The smallest event-loop delay',
  max: 'The largest event-loop delay',
  mean: 'The mean event-loop delay',
  stddev: 'The standard deviation of the event-loop delay',
  p50: 'The median event-loop delay',
  p90: 'The 90th percentile of the event-loop delay',
  p99: 'The 99th percentile of the event-loop delay',
} as const;

export type Figure = keyof typeof FIGURES;
export type DelayFigures = Readonly<Record<Figure, number>>;

const NONE: DelayFigures = { min: 0, max: 0, mean: 0, stddev: 0, p50: 0, p90: 0, p99: 0 };

export class EventLoopDelay {
  readonly #histogram: DelayHistogram;
  readonly #resolutionMs: number;
  #figures: DelayFigures = NONE;

  constructor(histogram: DelayHistogram, resolutionMs: number) {
    this.#histogram = histogram;
    this.#resolutionMs = resolutionMs;
  }

  /** Seconds late since the previous call, then a fresh window; the previous ones if none. */
  take(): DelayFigures {
    const histogram = this.#histogram;
    if (histogram.count === 0) return this.#figures;
    const late = (ns: number) => seconds(ns - this.#resolutionMs * 1e6);
    this.#figures = {
      min: late(histogram.min),
      max: late(histogram.max),
      mean: late(histogram.mean),
      // A spread is the same with or without the constant period.
      stddev: seconds(histogram.stddev),
      p50: late(histogram.percentile(50)),
      p90: late(histogram.percentile(90)),
      p99: late(histogram.percentile(99)),
    };
    // Node's reset also forgets the monitor's last wake-up: the one interval in progress at
    // the scrape (10 ms of each scrape interval) is not counted.
    histogram.reset();
    return this.#figures;
  }
}

/** Nanoseconds to seconds, never negative and never anything but a finite number. */
function seconds(ns: number): number {
  return Number.isFinite(ns) && ns > 0 ? ns / 1e9 : 0;
}

export interface EventLoopMonitor {
  delay: EventLoopDelay;
  stop(): void;
}

/** Starts Node's delay monitor and waits (about 20 ms) until it has recorded a wake-up. */
export async function monitorEventLoop(): Promise<EventLoopMonitor> {
  const resolutionMs = EVENT_LOOP_RESOLUTION_MS;
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  for (let wait = 0; wait < FIRST_READING_MAX_WAITS && histogram.count === 0; wait++) {
    await delay(resolutionMs);
  }
  return { delay: new EventLoopDelay(histogram, resolutionMs), stop: () => histogram.disable() };
}

/**
 * `nodejs_eventloop_lag_seconds` (how long a `setImmediate` queued at the scrape waited,
 * shown at the next scrape, as prom-client measures it) and the delay figures since the
 * previous scrape. The first gauge reads them all, so it is registered first.
 */
export function registerEventLoopFigures(registers: Registry[], delay: EventLoopDelay): void {
  let lagSeconds = 0;
  const measureLag = () => {
    const start = performance.now();
    setImmediate(() => (lagSeconds = (performance.now() - start) / 1000));
  };
  measureLag();
  const gauges = new Map<Figure, Gauge>();
  new Gauge({
    name: 'nodejs_eventloop_lag_seconds',
    help: 'How long a callback queued at the previous scrape waited for the event loop.',
    registers,
    collect() {
      this.set(lagSeconds);
      measureLag();
      const figures = delay.take();
      for (const [figure, gauge] of gauges) gauge.set(figures[figure]);
    },
  });
  for (const [figure, what] of Object.entries(FIGURES) as [Figure, string][]) {
    const help = `${what} since the previous scrape: how late a timer due every ${EVENT_LOOP_RESOLUTION_MS} ms ran, in seconds.`;
    gauges.set(
      figure,
      new Gauge({ name: `nodejs_eventloop_lag_${figure}_seconds`, help, registers }),
    );
  }
}
