/**
 * The page's live data: metrics, weather, activity and status from the API.
 *
 * - Starts when its host connects, stops and aborts every request when it disconnects.
 * - First one GET per source (quick first paint, and the `configured` flags), then the
 *   `EventSource` on /api/stream. When the stream fails or falls silent it polls instead
 *   and tries the stream again with backoff.
 * - Metrics tell whether the API is there at all: when they fail to arrive the connection is
 *   `offline`, polling backs off, and the first answer brings everything back — no reload.
 * - Pauses while the tab is hidden; resumes (with a fresh fetch) when it is shown.
 * - Keeps the last good value of every source and ~2 minutes of metrics history.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiProblem, GATEWAY_STATUSES, describe, getJson } from '../api/client.js';
import { isActivity, isMetrics, isStatus, isWeather } from '../api/guards.js';
import type { ActivityReport, Metrics, StatusReport, WeatherReport } from '../api/types.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { loadingState, type SourceState } from './source-state.js';

export type SourceName = 'metrics' | 'weather' | 'activity' | 'status';
export const SOURCES: readonly SourceName[] = ['metrics', 'weather', 'activity', 'status'];

/** `live`: stream open; `polling`: API answers, stream does not; `offline`: API gone; `paused`: tab hidden. */
export type Connection = 'connecting' | 'live' | 'polling' | 'offline' | 'paused';

/** One point of the sparklines. */
export interface Sample {
  at: number;
  cpu: number;
  memory: number;
  rx: number;
  tx: number;
}

/** What the controller uses of an EventSource (tests hand in their own). */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}

export interface LiveOptions {
  fetch: typeof fetch;
  /** null where the browser has none: the controller polls. */
  EventSource: (new (url: string) => EventSourceLike) | null;
  document: Document;
  /** Regular polling interval per source while the stream is unavailable. */
  pollMs: Record<SourceName, number>;
  /** Retries of a failed request. */
  retry: BackoffPolicy;
  /** Retries of the stream while polling. */
  streamRetry: BackoffPolicy;
  /** Metrics silence on an open stream after which it is given up (proxies that buffer). */
  silenceMs: number;
  historyMs: number;
  random: () => number;
  now: () => number;
}

const PATHS: Record<SourceName, string> = {
  metrics: '/api/metrics',
  weather: '/api/weather',
  activity: '/api/activity',
  status: '/api/status',
};
export const STREAM_PATH = '/api/stream';

const CHECKS: Record<SourceName, (value: unknown) => boolean> = {
  metrics: isMetrics,
  weather: isWeather,
  activity: isActivity,
  status: isStatus,
};

export const DEFAULT_OPTIONS: Omit<LiveOptions, 'fetch' | 'EventSource' | 'document'> = {
  // Metrics follow the API's sampler (2 s); the rest follow their server-side cache lifetimes.
  pollMs: { metrics: 2_000, weather: 600_000, activity: 60_000, status: 30_000 },
  retry: { baseMs: 1_000, maxMs: 30_000 },
  streamRetry: { baseMs: 5_000, maxMs: 60_000 },
  silenceMs: 15_000,
  historyMs: 120_000,
  random: () => Math.random(),
  now: () => Date.now(),
};

type TimerKey = SourceName | 'stream' | 'silence';

export class LiveController implements ReactiveController {
  metrics: SourceState<Metrics> = loadingState();
  weather: SourceState<WeatherReport> = loadingState();
  activity: SourceState<ActivityReport> = loadingState();
  status: SourceState<StatusReport> = loadingState();
  history: readonly Sample[] = [];
  connection: Connection = 'connecting';

  private readonly _host: ReactiveControllerHost;
  private readonly _opts: LiveOptions;
  private _abort: AbortController | null = null;
  private _stream: EventSourceLike | null = null;
  private readonly _timers = new Map<TimerKey, ReturnType<typeof setTimeout>>();
  private readonly _inflight = new Set<SourceName>();
  private readonly _failures: Record<SourceName, number> = {
    metrics: 0,
    weather: 0,
    activity: 0,
    status: 0,
  };
  private _streamFailures = 0;
  private readonly _raw = new Map<SourceName, string>();

  constructor(host: ReactiveControllerHost, options: Partial<LiveOptions> = {}) {
    this._host = host;
    this._opts = {
      ...DEFAULT_OPTIONS,
      fetch: (input, init) => globalThis.fetch(input, init),
      EventSource: typeof EventSource === 'function' ? EventSource : null,
      document,
      ...options,
    };
    host.addController(this);
  }

