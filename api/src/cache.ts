/**
 * One cached value per upstream source, with the rules every source shares:
 *
 * - fresh for `ttlMs`; concurrent misses share one upstream call;
 * - past its TTL, a request waits a short while for the refresh, then gets the previous
 *   value marked stale rather than waiting on a slow upstream;
 * - a failed refresh keeps the previous value (served stale) and is retried early with a
 *   growing, capped delay (1, 4, 9 … × the base, glance-style), never a whole TTL later;
 *   with nothing cached, the failure itself is the answer until that retry is due;
 * - while someone streams, `keepWarm` refreshes on the TTL so the stream sees changes.
 *
 * Decisions read an injectable clock, so tests move time instead of waiting.
 */

export interface CachePolicy {
  ttlMs: number;
  /** Delay before the first retry after a failure; the n-th waits n² times this. */
  retryBaseMs: number;
  /** Longest delay between retries; kept below the TTL. */
  retryMaxMs: number;
  /** How long a request waits for the refresh of an expired value before getting it stale. */
  staleWaitMs: number;
}

/** Retry after ~1, 4, 9 … minutes (less for short TTLs), capped at three quarters of the TTL. */
export function cachePolicy(ttlMs: number, overrides: Partial<CachePolicy> = {}): CachePolicy {
  return {
    ttlMs,
    retryBaseMs: Math.min(60_000, ttlMs / 10),
    retryMaxMs: ttlMs * 0.75,
    staleWaitMs: 1_000,
    ...overrides,
  };
}

export interface Cached<T> {
  value: T;
  /** When the value was fetched, ms since the epoch. */
  fetchedAt: number;
  /** True when the value is past its TTL (the upstream failed or is still being asked). */
  stale: boolean;
}

export type Fetcher<T> = () => Promise<T>;

export type CacheEvent<T> =
  | { type: 'updated'; entry: Cached<T> }
  | { type: 'failed'; error: unknown; entry: Cached<T> | null };

export class TtlCache<T> {
  readonly policy: CachePolicy;
  readonly #fetch: Fetcher<T>;
  readonly #now: () => number;
  #value: { value: T; fetchedAt: number } | null = null;
  #inflight: Promise<void> | null = null;
  #failures = 0;
  #lastError: unknown = null;
  #retryAt = 0;
  #listeners = new Set<(event: CacheEvent<T>) => void>();
  #warmTimer: NodeJS.Timeout | null = null;
  #warm = false;
  /** Upstream calls started, for tests and the log. */
  fetches = 0;
  /** Upstream calls that failed, ever (Prometheus counts them). */
  failuresTotal = 0;

  constructor(fetch: Fetcher<T>, policy: CachePolicy, now: () => number = Date.now) {
    this.#fetch = fetch;
    this.policy = policy;
    this.#now = now;
  }

  /** The value to answer with; throws the upstream error when there is nothing to serve. */
  async get(): Promise<Cached<T>> {
    const now = this.#now();
    const current = this.#entry(now);
    if (current && !current.stale) return current;
    if (now < this.#retryAt) {
      // Backing off after a failure: answer at once from what there is.
      if (current) return current;
      throw this.#lastError;
    }
    const refresh = this.refresh();
    if (!current) {
      await refresh;
      const entry = this.#entry(this.#now());
      if (entry) return entry;
      throw this.#lastError;
    }
    // A value exists but expired: give the refresh a moment, then serve what there is.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      refresh,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, this.policy.staleWaitMs))),
    ]);
    clearTimeout(timer);
    return this.#entry(this.#now()) ?? current;
  }

  /** The current entry without asking anyone (null when nothing was ever fetched). */
  peek(): Cached<T> | null {
    return this.#entry(this.#now());
  }

  /** The latest call's error while it is the latest outcome; null once a call succeeds. */
  get lastError(): unknown {
    return this.#lastError;
  }

  /** Whether the latest finished call failed (null before any call finished). */
  get lastCallFailed(): boolean | null {
    if (this.#failures > 0) return true;
    return this.#value ? false : null;
  }

  /** When the next upstream call is due (now or later). */
  dueAt(): number {
    const expires = this.#value ? this.#value.fetchedAt + this.policy.ttlMs : 0;
    return Math.max(expires, this.#retryAt);
  }

  /** Starts (or joins) an upstream call; never rejects, the outcome lands in the cache. */
  refresh(): Promise<void> {
    this.#inflight ??= this.#run().finally(() => {
      this.#inflight = null;
      this.#scheduleWarm();
    });
    return this.#inflight;
  }

  /** Listens to refresh outcomes (the app publishes changes to the stream). */
  on(listener: (event: CacheEvent<T>) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** While on, refreshes whenever the value expires or a retry is due. */
  keepWarm(on: boolean): void {
    this.#warm = on;
    if (!on) {
      if (this.#warmTimer) clearTimeout(this.#warmTimer);
      this.#warmTimer = null;
      return;
    }
    this.#scheduleWarm();
  }

  #scheduleWarm(): void {
    if (!this.#warm || this.#inflight) return;
    if (this.#warmTimer) clearTimeout(this.#warmTimer);
    const delay = Math.max(0, this.dueAt() - this.#now());
    this.#warmTimer = setTimeout(() => {
      this.#warmTimer = null;
      void this.refresh();
    }, delay);
    this.#warmTimer.unref();
  }

  async #run(): Promise<void> {
    this.fetches += 1;
    try {
      const value = await this.#fetch();
      const fetchedAt = this.#now();
      this.#value = { value, fetchedAt };
      this.#failures = 0;
      this.#retryAt = 0;
      this.#lastError = null;
      this.#emit({ type: 'updated', entry: { value, fetchedAt, stale: false } });
    } catch (error) {
      this.#failures += 1;
      this.failuresTotal += 1;
      this.#lastError = error;
      const delay = Math.min(this.policy.retryBaseMs * this.#failures ** 2, this.policy.retryMaxMs);
      this.#retryAt = this.#now() + delay;
      this.#emit({ type: 'failed', error, entry: this.#entry(this.#now()) });
    }
  }

  #entry(now: number): Cached<T> | null {
    if (!this.#value) return null;
    const stale = now >= this.#value.fetchedAt + this.policy.ttlMs;
    return { value: this.#value.value, fetchedAt: this.#value.fetchedAt, stale };
  }

  #emit(event: CacheEvent<T>): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A listener's bug must not break the cache for every visitor.
      }
    }
  }
}
