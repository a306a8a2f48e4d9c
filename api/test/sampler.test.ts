/**
 * The background sampler on a fake clock: shared readings, sleep when idle, a fresh short
 * window after a sleep, and a state that tells the truth when the host cannot be read.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MetricsSampler, type SamplerOptions, type Snapshot } from '../src/sampler/sampler.js';
import { ClockedHostSource, CountingHostSource } from './helpers/fake-host.js';
import { testApp } from './helpers/app.js';

const INTERVAL_MS = 2000;

function useFakeClock() {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'],
  });
}

async function startSampler(
  source: ClockedHostSource,
  opts: Partial<SamplerOptions> = {},
): Promise<MetricsSampler> {
  const sampler = new MetricsSampler(source, {
    intervalMs: INTERVAL_MS,
    idleAfterMs: 30_000,
    ...opts,
  });
  const started = sampler.start();
  await vi.advanceTimersByTimeAsync(200);
  await started;
  return sampler;
}

/** A poll as a request sees it: the snapshot and the fake time it arrived. */
function ask(sampler: MetricsSampler): Promise<{ snapshot: Snapshot; atMs: number }> {
  const answer = sampler.poll();
  return Promise.resolve(answer).then((snapshot) => ({ snapshot, atMs: Date.now() }));
}

const ageMs = (snapshot: Snapshot, atMs = Date.now()) =>
  atMs - Date.parse(snapshot.metrics.sampled_at);

afterEach(() => {
  vi.useRealTimers();
});

