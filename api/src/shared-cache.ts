/**
 * How long a shared cache (nginx, Varnish, Cloudflare's edge) may keep an answer that is the
 * same for every visitor, from the freshness rule of its source: an answer made at
 * `madeAt` stays current for `lifetimeMs` (a metrics snapshot until the next sample, an
 * upstream answer for its cache TTL). Browsers keep nothing (`max-age=0`).
 *
 * `Age` says how old the answer already is and `s-maxage` counts from when it was made, so
 * a cache that honours `Age` keeps it for the rest of its lifetime and no longer. That rest
 * is at least one second: a cache handed an answer it may keep for 0 s does not merely pass
 * it on, it stops caching the path for a while (Varnish's hit-for-miss), so an answer a
 * moment before the next sample is held for one more second. Through an edge, figures are
 * thus at most one sampling interval plus 1 s old, plus the under-a-second nginx adds.
 *
 * Errors keep `no-store`; `/api/health` and `/api/stream` are never shared.
 */
// A type, not an interface: Fastify's reply.headers() takes it as a plain record.
export type SharedCacheHeaders = {
  'cache-control': string;
  age: string;
};

/** At least this long in a shared cache, whatever the age (see above). */
const MIN_KEEP_S = 1;

export function sharedCacheHeaders(
  madeAt: number,
  lifetimeMs: number,
  now: number,
): SharedCacheHeaders {
  const ageS = Math.max(0, Math.floor((now - madeAt) / 1000));
  const restS = Math.floor((madeAt + lifetimeMs - now) / 1000);
  const maxAgeS = ageS + Math.max(MIN_KEEP_S, restS);
  return { 'cache-control': `public, max-age=0, s-maxage=${maxAgeS}`, age: String(ageS) };
}

/** The same, for the many requests of one answer: rebuilt only when the age's second changes. */
export class SharedCacheClock {
  #madeAt = Number.NaN;
  #second = Number.NaN;
  #headers: SharedCacheHeaders | null = null;

  headers(madeAt: number, lifetimeMs: number, now: number): SharedCacheHeaders {
    const second = Math.floor((now - madeAt) / 1000);
    if (this.#headers === null || madeAt !== this.#madeAt || second !== this.#second) {
      this.#madeAt = madeAt;
      this.#second = second;
      this.#headers = sharedCacheHeaders(madeAt, lifetimeMs, now);
    }
    return this.#headers;
  }
}
