/**
 * The page's data sources. The live controller asks each `path` once, then listens for the
 * stream event of the same name, and polls every `pollMs` while the stream is unavailable;
 * the store checks every answer with `guard` and keeps it typed. The stream is asked for
 * exactly these events (`STREAM_URL`), so nothing crosses to the page that it does not use.
 *
 * Two kinds: the core sources below, which the page's fixed parts combine (the status line,
 * the service cards, the hosts), and one source per declared panel (`panels/index.ts`),
 * which brings its own element. A new panel is declared there, not here.
 */
import { isHosts, isStatus } from '../api/guards.js';
import { PANELS } from '../panels/index.js';

/** A source's answer when the server has no settings for it. */
export interface Unconfigured {
  configured: false;
}

/** `T`: the data a panel draws. */
export interface SourceDescriptor<T> {
  /** The first GET and the fallback polls. */
  readonly path: string;
  /** Tells the answer we asked for from a proxy's page or an older API's shape. */
  readonly guard: (value: unknown) => value is T | Unconfigured;
  /** Regular polling period while the stream is unavailable. */
  readonly pollMs: number;
  /**
   * The source that says whether the API is there at all: when it finds nothing answering
   * the page is offline, and its first answer brings everything back. It never waits on an
   * upstream. Every other source may be missing from an API (404: treated as unconfigured).
   */
  readonly heartbeat?: true;
}

type Table<P> = { readonly [K in keyof P]: SourceDescriptor<P[K]> };

/** Infers each source's payload type from its guard. */
function table<P>(sources: Table<P>): Table<P> {
  return sources;
}

const CORE = table({
  // Every host, this one included and marked `self`: the only source of host figures. It
  // follows the API's sampler (2 s) and never waits on a peer, so it is the heartbeat. The
  // rest follow their server-side cache lifetimes.
  hosts: { path: '/api/hosts', guard: isHosts, pollMs: 2_000, heartbeat: true },
  status: { path: '/api/status', guard: isStatus, pollMs: 30_000 },
});

type CorePayloads = typeof CORE extends Table<infer P> ? P : never;

type Panel = (typeof PANELS)[number];

/** Each declared panel's data by its source name, e.g. `weather: WeatherReport`. */
type PanelPayloads = {
  [D in Panel as D['name']]: D extends SourceDescriptor<infer T> ? T : never;
};

/**
 * The data of every source, e.g. `Payloads['weather']` is `WeatherReport`: the answer
 * without its "not configured" form, which the store keeps as a phase instead.
 */
export type Payloads = CorePayloads & PanelPayloads;

export type SourceName = keyof Payloads;

export const SOURCES = {
  ...CORE,
  ...Object.fromEntries(PANELS.map((panel) => [panel.name, panel])),
} as Table<Payloads>;

export const SOURCE_NAMES = Object.keys(SOURCES) as SourceName[];

export function isUnconfigured(answer: unknown): answer is Unconfigured {
  return (
    typeof answer === 'object' &&
    answer !== null &&
    'configured' in answer &&
    answer.configured === false
  );
}

/** The source whose answers say the API is there (`SourceDescriptor.heartbeat`). */
export const HEARTBEAT: SourceName =
  SOURCE_NAMES.find((name) => SOURCES[name].heartbeat) ?? 'hosts';

export const STREAM_PATH = '/api/stream';

/** The stream as the page opens it: exactly the events of its sources, no others. */
export const STREAM_URL = `${STREAM_PATH}?events=${SOURCE_NAMES.join(',')}`;
