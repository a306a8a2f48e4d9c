/**
 * A configured source at run time: its definition, its HTTP client, its cache, and what the
 * rest of the portal reads of it — the serialised answer, the health check, the Prometheus
 * figures. Upstream sources and peers alike are one of these.
 */
import type { FastifyBaseLogger } from 'fastify';
import { cachePolicy, TtlCache, type CachePolicy, type Cached } from '../cache.js';
import type { UpstreamTimeouts } from '../config.js';
import type { PartFigures } from '../prometheus/figures.js';
import type { PartCheck } from '../schemas/health.js';
import { cachedSerializer } from '../serialized.js';
import type { FetchContext, SourceDefinition, SourceSettings } from './definition.js';
import { FailureLog } from './failure-log.js';
import { HttpClient } from './http/client.js';
import { capText } from './text-caps.js';

/** A source's or a peer's part of `/api/health`, as its schema says. */
export type { PartCheck };
export type PartState = PartCheck['state'];

export interface RuntimeOptions {
  kind: 'source' | 'peer';
  upstream: UpstreamTimeouts;
  log: FastifyBaseLogger;
  now: () => number;
  /** Adjusts the cache policy (tests shorten waits; peers retry on the sampling period). */
  policy?: Partial<Omit<CachePolicy, 'ttlMs'>>;
  /** What this source shares with the others built with it; none given: nothing shared. */
  shared?: SharedHelpers;
}

/** The helpers a set of sources shares, one per `create` (see `FetchContext.shared`). */
export class SharedHelpers {
  readonly #made = new Map<(now: () => number) => unknown, unknown>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  get<T>(create: (now: () => number) => T): T {
    if (!this.#made.has(create)) this.#made.set(create, create(this.#now));
    // The map is keyed by `create`, so the value is what that very function made.
    return this.#made.get(create) as T;
  }
}

export class UpstreamSource<Value = unknown> {
  readonly name: string;
  readonly kind: 'source' | 'peer';
  readonly definition: SourceDefinition<string, SourceSettings, Value, unknown>;
  readonly client: HttpClient;
  readonly cache: TtlCache<Value>;
  readonly #now: () => number;
  readonly #serialize: ((entry: Cached<Value>, variant: number) => string) | null;

  constructor(
    definition: SourceDefinition<string, SourceSettings, Value, unknown>,
    settings: SourceSettings,
    options: RuntimeOptions,
  ) {
    this.name = definition.name;
    this.kind = options.kind;
    this.definition = definition;
    this.#now = options.now;
    const upstream = definition.upstream(settings);
    const { maxBodyBytes, ...connection } = definition.connection(settings);
    this.client = new HttpClient({
      upstream,
      ...connection,
      timeoutMs: options.upstream.timeoutMs,
      maxBodyBytes: Math.min(maxBodyBytes ?? Infinity, options.upstream.maxBodyBytes),
    });
    const warned = new Set<string>();
    const shared = options.shared ?? new SharedHelpers(options.now);
    const context: FetchContext = {
      warnOnce: (message: string) => {
        if (warned.has(message)) return;
        warned.add(message);
        options.log.warn({ source: upstream }, message);
      },
      shared: (create) => shared.get(create),
    };
    const fetch = async () => capText(await definition.fetch(this.client, settings, context));
    this.cache = new TtlCache(
      fetch,
      cachePolicy(settings.ttlS * 1000, options.policy),
      options.now,
    );
    const failures = new FailureLog(options.log, upstream, options.now);
    this.cache.on((outcome) => {
      if (outcome.type === 'updated') failures.succeeded();
      else failures.failed(outcome.error, outcome.entry !== null);
    });
    const route = definition.route;
    // The envelope every source's answer shares, around the source's own fields.
    this.#serialize = route
      ? cachedSerializer(route.report, (entry: Cached<Value>, variant: number) => ({
          configured: true,
          ...route.fields(entry.value, variant),
          fetched_at: new Date(entry.fetchedAt).toISOString(),
          stale: entry.stale,
        }))
      : null;
  }

  /** The source's clock (the cache's): ages of its answers are read on it. */
  now(): number {
    return this.#now();
  }

  /** The route's answer for one cache entry and query variant, serialised once per entry. */
  body(entry: Cached<Value>, variant: number): string {
    if (!this.#serialize) throw new Error(`${this.name} has no route`);
    return this.#serialize(entry, variant);
  }

  check(): PartCheck {
    const entry = this.cache.peek();
    const age_s = entry
      ? Math.max(0, Math.round((this.#now() - entry.fetchedAt) / 100) / 10)
      : null;
    const failed = this.cache.lastCallFailed;
    const state: PartState =
      failed === null ? 'unknown' : !failed ? 'ok' : entry ? 'stale' : 'failing';
    return { state, age_s };
  }

  figures(): PartFigures {
    const entry = this.cache.peek();
    const { state } = this.check();
    return {
      kind: this.kind,
      name: this.name,
      lastSuccessMs: entry?.fetchedAt ?? null,
      stale: state === 'stale' || state === 'failing',
      failures: this.cache.failuresTotal,
    };
  }

  async close(): Promise<void> {
    this.cache.keepWarm(false);
    await this.client.close();
  }
}
