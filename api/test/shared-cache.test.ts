/** What shared caches are told: kept for the rest of the answer's life, at least a second, never by browsers. */
import { describe, expect, it } from 'vitest';
import { SharedCacheClock, sharedCacheHeaders } from '../src/shared-cache.js';

const T0 = Date.UTC(2026, 10, 26, 21);

/** Seconds a cache that honours Age keeps the answer: s-maxage − Age. */
function kept(headers: { 'cache-control': string; age: string }): number {
  const sMaxAge = Number(/s-maxage=(\d+)/.exec(headers['cache-control'])?.[1]);
  return sMaxAge - Number(headers.age);
}

describe('sharedCacheHeaders', () => {
  it('a fresh answer: public for shared caches, max-age=0 for browsers, its whole lifetime', () => {
    expect(sharedCacheHeaders(T0, 600_000, T0)).toEqual({
      'cache-control': 'public, max-age=0, s-maxage=600',
      age: '0',
    });
  });

  it('an older answer: Age is how old it is, s-maxage counts from when it was made', () => {
    const headers = sharedCacheHeaders(T0, 600_000, T0 + 250_400);
    expect(headers).toEqual({ 'cache-control': 'public, max-age=0, s-maxage=599', age: '250' });
    // Kept for the rest of its life, rounded down: never past the source's own rule.
    expect(kept(headers)).toBe(349);
  });

  it('a snapshot sampled 1.5 s ago with a 2 s interval is kept one more second', () => {
    const headers = sharedCacheHeaders(T0, 2_000, T0 + 1_500);
    expect(headers).toEqual({ 'cache-control': 'public, max-age=0, s-maxage=2', age: '1' });
    expect(kept(headers)).toBe(1);
  });

  it('past its lifetime (a stale copy while the upstream is asked again): one second', () => {
    const headers = sharedCacheHeaders(T0, 60_000, T0 + 3_600_000);
    expect(headers.age).toBe('3600');
    expect(kept(headers)).toBe(1);
  });

  it('a clock behind the answer never gives a negative Age', () => {
    expect(sharedCacheHeaders(T0, 2_000, T0 - 300).age).toBe('0');
  });
});

describe('SharedCacheClock', () => {
  it('hands out the same headers within one second of age, new ones after', () => {
    const clock = new SharedCacheClock();
    const first = clock.headers(T0, 2_000, T0 + 100);
    expect(clock.headers(T0, 2_000, T0 + 900)).toBe(first);
    const next = clock.headers(T0, 2_000, T0 + 1_100);
    expect(next).not.toBe(first);
    expect(next.age).toBe('1');
    // A new answer starts over.
    expect(clock.headers(T0 + 2_000, 2_000, T0 + 2_050).age).toBe('0');
  });
});
