/** The background sampler: shared readings, sleep when idle, wake on demand. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MetricsSampler } from '../src/host/sampler.js';
import { CountingHostSource } from './helpers/fake-host.js';
import { testApp } from './helpers/app.js';

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
    await app.close();
  });

  it('sleeps while nobody asks and wakes with a fresh reading on demand', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'],
    });
    const source = new CountingHostSource();
    const sampler = new MetricsSampler(source, { intervalMs: 2000, idleAfterMs: 10_000 });
    const started = sampler.start();
    await vi.advanceTimersByTimeAsync(200);
    await started;
    const afterStart = source.reads;
    expect(sampler.awake).toBe(false);

    // Nobody polls: an hour passes without a single reading or timer.
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(source.reads).toBe(afterStart);
    expect(vi.getTimerCount()).toBe(0);

    // A poll gets the old snapshot immediately and wakes the sampler.
    const old = sampler.current().metrics.sampled_at;
    expect(sampler.awake).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(source.reads).toBe(afterStart + 1);
    expect(sampler.current().metrics.sampled_at).not.toBe(old);

    // While polled it keeps the period: about one reading per interval.
    for (let second = 0; second < 20; second++) {
      sampler.touch();
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(source.reads - afterStart).toBeGreaterThanOrEqual(10);
    expect(source.reads - afterStart).toBeLessThanOrEqual(12);

    // Polling stops: after the idle window it goes back to sleep.
    const readsWhenPollingStopped = source.reads;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sampler.awake).toBe(false);
    expect(source.reads - readsWhenPollingStopped).toBeLessThanOrEqual(6);
    expect(vi.getTimerCount()).toBe(0);
    await sampler.stop();
  });

  it('keeps sampling while a stream holds it, and stops after release', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
    const source = new CountingHostSource();
    const sampler = new MetricsSampler(source, { intervalMs: 1000, idleAfterMs: 5000 });
    const started = sampler.start();
    await vi.advanceTimersByTimeAsync(200);
    await started;
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

  it('keeps the previous snapshot when a reading fails', async () => {
    const source = new CountingHostSource();
    const errors: unknown[] = [];
    const sampler = new MetricsSampler(source, {
      intervalMs: 50,
      idleAfterMs: 1000,
      onError: (e) => errors.push(e),
    });
    await sampler.start();
    const good = sampler.current();
    source.read = async () => {
      throw new Error('EIO');
    };
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(errors.length).toBeGreaterThan(0);
    expect(sampler.current().json).toBe(good.json);
    await sampler.stop();
  });
});