describe('MetricsSampler', () => {
  it('serves many concurrent requests from one reading', async () => {
    const source = new CountingHostSource();
    const app = await testApp({ METRICS_INTERVAL_S: '60' }, { hostSource: source });
    const before = source.reads;
    const responses = await Promise.all(
      Array.from({ length: 200 }, () => app.inject('/api/metrics')),
    );
    expect(responses.every((res) => res.statusCode === 200)).toBe(true);
    const stamps = new Set(responses.map((res) => res.json().sampled_at));
    // All 200 requests were answered from the snapshot(s) that existed; at most the one wake-up reading ran.
    expect(source.reads - before).toBeLessThanOrEqual(1);
    expect(stamps.size).toBeLessThanOrEqual(2);
    expect(responses[0]?.json().stale).toBe(false);
    await app.close();
  });

  describe('after a sleep', () => {
    beforeEach(useFakeClock);

    it('costs no timer while asleep', async () => {
      const source = new ClockedHostSource();
      const sampler = await startSampler(source);
      const afterStart = source.reads;
      await vi.advanceTimersByTimeAsync(3_600_000);
      expect(source.reads).toBe(afterStart);
      expect(vi.getTimerCount()).toBe(0);
      expect(sampler.awake).toBe(false);
      await sampler.stop();
    });

    it('makes the first poll wait for a fresh pair, shared, whose figures cover only that window', async () => {
      const source = new ClockedHostSource();
      const sampler = await startSampler(source);
      // 98 s asleep at 10 % busy; then the host gets busy just before someone looks.
      source.set(0.1, 1000);
      await vi.advanceTimersByTimeAsync(98_000);
      source.set(0.8, 50_000);
      const readsBefore = source.reads;

      const first = sampler.poll();
      const second = sampler.poll();
      expect(first).toBeInstanceOf(Promise);
      expect(second).toBe(first);
      // Waking is not failing, even though the snapshot is far older than a few intervals.
      expect(sampler.check().state).toBe('ok');

      const askedAt = Date.now();
      await vi.advanceTimersByTimeAsync(250);
      const snapshot = await first;
      expect(Date.now() - askedAt).toBeLessThan(1000);
      expect(source.reads - readsBefore).toBe(2);
      expect(ageMs(snapshot)).toBe(0);
      expect(snapshot.metrics.cpu.percent).toBe(80);
      expect(snapshot.metrics.network.rx_bytes_per_s).toBe(50_000);
      expect(snapshot.metrics.stale).toBe(false);

      // Awake again: polls are answered at once, with no promise to wait on.
      expect(sampler.poll()).toBe(snapshot);
      await sampler.stop();
    });

    it('answers no poll with figures older than one interval, at any poll rhythm', async () => {
      for (const periodMs of [1000, 2500, 31_000, 45_000, 120_000]) {
        const source = new ClockedHostSource();
        const sampler = await startSampler(source);
        for (let poll = 0; poll < 6; poll++) {
          const askedAt = Date.now();
          const answered = ask(sampler);
          await vi.advanceTimersByTimeAsync(periodMs);
          const { snapshot, atMs } = await answered;
          expect(ageMs(snapshot, atMs), `every ${periodMs} ms, poll ${poll}`).toBeLessThanOrEqual(
            INTERVAL_MS,
          );
          expect(atMs - askedAt).toBeLessThan(1000);
        }
        await sampler.stop();
      }
    });

    it('keeps a fixed rate, so slow readings do not add to the age of the figures', async () => {
      const source = new ClockedHostSource();
      const sampler = await startSampler(source);
      source.readDelayMs = 600;
      let oldestMs = 0;
      for (let tick = 0; tick < 200; tick++) {
        const answered = ask(sampler);
        await vi.advanceTimersByTimeAsync(100);
        const { snapshot, atMs } = await answered;
        // From the second scheduled reading on (the first one, timed from the start-up
        // snapshot, is late by its own reading time: within the promise, not the rate).
        if (tick > 30) oldestMs = Math.max(oldestMs, ageMs(snapshot, atMs));
      }
      expect(oldestMs).toBeGreaterThan(INTERVAL_MS - 200);
      expect(oldestMs).toBeLessThanOrEqual(INTERVAL_MS);
      const stopping = sampler.stop();
      await vi.advanceTimersByTimeAsync(1000);
      await stopping;
    });

    it('gives a stream opening on a sleeping sampler a fresh sample at once', async () => {
      const source = new ClockedHostSource();
      const sampler = await startSampler(source);
      await vi.advanceTimersByTimeAsync(60_000);
      source.set(0.5);
      const samples: Snapshot[] = [];
      sampler.on('sample', (snapshot) => samples.push(snapshot));
      const release = sampler.hold();
      await vi.advanceTimersByTimeAsync(250);
      expect(samples).toHaveLength(1);
      expect(ageMs(samples[0] as Snapshot)).toBe(0);
      expect(samples[0]?.metrics.cpu.percent).toBe(50);
      release();
      await sampler.stop();
    });

    it('keeps the period while polled and goes back to sleep after the idle window', async () => {
      const source = new ClockedHostSource();
      const sampler = await startSampler(source, { idleAfterMs: 10_000 });
      const afterStart = source.reads;
      for (let second = 0; second < 20; second++) {
        await ask(sampler);
        await vi.advanceTimersByTimeAsync(1000);
      }
      // About one reading per interval (the first two are the fresh pair).
      expect(source.reads - afterStart).toBeGreaterThanOrEqual(10);
      expect(source.reads - afterStart).toBeLessThanOrEqual(12);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sampler.awake).toBe(false);
      expect(sampler.check().state).toBe('asleep');
      expect(vi.getTimerCount()).toBe(0);
      await sampler.stop();
    });

    it('keeps sampling while a stream holds it, and stops after release', async () => {
      const source = new ClockedHostSource();
      const sampler = await startSampler(source, { intervalMs: 1000, idleAfterMs: 5000 });
      const samples: string[] = [];
      sampler.on('sample', (snapshot) => samples.push(snapshot.json));
      const release = sampler.hold();
      await vi.advanceTimersByTimeAsync(30_000);
      expect(samples.length).toBeGreaterThanOrEqual(29);
      release();
      await vi.advanceTimersByTimeAsync(30_000);
      expect(sampler.awake).toBe(false);
      const settled = samples.length;
      await vi.advanceTimersByTimeAsync(30_000);
      expect(samples.length).toBe(settled);
      await sampler.stop();
    });
  });

  describe('state', () => {
    beforeEach(useFakeClock);

    it('is asleep with the snapshot’s age when nobody asks, ok while polled', async () => {
      const source = new ClockedHostSource();
      const sampler = await startSampler(source);
      await vi.advanceTimersByTimeAsync(10_000);
      const asleep = sampler.check();
      expect(asleep.state).toBe('asleep');
      expect(asleep.age_s).toBeGreaterThanOrEqual(10);
      expect(asleep.age_s).toBeLessThan(10.3);
      const answered = ask(sampler);
      await vi.advanceTimersByTimeAsync(250);
      await answered;
      expect(sampler.check()).toEqual({ state: 'ok', age_s: 0 });
      await sampler.stop();
    });

    it('turns failing within an interval of failed readings, marks the figures stale once, retries and recovers', async () => {
      const source = new ClockedHostSource();
      const errors: unknown[] = [];
      const sampler = await startSampler(source, { onError: (error) => errors.push(error) });
      await ask(sampler);
      const good = sampler.latest as Snapshot;
      const samples: Snapshot[] = [];
      sampler.on('sample', (snapshot) => samples.push(snapshot));

      source.mode = 'fail';
      const readsAtFailure = source.reads;
      const poll = () => {
        sampler.touch();
        return sampler.poll() as Snapshot;
      };
      await vi.advanceTimersByTimeAsync(INTERVAL_MS + 250);
      expect(sampler.check().state).toBe('failing');
      const stale = poll();
      expect(stale.metrics.stale).toBe(true);
      expect(stale.json).toContain('"stale":true');
      expect(stale.json.replace('"stale":true', '"stale":false')).toBe(good.json);
      expect(samples).toEqual([stale]);

      // Still polled: it retries every interval, without re-serialising or re-sending anything.
      for (let second = 0; second < 10; second++) {
        expect(poll()).toBe(stale);
        await vi.advanceTimersByTimeAsync(1000);
      }
      const failed = source.reads - readsAtFailure;
      expect(failed).toBeGreaterThanOrEqual(6);
      expect(sampler.failures).toBe(failed);
      expect(errors).toHaveLength(failed);
      expect(sampler.readings).toBe(source.reads);
      expect(samples).toHaveLength(1);

      source.mode = 'ok';
      await vi.advanceTimersByTimeAsync(INTERVAL_MS + 250);
      const recovered = poll();
      expect(recovered.metrics.stale).toBe(false);
      expect(ageMs(recovered)).toBeLessThanOrEqual(INTERVAL_MS);
      expect(sampler.check().state).toBe('ok');
      await sampler.stop();
    });

    it('stays failing through a sleep, and a poll that finds the host readable again gets fresh figures', async () => {
      const source = new ClockedHostSource();
      const sampler = await startSampler(source, { idleAfterMs: 5000 });
      await ask(sampler);
      source.mode = 'fail';
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sampler.awake).toBe(false);
      expect(sampler.check().state).toBe('failing');

      source.mode = 'ok';
      const answered = ask(sampler);
      await vi.advanceTimersByTimeAsync(250);
      const { snapshot } = await answered;
      expect(snapshot.metrics.stale).toBe(false);
      expect(ageMs(snapshot)).toBe(0);
      expect(sampler.check().state).toBe('ok');
      await sampler.stop();
    });

    it('does not turn failing on one failed reading', async () => {
      const source = new ClockedHostSource();
      const sampler = await startSampler(source);
      await ask(sampler);
      const samples: Snapshot[] = [];
      sampler.on('sample', (snapshot) => samples.push(snapshot));
      const read = source.read.bind(source);
      let failOnce = true;
      source.read = async () => {
        if (failOnce) {
          failOnce = false;
          throw new Error('EIO');
        }
        return read();
      };
      await vi.advanceTimersByTimeAsync(INTERVAL_MS + 250);
      expect(sampler.check().state).toBe('ok');
      expect(sampler.failures).toBe(1);
      expect(samples.every((snapshot) => !snapshot.metrics.stale)).toBe(true);
      await sampler.stop();
    });

    it('turns failing when a reading hangs for a few intervals, and a waking poll waits only briefly', async () => {
      const source = new ClockedHostSource();
      const sampler = await startSampler(source);
      await ask(sampler);
      source.mode = 'hang';
      await vi.advanceTimersByTimeAsync(INTERVAL_MS * 2);
      expect(sampler.check().state).toBe('ok');
      await vi.advanceTimersByTimeAsync(INTERVAL_MS * 2);
      expect(sampler.check().state).toBe('failing');
      expect((sampler.poll() as Snapshot).metrics.stale).toBe(true);
      // Shutdown does not wait on the hung reading for long either.
      const stopping = sampler.stop();
      await vi.advanceTimersByTimeAsync(1000);
      await stopping;

      // Asleep, then the first poll finds the host hanging: within the budget it gets the
      // old figures, marked stale, rather than waiting on.
      const stuck = new ClockedHostSource();
      const sleepy = await startSampler(stuck);
      await vi.advanceTimersByTimeAsync(60_000);
      stuck.mode = 'hang';
      const answered = ask(sleepy);
      await vi.advanceTimersByTimeAsync(800);
      const { snapshot } = await answered;
      expect(snapshot.metrics.stale).toBe(true);
      expect(sleepy.check().state).toBe('failing');
      const stopped = sleepy.stop();
      await vi.advanceTimersByTimeAsync(1000);
      await stopped;
    });
  });
});