  get running(): boolean {
    return this._abort !== null;
  }

  hostConnected(): void {
    this._opts.document.addEventListener('visibilitychange', this._onVisibility);
    this._onVisibility();
  }

  hostDisconnected(): void {
    this._opts.document.removeEventListener('visibilitychange', this._onVisibility);
    this._stop();
  }

  private readonly _onVisibility = (): void => {
    if (this._opts.document.visibilityState === 'hidden') {
      this._stop();
      this._setConnection('paused');
    } else {
      this._start();
    }
  };

  private _start(): void {
    if (this._abort) return;
    this._abort = new AbortController();
    this._setConnection('connecting');
    for (const name of SOURCES) void this._poll(name);
    this._openStream();
  }

  private _stop(): void {
    this._abort?.abort();
    this._abort = null;
    this._closeStream();
    for (const timer of this._timers.values()) clearTimeout(timer);
    this._timers.clear();
    this._inflight.clear();
  }

  // ---- requests -------------------------------------------------------------------------

  private async _poll(name: SourceName): Promise<void> {
    const run = this._abort;
    if (!run || this._inflight.has(name)) return;
    this._clearTimer(name);
    this._inflight.add(name);
    try {
      const body = await getJson(PATHS[name], { signal: run.signal, fetch: this._opts.fetch });
      if (run !== this._abort) return;
      this._inflight.delete(name);
      this._accept(name, body);
      const wasOffline = this.connection === 'offline';
      this._failures[name] = 0;
      if (name === 'metrics' && wasOffline) this._backOnline();
      // While the stream is open it carries every change: no regular polling. A source the
      // server has not configured stays so until the page starts again.
      if (this.connection !== 'live' && this[name].phase !== 'unconfigured') {
        this._schedule(name, this._opts.pollMs[name]);
      }
    } catch (error) {
      if (run !== this._abort) return;
      this._inflight.delete(name);
      if (name !== 'metrics' && error instanceof ApiProblem && error.status === 404) {
        // An API without this source (an older one, or one that left it out) is the same as
        // one with the source unconfigured: hide the panel, stop asking.
        this._unconfigured(name);
        return;
      }
      this._failures[name] += 1;
      this._fail(name, error);
      // Failures retry early (backoff), also while live: the stream only sends changes.
      this._schedule(name, backoffDelay(this._failures[name], this._opts.retry, this._opts.random));
    }
  }

  private _accept(name: SourceName, body: unknown, raw?: string): void {
    if (!CHECKS[name](body)) throw new ApiProblem('invalid', 'unexpected answer from the API');
    const text = raw ?? JSON.stringify(body);
    const previous = this[name] as SourceState<unknown>;
    const unchanged = this._raw.get(name) === text && previous.error === null;
    this._raw.set(name, text);
    if (unchanged && name !== 'metrics') return;
    const value = body as { configured?: boolean; stale?: boolean };
    const next: SourceState<unknown> =
      value.configured === false
        ? {
            phase: 'unconfigured',
            data: null,
            receivedAt: this._opts.now(),
            stale: false,
            error: null,
          }
        : {
            phase: 'ready',
            data: body,
            receivedAt: this._opts.now(),
            stale: value.stale === true,
            error: null,
          };
    (this as Record<SourceName, SourceState<unknown>>)[name] = next;
    if (name === 'metrics') this._record(body as Metrics);
    this._host.requestUpdate();
  }

  private _unconfigured(name: SourceName): void {
    this._failures[name] = 0;
    (this as Record<SourceName, SourceState<unknown>>)[name] = {
      phase: 'unconfigured',
      data: null,
      receivedAt: null,
      stale: false,
      error: null,
    };
    this._host.requestUpdate();
  }

  private _fail(name: SourceName, error: unknown): void {
    const message = describe(error);
    const previous = this[name] as SourceState<unknown>;
    const next: SourceState<unknown> =
      previous.data !== null
        ? { ...previous, stale: true, error: message }
        : {
            ...previous,
            phase: previous.phase === 'unconfigured' ? 'unconfigured' : 'error',
            error: message,
          };
    (this as Record<SourceName, SourceState<unknown>>)[name] = next;
    if (name === 'metrics' && apiGone(error)) this._goOffline();
    this._host.requestUpdate();
  }

