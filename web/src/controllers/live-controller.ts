/**
 * The page's live link to the API: the transport for every source in `SOURCES`, feeding one
 * `SourceStore` (`live.sources.<name>`).
 *
 * - Starts when its host connects, stops and aborts every request when it disconnects.
 * - First one GET per source (quick first paint, and the `configured` flags), then the
 *   `EventSource` on /api/stream, asking for exactly the sources' events. When the stream
 *   fails or falls silent it polls instead and tries the stream again with backoff; polls
 *   and retries jitter (`backoff.ts`).
 * - The heartbeat source (hosts) tells whether the API is there at all: when nothing
 *   answers, the connection is `offline` (`offlineSince` says since when), only the
 *   heartbeat is retried, at most `offlineRetry.maxMs` apart, and its first answer brings
 *   everything back: the page is live again a few seconds after the API returns, no reload.
 * - Pauses while the tab is hidden; resumes (with a fresh fetch) when it is shown.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiProblem, describe, getJson } from '../api/client.js';
import { backoffDelay, pollDelay, STREAM_RETRY, type BackoffPolicy } from './backoff.js';
import { apiGone, OutageJudge } from './outage.js';
import { SourceStore, type SourceStates } from './source-store.js';
import { HEARTBEAT, SOURCE_NAMES, SOURCES, STREAM_URL, type SourceName } from './sources.js';
import { Timers } from './timers.js';

/** `live`: stream open; `polling`: API answers, stream does not; `offline`: API gone; `paused`: tab hidden. */
export type Connection = 'connecting' | 'live' | 'polling' | 'offline' | 'paused';

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
  /** Retries of a failed request while the API answers. */
  retry: BackoffPolicy;
  /** Retries of the heartbeat while the API is gone: short, so the page is back soon after it. */
  offlineRetry: BackoffPolicy;
  /** Retries of the stream while polling. */
  streamRetry: BackoffPolicy;
  /** Heartbeat silence on an open stream after which it is given up (proxies that buffer). */
  silenceMs: number;
  /** With no answer for this long, one failed heartbeat is enough to call the API gone. */
  quietMs: number;
  random: () => number;
  now: () => number;
}

export const DEFAULT_OPTIONS: Omit<LiveOptions, 'fetch' | 'EventSource' | 'document'> = {
  retry: { baseMs: 1_000, maxMs: 30_000 },
  offlineRetry: { baseMs: 1_000, maxMs: 4_000 },
  streamRetry: STREAM_RETRY,
  silenceMs: 15_000,
  quietMs: 10_000,
  random: () => Math.random(),
  now: () => Date.now(),
};

type TimerKey = SourceName | 'stream' | 'silence';

export class LiveController implements ReactiveController {
  connection: Connection = 'connecting';
  /** When the API stopped answering (browser clock, ms); null while it answers. */
  offlineSince: number | null = null;

  private readonly _host: ReactiveControllerHost;
  private readonly _opts: LiveOptions;
  private readonly _store: SourceStore;
  private _abort: AbortController | null = null;
  private _stream: EventSourceLike | null = null;
  private readonly _timers = new Timers<TimerKey>();
  private readonly _inflight = new Set<SourceName>();
  private readonly _failures = new Map<SourceName, number>();
  private _streamFailures = 0;
  private readonly _outage: OutageJudge;

  constructor(host: ReactiveControllerHost, options: Partial<LiveOptions> = {}) {
    this._host = host;
    this._opts = {
      ...DEFAULT_OPTIONS,
      fetch: (input, init) => globalThis.fetch(input, init),
      EventSource: typeof EventSource === 'function' ? EventSource : null,
      document,
      ...options,
    };
    this._outage = new OutageJudge(this._opts.quietMs);
    this._store = new SourceStore(this._opts.now, () => host.requestUpdate());
    host.addController(this);
  }

  /** The last known state of every source. */
  get sources(): SourceStates {
    return this._store.states;
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
    this._setConnection(this.offlineSince === null ? 'connecting' : 'offline');
    for (const name of SOURCE_NAMES) void this._poll(name);
    if (this.offlineSince === null) this._openStream();
  }

  private _stop(): void {
    this._abort?.abort();
    this._abort = null;
    this._closeStream();
    this._timers.clearAll();
    this._inflight.clear();
  }

  // ---- requests -------------------------------------------------------------------------

