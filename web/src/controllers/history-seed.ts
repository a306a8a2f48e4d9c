/**
 * Seeds the stats panel's history from the API once, at first paint: `GET /api/history`
 * for the span the panel draws, each host's points handed to `StatsHistory.seed`, and one
 * update, so the sparklines show the last minutes at once instead of starting empty.
 *
 * Not a live source: the stream and the polls carry every later reading, so this asks once
 * (again only if the panel was taken off the page before the answer came). An API without
 * the route (an older one), a proxy's error page or no answer at all leaves the history as
 * it was — the lines then start with the first live reading, as they did before.
 *
 * It lives beside the history it fills (the panel's own memory, not data any other panel
 * draws), so the page's data flow is unchanged: the panel only adds this controller.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getJson } from '../api/client.js';
import { isRecord } from '../api/guards.js';
import type { History } from '../api/types.js';
import type { StatsHistory } from '../components/stats-history.js';

export const HISTORY_PATH = '/api/history';

export interface HistorySeedOptions {
  fetch?: typeof fetch;
}

const isFigure = (value: unknown): boolean =>
  value === null || (typeof value === 'number' && Number.isFinite(value));
const isPositive = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0;

/** Enough of `/api/history` to draw from; anything else is ignored whole. */
export function isHistory(value: unknown): value is History {
  return (
    isRecord(value) &&
    isPositive(value.interval_s) &&
    isPositive(value.gap_after_s) &&
    Array.isArray(value.hosts) &&
    value.hosts.every(
      (host) =>
        isRecord(host) &&
        typeof host.name === 'string' &&
        Array.isArray(host.points) &&
        host.points.every(
          (point) =>
            isRecord(point) &&
            typeof point.sampled_at === 'string' &&
            isFigure(point.cpu_percent) &&
            isFigure(point.rx_bytes_per_s) &&
            isFigure(point.tx_bytes_per_s),
        ),
    )
  );
}

export class HistorySeedController implements ReactiveController {
  private readonly _host: ReactiveControllerHost;
  private readonly _history: StatsHistory;
  private readonly _fetch: typeof fetch;
  private _abort: AbortController | null = null;
  private _asked = false;

  constructor(
    host: ReactiveControllerHost,
    history: StatsHistory,
    options: HistorySeedOptions = {},
  ) {
    this._host = host;
    this._history = history;
    // Looked up at call time, so a test's stand-in (or none) is what is used.
    this._fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    host.addController(this);
  }

  hostConnected(): void {
    if (this._asked || this._abort) return;
    const abort = new AbortController();
    this._abort = abort;
    void this._load(abort.signal).finally(() => {
      if (this._abort === abort) this._abort = null;
    });
  }

  hostDisconnected(): void {
    this._abort?.abort();
    this._abort = null;
  }

  private async _load(signal: AbortSignal): Promise<void> {
    const spanS = Math.round(this._history.spanMs / 1000);
    let answer: unknown;
    try {
      answer = await getJson(`${HISTORY_PATH}?span_s=${spanS}`, { signal, fetch: this._fetch });
    } catch {
      // Taken off the page: ask again when it is back. Otherwise there is nothing to seed.
      if (!signal.aborted) this._asked = true;
      return;
    }
    this._asked = true;
    if (!isHistory(answer)) return;
    // Live readings further apart than the API's own gap rule (plus one interval of delivery) are a gap.
    this._history.gapAfterMs = (answer.gap_after_s + answer.interval_s) * 1000;
    for (const host of answer.hosts) this._history.seed(host.name, host.points);
    this._host.requestUpdate();
  }
}