  private _record(metrics: Metrics): void {
    const now = this._opts.now();
    const last = this.history[this.history.length - 1];
    const sample: Sample = {
      at: now,
      cpu: metrics.cpu.percent,
      memory: metrics.memory.percent,
      rx: metrics.network.rx_bytes_per_s,
      tx: metrics.network.tx_bytes_per_s,
    };
    // The first GET and the stream's greeting carry the same sample: keep one.
    const same = last !== undefined && this._lastSampledAt === metrics.sampled_at;
    this._lastSampledAt = metrics.sampled_at;
    if (same) return;
    const cutoff = now - this._opts.historyMs;
    this.history = [...this.history.filter((point) => point.at >= cutoff), sample];
  }
  private _lastSampledAt = '';

  // ---- connection ------------------------------------------------------------------------

  private _goOffline(): void {
    if (this.connection === 'offline') return;
    this._closeStream();
    this._clearTimer('stream');
    this._setConnection('offline');
  }

  private _backOnline(): void {
    this._setConnection('polling');
    this._streamFailures = 0;
    // Everything is asked again now, not at its next turn: it may have changed meanwhile.
    for (const name of SOURCES) {
      if (name !== 'metrics' && this[name].phase !== 'unconfigured') void this._poll(name);
    }
    this._clearTimer('stream');
    this._openStream();
  }

  private _openStream(): void {
    const Source = this._opts.EventSource;
    if (!Source) {
      this._setConnection('polling');
      return;
    }
    const stream = new Source(STREAM_PATH);
    this._stream = stream;
    // A stream that neither opens nor fails (a buffering proxy) is given up all the same.
    this._watchSilence();
    stream.addEventListener('open', () => {
      if (this._stream !== stream) return;
      this._streamFailures = 0;
      this._setConnection('live');
      // Regular polls stop; retries of failed sources go on until the stream brings them.
      for (const name of SOURCES) if (this._failures[name] === 0) this._clearTimer(name);
      this._watchSilence();
    });
    for (const name of SOURCES) {
      stream.addEventListener(name, (event) => {
        if (this._stream !== stream) return;
        this._onEvent(name, (event as MessageEvent<string>).data);
      });
    }
    stream.addEventListener('error', () => {
      if (this._stream === stream) this._streamLost();
    });
  }

  private _onEvent(name: SourceName, data: string): void {
    try {
      this._accept(name, JSON.parse(data) as unknown, data);
      this._failures[name] = 0;
      this._clearTimer(name);
    } catch (error) {
      this._fail(name, error);
    }
    if (name === 'metrics') this._watchSilence();
  }

  /** Closes the stream (it would retry on its own) and polls until it is tried again. */
  private _streamLost(): void {
    this._closeStream();
    this._streamFailures += 1;
    if (this.connection !== 'offline') this._setConnection('polling');
    // A metrics poll right away tells "stream broken" from "API gone".
    void this._poll('metrics');
    for (const name of SOURCES) {
      if (name === 'metrics' || this._timers.has(name) || this[name].phase === 'unconfigured')
        continue;
      this._schedule(name, this._opts.pollMs[name]);
    }
    const delay = backoffDelay(this._streamFailures, this._opts.streamRetry, this._opts.random);
    this._setTimer('stream', delay, () => {
      // While offline the first good metrics answer reopens the stream instead.
      if (this.connection !== 'offline') this._openStream();
    });
  }

  private _watchSilence(): void {
    this._setTimer('silence', this._opts.silenceMs, () => this._streamLost());
  }

  private _closeStream(): void {
    this._stream?.close();
    this._stream = null;
    this._clearTimer('silence');
  }

  private _setConnection(connection: Connection): void {
    if (this.connection === connection) return;
    this.connection = connection;
    this._host.requestUpdate();
  }

  // ---- timers ---------------------------------------------------------------------------

  private _schedule(name: SourceName, delay: number): void {
    this._setTimer(name, delay, () => void this._poll(name));
  }

  private _setTimer(key: TimerKey, delay: number, run: () => void): void {
    this._clearTimer(key);
    this._timers.set(
      key,
      setTimeout(() => {
        this._timers.delete(key);
        run();
      }, delay),
    );
  }

  private _clearTimer(key: TimerKey): void {
    const timer = this._timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this._timers.delete(key);
  }
}

/** For metrics, which never wait on an upstream, these mean nothing answers behind the proxy. */
function apiGone(error: unknown): boolean {
  if (!(error instanceof ApiProblem)) return false;
  return error.kind === 'offline' || GATEWAY_STATUSES.has(error.status);
}
