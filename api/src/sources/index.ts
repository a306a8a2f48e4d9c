/**
 * The configured upstream sources, built from the one list. Routes read their caches; the
 * stream hears of every change, as the very bytes the route serves; health and Prometheus
 * read each one's check and figures.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { CachePolicy } from '../cache.js';
import type { Config } from '../config.js';
import type { SourceDefinition, SourceSettings } from './definition.js';
import { SOURCES } from './listed.js';
import { SharedHelpers, UpstreamSource } from './runtime.js';

export { SOURCES } from './listed.js';
export type { SourceName, SourcesSettings } from './listed.js';
export { UpstreamSource, type PartCheck, type PartState } from './runtime.js';

export interface SourcesOptions {
  log: FastifyBaseLogger;
  /** The clock cache decisions read (tests move it). */
  now?: () => number;
  /** Adjust the cache policy of every source (tests shorten the stale wait). */
  policy?: Partial<Omit<CachePolicy, 'ttlMs'>>;
}

/** `"fetched_at":"…"` at the top level: a new fetch of the same content is no change. */
const FETCHED_AT = /([{,])"fetched_at":"[^"]*"/;

export class UpstreamSources {
  /** The configured sources, in the list's order. */
  readonly list: readonly UpstreamSource[];
  readonly #published = new Map<string, string>();

  constructor(config: Config, options: SourcesOptions) {
    const list: UpstreamSource[] = [];
    const now = options.now ?? Date.now;
    // Sources that read the same upstream document share one request for it.
    const shared = new SharedHelpers(now);
    for (const definition of SOURCES) {
      const settings = config.sources[definition.name] as SourceSettings | null;
      if (!settings) continue;
      list.push(
        new UpstreamSource(definition as SourceDefinition<string, SourceSettings>, settings, {
          kind: 'source',
          upstream: config.upstream,
          log: options.log,
          now,
          shared,
          ...(options.policy ? { policy: options.policy } : {}),
        }),
      );
    }
    this.list = list;
  }

  byName(name: string): UpstreamSource | undefined {
    return this.list.find((source) => source.name === name);
  }

  /** Sends each source's stream payload to `publish` whenever its content or staleness changes. */
  onChange(publish: (event: string, json: string) => void): void {
    for (const source of this.list) {
      const route = source.definition.route;
      if (!route) continue;
      source.cache.on((outcome) => {
        if (!outcome.entry) return;
        const json = source.body(outcome.entry, route.streamVariant ?? 0);
        const key = json.replace(FETCHED_AT, '$1');
        if (this.#published.get(source.name) === key) return;
        this.#published.set(source.name, key);
        publish(source.name, json);
      });
    }
  }

  /** While someone streams, sources refresh on their TTL so changes reach the stream. */
  keepWarm(on: boolean): void {
    for (const source of this.list) source.cache.keepWarm(on);
  }

  /** Stops refreshing and aborts calls in flight (shutdown never waits on an upstream). */
  async close(): Promise<void> {
    await Promise.all(this.list.map((source) => source.close()));
  }
}
