/**
 * What makes an upstream source, in one object: its name, its settings, how to reach and ask
 * it, how long an answer stays fresh, and the route that serves it. Everything else — the
 * cache, the log of failures, the route, the stream, the health check and the Prometheus
 * figures — is the same for every source and comes from `runtime.ts` and `route.ts`.
 *
 * A new source is one folder exporting one of these, and one line in `list.ts`.
 */
import type { TSchema } from 'typebox';
import type { Env } from '../env.js';
import type { HttpClient } from './http/client.js';

/** Every source's settings carry its cache lifetime. */
export interface SourceSettings {
  ttlS: number;
}

/** How to reach the upstream: base URL and headers sent with every call (never logged). */
export interface Connection {
  baseUrl: string;
  headers?: Record<string, string>;
  /** A tighter size bound than `UPSTREAM_MAX_BODY_BYTES`, for answers known to be small. */
  maxBodyBytes?: number;
}

/** What a fetch may use beyond its client and settings. */
export interface FetchContext {
  /** Tells the log more than success and failure, each message once per process. */
  warnOnce(message: string): void;
  /**
   * The one helper `create` makes for all the sources built together, on their clock:
   * how two sources that read the same upstream document ask for it once
   * (`kuma/status-page.ts`). `create` is the key, so it must be a module-level function.
   */
  shared<T>(create: (now: () => number) => T): T;
}

/**
 * The route a source answers on; peers have none of their own (they show in /api/hosts).
 * A source says only what is its own: its path, its schemas and its fields. The envelope —
 * `configured`, `fetched_at`, `stale` — is added by the runtime (and, in the schema, by
 * `upstreamReport`), the same for every source.
 */
export interface SourceRoute<Value, Query> {
  path: string;
  /** Query string schema; none given: visitors choose nothing (unknown parameters are a 400). */
  querystring?: TSchema;
  /** Every 200 answer: the report or the unconfigured form. */
  response: TSchema;
  /** The configured answer (`upstreamReport`), which serialises the cached value. */
  report: TSchema;
  /** The source's own fields beside `configured: false` while it has no settings. */
  unconfigured?: Record<string, unknown>;
  /**
   * The source's own fields for one cached value and one variant of the query (e.g. the
   * activity `limit`): each variant is serialised once per cache entry.
   */
  fields(value: Value, variant: number): Record<string, unknown>;
  /** The variant a request asks for; none given: every request gets variant 0. */
  variant?(query: Query): number;
  /** The variant the stream carries (the very bytes the route serves for it); default 0. */
  streamVariant?: number;
}

export interface SourceDefinition<
  Name extends string = string,
  Settings extends SourceSettings = SourceSettings,
  Value = unknown,
  Query = unknown,
> {
  /** The stream's event name, the health check's and the Prometheus label's. */
  readonly name: Name;
  /** Reads the source's own variables; null when it is not configured. */
  settings(env: Env): Settings | null;
  /** Shown in messages and logs: "wttr.in", "Forgejo". */
  upstream(settings: Settings): string;
  connection(settings: Settings): Connection;
  /** One logical call (which may span several requests) under the client's deadline. */
  fetch(http: HttpClient, settings: Settings, context: FetchContext): Promise<Value>;
  readonly route: SourceRoute<Value, Query> | null;
}

const defined = new WeakSet<object>();

/** True for what `defineSource` made: the list's modules export schemas beside definitions. */
export function isSourceDefinition(value: unknown): value is SourceDefinition {
  return typeof value === 'object' && value !== null && defined.has(value);
}

/** Declares a source with its types inferred (the list keeps each one's name literal). */
export function defineSource<
  const Name extends string,
  Settings extends SourceSettings,
  Value,
  Query,
>(
  definition: SourceDefinition<Name, Settings, Value, Query>,
): SourceDefinition<Name, Settings, Value, Query> {
  defined.add(definition);
  return definition;
}