  private async _poll(name: SourceName): Promise<void> {
    const run = this._abort;
    if (!run || this._inflight.has(name)) return;
    this._timers.clear(name);
    this._inflight.add(name);
    try {
      const body = await getJson(SOURCES[name].path, {
        signal: run.signal,
        fetch: this._opts.fetch,
      });
      if (run !== this._abort) return;
      this._inflight.delete(name);
      this._store.accept(name, body);
      this._failures.delete(name);
      this._outage.answered(this._opts.now());
      if (name === HEARTBEAT) this._outage.heartbeatAnswered();
      if (name === HEARTBEAT && this.offlineSince !== null) this._backOnline();
      // While the stream is open it carries every change: no regular polling. A source the
      // server has not configured stays so until the page starts again.
      if (this.connection !== 'live' && this._store.get(name).phase !== 'unconfigured') {
        this._schedule(name, pollDelay(SOURCES[name].pollMs, this._opts.random));
      }
    } catch (error) {
      if (run !== this._abort) return;
      this._inflight.delete(name);
      this._failed(name, error);
    }
  }

  private _failed(name: SourceName, error: unknown): void {
    if (name !== HEARTBEAT && error instanceof ApiProblem && error.status === 404) {
      // An API without this source (an older one, or one that left it out) is the same as
      // one with the source unconfigured: hide the panel, stop asking.
      this._failures.delete(name);
      this._store.unconfigured(name);
      return;
    }
    const failures = (this._failures.get(name) ?? 0) + 1;
    this._failures.set(name, failures);
    this._store.fail(name, describe(error));
    if (name === HEARTBEAT && apiGone(error) && this._outage.heartbeatGone(this._opts.now()))
      this._goOffline();
    if (this.offlineSince !== null) {
      // Only the heartbeat is asked while the API is gone; its answer brings back the rest.
      if (name === HEARTBEAT) {
        this._schedule(name, backoffDelay(failures, this._opts.offlineRetry, this._opts.random));
      }
      return;
    }
    // Failures retry early (backoff), also while live: the stream only sends changes.
    this._schedule(name, backoffDelay(failures, this._opts.retry, this._opts.random));
  }

  // ---- connection ------------------------------------------------------------------------

  private _goOffline(): void {
    if (this.offlineSince !== null) return;
    this.offlineSince = this._outage.failingSince ?? this._opts.now(); // since the first failure
    this._closeStream();
    this._timers.clearAll((key) => key === HEARTBEAT);
    this._setConnection('offline');
  }

  private _backOnline(): void {
    this.offlineSince = null;
    this._setConnection('polling');
    this._streamFailures = 0;
    // Everything is asked again now, not at its next turn: it may have changed meanwhile.
    for (const name of SOURCE_NAMES) {
      if (name !== HEARTBEAT && this._store.get(name).phase !== 'unconfigured')
        void this._poll(name);
    }
    this._openStream();
  }

  private _openStream(): void {
    this._timers.clear('stream');
    const Source = this._opts.EventSource;
    if (!Source) {
      this._setConnection('polling');
      return;
    }
    const stream = new Source(STREAM_URL);
    this._stream = stream;
    // A stream that neither opens nor fails (a buffering proxy) is given up all the same.
    this._watchSilence();
    stream.addEventListener('open', () => {
      if (this._stream !== stream) return;
      this._streamFailures = 0;
      this._setConnection('live');
      // Regular polls stop; retries of failed sources go on until the stream brings them.
      for (const name of SOURCE_NAMES) if (!this._failures.get(name)) this._timers.clear(name);
      this._watchSilence();
    });
    for (const name of SOURCE_NAMES) {
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
      this._store.accept(name, JSON.parse(data) as unknown);
      this._failures.delete(name);
      this._timers.clear(name);
      this._outage.answered(this._opts.now());
    } catch (error) {
      this._store.fail(name, describe(error));
    }
    if (name === HEARTBEAT) this._watchSilence();
  }

  /** Closes the stream (it would retry on its own) and polls until it is tried again. */
  private _streamLost(): void {
    this._closeStream();
    this._streamFailures += 1;
    if (this.offlineSince === null) this._setConnection('polling');
    // A heartbeat poll right away tells "stream broken" from "API gone".
    void this._poll(HEARTBEAT);
    for (const name of SOURCE_NAMES) {
      if (
        name === HEARTBEAT ||
        this._timers.has(name) ||
        this._store.get(name).phase === 'unconfigured'
      )
        continue;
      this._schedule(name, pollDelay(SOURCES[name].pollMs, this._opts.random));
    }
    const delay = backoffDelay(this._streamFailures, this._opts.streamRetry, this._opts.random);
    this._timers.set('stream', delay, () => {
      // While offline the first good heartbeat reopens the stream instead.
      if (this.offlineSince === null) this._openStream();
    });
  }

  private _watchSilence(): void {
    this._timers.set('silence', this._opts.silenceMs, () => this._streamLost());
  }

  private _closeStream(): void {
    this._stream?.close();
    this._stream = null;
    this._timers.clear('silence');
  }

  private _setConnection(connection: Connection): void {
    if (this.connection === connection) return;
    this.connection = connection;
    this._host.requestUpdate();
  }

  private _schedule(name: SourceName, delay: number): void {
    this._timers.set(name, delay, () => void this._poll(name));
  }
}
