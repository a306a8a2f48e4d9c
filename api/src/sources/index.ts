/**
 * The three upstream sources, each an HTTP client of its own plus one cache, built from the
 * configuration. Unconfigured sources are null. Routes read the caches; the stream hears
 * about every change; the log hears about every failure, with sanitised URLs only.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Dispatcher } from 'undici';
import { cachePolicy, TtlCache, type CacheEvent, type CachePolicy, type Cached } from '../cache.js';
import type { Config } from '../config.js';
import { ApiError } from '../errors.js';
import type { ActivityReport, StatusReport, WeatherReport } from '../schemas/index.js';
import { crawlNewestCommits, MAX_COMMITS, type ActivityCommit } from './forgejo.js';
import { HttpClient, UpstreamError } from './http.js';
import { fetchStatus, type MonitorData } from './kuma.js';
import { fetchWeather, type WeatherData } from './wttr.js';

export { UpstreamError } from './http.js';

/** What `/api/activity` lists without a `limit`, and what the stream sends. */
export const DEFAULT_ACTIVITY_LIMIT = 10;

export type SourceEvent = 'weather' | 'activity' | 'status';

export interface Source<T> {
  readonly event: SourceEvent;
  readonly cache: TtlCache<T>;
  readonly client: HttpClient;
}

export interface SourcesOptions {
  log: FastifyBaseLogger;
  /** Replace the network for every upstream (tests). */
  dispatcher?: Dispatcher;
  /** The clock cache decisions read (tests move it). */
  now?: () => number;
  /** Adjust the cache policy of every source (tests shorten the stale wait). */
  policy?: Partial<Omit<CachePolicy, 'ttlMs'>>;
}

export function weatherPayload(entry: Cached<WeatherData>): WeatherReport {
  return {
    configured: true,
    ...entry.value,
    fetched_at: new Date(entry.fetchedAt).toISOString(),
    stale: entry.stale,
  };
}

export function activityPayload(entry: Cached<ActivityCommit[]>, limit: number): ActivityReport {
  return {
    configured: true,
    commits: entry.value.slice(0, limit),
    fetched_at: new Date(entry.fetchedAt).toISOString(),
    stale: entry.stale,
  };
}

export function statusPayload(entry: Cached<MonitorData[]>): StatusReport {
  return {
    configured: true,
    monitors: entry.value,
    fetched_at: new Date(entry.fetchedAt).toISOString(),
    stale: entry.stale,
  };
}

/** The envelope for a failed source with nothing cached: 504 on timeout, 502 otherwise. */
export function upstreamApiError(error: unknown, source: string): ApiError {
  if (error instanceof UpstreamError) {
    return new ApiError(error.statusCode, error.code, error.message, {
      'cache-control': 'no-store',
    });
  }
  return new ApiError(502, 'upstream_error', `${source} failed unexpectedly`);
}

export class UpstreamSources {
  readonly weather: Source<WeatherData> | null = null;
  readonly activity: Source<ActivityCommit[]> | null = null;
  readonly status: Source<MonitorData[]> | null = null;
  readonly #log: FastifyBaseLogger;
  readonly #published = new Map<SourceEvent, string>();
  #publish: ((event: SourceEvent, json: string) => void) | null = null;

  constructor(config: Config, options: SourcesOptions) {
    this.#log = options.log;
    const now = options.now ?? Date.now;
    const client = (source: string, baseUrl: string, headers?: Record<string, string>) =>
      new HttpClient({
        source,
        baseUrl,
        timeoutMs: config.upstream.timeoutMs,
        maxBodyBytes: config.upstream.maxBodyBytes,
        ...(headers ? { headers } : {}),
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      });
    const policy = (ttlS: number) => cachePolicy(ttlS * 1000, options.policy);

    if (config.weather) {
      const { location, baseUrl, ttlS } = config.weather;
      const http = client('wttr.in', baseUrl);
      this.weather = this.#source(
        'weather',
        http,
        () => fetchWeather(http, location),
        policy(ttlS),
        now,
      );
    }
    if (config.forgejo) {
      const { baseUrl, token, ttlS } = config.forgejo;
      // The header form only: query-string tokens are deprecated in v11 and gone in v12.
      const http = client(
        'Forgejo',
        baseUrl,
        token ? { authorization: `token ${token}` } : undefined,
      );
      const crawl = () => crawlNewestCommits(http, { want: MAX_COMMITS, concurrency: 4 });
      this.activity = this.#source('activity', http, crawl, policy(ttlS), now);
    }
    if (config.kuma) {
      const { baseUrl, slug, ttlS } = config.kuma;
      const http = client('Uptime Kuma', baseUrl);
      this.status = this.#source('status', http, () => fetchStatus(http, slug), policy(ttlS), now);
    }
  }

  get all(): { cache: TtlCache<unknown>; client: HttpClient }[] {
    const list: { cache: TtlCache<unknown>; client: HttpClient }[] = [];
    for (const source of [this.weather, this.activity, this.status]) {
      if (source) list.push(source as unknown as { cache: TtlCache<unknown>; client: HttpClient });
    }
    return list;
  }

  /** Sends each source's payload to `publish` whenever its content or staleness changes. */
  onChange(publish: (event: SourceEvent, json: string) => void): void {
    this.#publish = publish;
  }

  /** While someone streams, sources refresh on their TTL so changes reach the stream. */
  keepWarm(on: boolean): void {
    for (const source of this.all) source.cache.keepWarm(on);
  }

  async close(): Promise<void> {
    this.keepWarm(false);
    await Promise.all(this.all.map((source) => source.client.close()));
  }

  #source<T>(
    event: SourceEvent,
    client: HttpClient,
    fetch: () => Promise<T>,
    policy: CachePolicy,
    now: () => number,
  ): Source<T> {
    const cache = new TtlCache(fetch, policy, now);
    cache.on((outcome) => this.#settled(event, client, outcome as CacheEvent<unknown>));
    return { event, cache, client };
  }

  #settled(event: SourceEvent, client: HttpClient, outcome: CacheEvent<unknown>): void {
    if (outcome.type === 'failed') {
      const error = outcome.error;
      const fields =
        error instanceof UpstreamError
          ? { source: client.source, kind: error.kind, ...error.detail }
          : { source: client.source, err: error };
      const serving = outcome.entry ? 'serving the last good answer' : 'nothing cached to serve';
      this.#log.warn(
        fields,
        `${error instanceof Error ? error.message : 'upstream failed'}; ${serving}`,
      );
    } else {
      this.#log.debug({ source: client.source }, 'upstream refreshed');
    }
    const entry = outcome.entry;
    if (!entry || !this.#publish) return;
    const payload =
      event === 'weather'
        ? weatherPayload(entry as Cached<WeatherData>)
        : event === 'activity'
          ? activityPayload(entry as Cached<ActivityCommit[]>, DEFAULT_ACTIVITY_LIMIT)
          : statusPayload(entry as Cached<MonitorData[]>);
    // Only content and staleness count as a change; a new fetched_at alone does not.
    const key = JSON.stringify({ ...payload, fetched_at: null });
    if (this.#published.get(event) === key) return;
    this.#published.set(event, key);
    this.#publish(event, JSON.stringify(payload));
  }
}
