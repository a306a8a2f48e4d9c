/**
 * The event-loop figures: how late the loop ran, net of the monitor's own period; an empty
 * window (the first scrape, two scrapes close together) never shows the histogram's
 * placeholders or NaN; a real block of the loop shows.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLoopDelay, type DelayHistogram } from '../src/prometheus/event-loop.js';
import { parseExposition, type Sample } from './helpers/exposition.js';
import { CountingHostSource } from './helpers/fake-host.js';
import { testApp } from './helpers/app.js';

const MS = 1e6;
/** What an empty histogram reports as its minimum: 2^63 - 1 ns, as a double. */
const EMPTY_MIN = 2 ** 63;

/** A histogram as Node's monitor fills it, with the figures a test sets. */
class FakeHistogram implements DelayHistogram {
  count = 0;
  min = EMPTY_MIN;
  max = 0;
  mean = Number.NaN;
  stddev = Number.NaN;
  percentiles: Record<number, number> = {};
  resets = 0;
  percentile(p: number): number {
    return this.percentiles[p] ?? 0;
  }
  reset(): void {
    this.resets++;
  }
}

describe('EventLoopDelay', () => {
  it('reads an empty window as zero lag, never the placeholders', () => {
    const figures = new EventLoopDelay(new FakeHistogram(), 10).take();
    expect(Object.values(figures).every((value) => value === 0)).toBe(true);
  });

  it("subtracts the monitor's period: a loop that is never late reads 0", () => {
    const histogram = new FakeHistogram();
    Object.assign(histogram, { count: 400, min: 9.6 * MS, max: 70 * MS, mean: 12 * MS });
    histogram.stddev = 3 * MS;
    histogram.percentiles = { 50: 10.1 * MS, 90: 11 * MS, 99: 70 * MS };
    const figures = new EventLoopDelay(histogram, 10).take();
    expect(figures.min).toBe(0);
    expect(figures.p50).toBeCloseTo(0.0001, 9);
    expect(figures.p90).toBeCloseTo(0.001, 9);
    expect(figures.p99).toBeCloseTo(0.06, 9);
    expect(figures.max).toBeCloseTo(0.06, 9);
    expect(figures.mean).toBeCloseTo(0.002, 9);
    expect(figures.stddev).toBeCloseTo(0.003, 9);
    expect(histogram.resets).toBe(1);
  });

  it('keeps the previous figures through a window with no wake-up in it', () => {
    const histogram = new FakeHistogram();
    Object.assign(histogram, { count: 3, min: 12 * MS, max: 30 * MS, mean: 20 * MS, stddev: 0 });
    const delay = new EventLoopDelay(histogram, 10);
    const first = delay.take();
    Object.assign(histogram, { count: 0, min: EMPTY_MIN, max: 0, mean: NaN });
    expect(delay.take()).toEqual(first);
    expect(first.max).toBeCloseTo(0.02, 9);
    // Nothing to start afresh from: the window runs on until the monitor wakes.
    expect(histogram.resets).toBe(1);
  });

  it('turns a NaN spread (a single wake-up) into 0', () => {
    const histogram = new FakeHistogram();
    Object.assign(histogram, { count: 1, min: 15 * MS, max: 15 * MS, mean: 15 * MS });
    const figures = new EventLoopDelay(histogram, 10).take();
    expect(figures.stddev).toBe(0);
    expect(figures.max).toBeCloseTo(0.005, 9);
  });
});

describe('nodejs_eventloop_lag_* in /metrics', () => {
  let app: FastifyInstance | undefined;
  afterEach(() => app?.close());

  const lagFigures = (samples: Sample[]) =>
    samples.filter((sample) => sample.name.startsWith('nodejs_eventloop_lag_'));

  /** Finite, not negative, and far below the placeholder an empty histogram holds (2^63 ns). */
  const expectPlausible = (samples: Sample[]) => {
    const figures = lagFigures(samples);
    expect(figures.map((sample) => sample.name).sort()).toEqual(
      ['', '_max', '_mean', '_min', '_p50', '_p90', '_p99', '_stddev']
        .map((figure) => `nodejs_eventloop_lag${figure}_seconds`)
        .sort(),
    );
    for (const { name, value } of figures) {
      expect(Number.isFinite(value), `${name} ${value}`).toBe(true);
      expect(value, name).toBeGreaterThanOrEqual(0);
      expect(value, name).toBeLessThan(60);
    }
  };

  const scrape = async () => {
    const res = await app?.inject('/metrics');
    expect(res?.statusCode).toBe(200);
    return parseExposition(res?.body ?? '');
  };

  it('has real figures at the first scrape, and at scrapes close together', async () => {
    app = await testApp({ METRICS_INTERVAL_S: '60' }, { hostSource: new CountingHostSource() });
    expectPlausible(await scrape());
    // Two at once: the second finds a window the monitor never woke in.
    const [one, two] = await Promise.all([scrape(), scrape()]);
    expectPlausible(one ?? []);
    expectPlausible(two ?? []);
  });

  it('shows a loop blocked for 60 ms as at least 50 ms late', async () => {
    app = await testApp({ METRICS_INTERVAL_S: '60' }, { hostSource: new CountingHostSource() });
    await scrape();
    // Node's monitor forgets its last wake-up when a scrape starts a new window, so a block
    // before its next wake-up goes unseen: the second block always follows a wake-up.
    for (let block = 0; block < 2; block++) {
      const until = performance.now() + 60;
      while (performance.now() < until) {
        // Busy: nothing else runs, the monitor's timer included.
      }
      // Timers run before a request on a socket is read: the monitor wakes (late) first.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const max = lagFigures(await scrape()).find(
      (sample) => sample.name === 'nodejs_eventloop_lag_max_seconds',
    );
    expect(max?.value).toBeGreaterThanOrEqual(0.049);
  });
});
