/**
 * The shared upstream cache: TTL, one call for concurrent misses, stale answers on
 * failure, early retries with a growing capped delay, and recovery. The clock is moved by
 * hand; nothing here waits on real time except the short stale wait.
 */
import { describe, expect, it } from 'vitest';
import { cachePolicy, TtlCache, type CacheEvent } from '../src/cache.js';

const TTL = 60_000;

function setup(policy = cachePolicy(TTL, { staleWaitMs: 50 })) {
  let now = 1_000_000;
  const clock = {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
  let next: () => Promise<number> = async () => 1;
  let calls = 0;
  const cache = new TtlCache(
    () => {
      calls += 1;
      return next();
    },
    policy,
    clock.now,
  );
  return {
    cache,
    clock,
    calls: () => calls,
    answer: (fn: () => Promise<number>) => {
      next = fn;
    },
  };
}

const fail = () => Promise.reject(new Error('upstream down'));

describe('TtlCache', () => {
  it('serves a fresh value for the TTL without asking again', async () => {
    const { cache, clock, calls } = setup();
    expect(await cache.get()).toMatchObject({ value: 1, stale: false });
    clock.advance(TTL - 1);
    expect(await cache.get()).toMatchObject({ value: 1, stale: false });
    expect(calls()).toBe(1);
    clock.advance(1);
    await cache.get();
    expect(calls()).toBe(2);
  });

  it('shares one upstream call between concurrent misses', async () => {
    const { cache, calls, answer } = setup();
    let release: (value: number) => void = () => undefined;
    answer(() => new Promise<number>((resolve) => (release = resolve)));
    const waiting = Promise.all(Array.from({ length: 20 }, () => cache.get()));
    release(7);
    const results = await waiting;
    expect(calls()).toBe(1);
    expect(results.every((r) => r.value === 7)).toBe(true);
  });

  it('with nothing cached, a failure is thrown, and is not retried before the backoff', async () => {
    const { cache, clock, calls, answer } = setup();
    answer(fail);
    await expect(cache.get()).rejects.toThrow('upstream down');
    await expect(cache.get()).rejects.toThrow('upstream down');
    expect(calls()).toBe(1);
    answer(async () => 5);
    clock.advance(cache.policy.retryBaseMs);
    expect(await cache.get()).toMatchObject({ value: 5, stale: false });
    expect(calls()).toBe(2);
  });

  it('serves the last good value as stale when the refresh fails, then recovers', async () => {
    const { cache, clock, answer } = setup();
    await cache.get();
    answer(fail);
    clock.advance(TTL);
    expect(await cache.get()).toMatchObject({ value: 1, stale: true });
    answer(async () => 2);
    clock.advance(cache.policy.retryBaseMs);
    expect(await cache.get()).toMatchObject({ value: 2, stale: false });
  });

  it('serves stale instead of waiting long on a slow refresh', async () => {
    const { cache, clock, answer } = setup();
    await cache.get();
    let release: (value: number) => void = () => undefined;
    answer(() => new Promise<number>((resolve) => (release = resolve)));
    clock.advance(TTL);
    expect(await cache.get()).toMatchObject({ value: 1, stale: true });
    release(3);
    await cache.refresh();
    expect(await cache.get()).toMatchObject({ value: 3, stale: false });
  });

  it('retries after 1, 4, 9 … times the base delay, capped below the TTL', async () => {
    const policy = cachePolicy(900_000, { staleWaitMs: 10 });
    expect(policy.retryBaseMs).toBe(60_000);
    expect(policy.retryMaxMs).toBeLessThan(900_000);
    const { cache, clock, calls, answer } = setup(policy);
    answer(fail);
    const gaps: number[] = [];
    await cache.get().catch(() => undefined);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const before = calls();
      let waited = 0;
      while (calls() === before) {
        clock.advance(10_000);
        waited += 10_000;
        await cache.get().catch(() => undefined);
      }
      gaps.push(waited / 60_000);
    }
    expect(gaps).toEqual([1, 4, 9, 11.25, 11.25].map((m) => Math.ceil((m * 60_000) / 10_000) / 6));
  });

  it('short TTLs retry sooner than their TTL', () => {
    const status = cachePolicy(30_000);
    expect(status.retryBaseMs).toBe(3_000);
    expect(status.retryMaxMs).toBeLessThan(30_000);
  });

  it('tells listeners about updates and failures', async () => {
    const { cache, clock, answer } = setup();
    const events: CacheEvent<number>['type'][] = [];
    cache.on((event) => events.push(event.type));
    await cache.get();
    answer(fail);
    clock.advance(TTL);
    await cache.get();
    expect(events).toEqual(['updated', 'failed']);
  });

  it('keepWarm refreshes when due and stops when turned off', async () => {
    const { cache, calls } = setup(cachePolicy(TTL, { staleWaitMs: 10 }));
    cache.keepWarm(true);
    // Nothing cached: due now.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls()).toBe(1);
    expect(cache.peek()).toMatchObject({ value: 1, stale: false });
    cache.keepWarm(false);
  });
});
