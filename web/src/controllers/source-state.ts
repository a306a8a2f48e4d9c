/** What a panel knows about its source: the phases every panel draws, and the last good data. */

/**
 * `loading`: nothing yet; `ready`: data to show; `error`: a failure and nothing to show;
 * `unconfigured`: the server has no settings for this source (the panel hides).
 */
export type Phase = 'loading' | 'ready' | 'error' | 'unconfigured';

/**
 * One source as the panels see it. A new object on every change, so a panel given it as a
 * property re-renders exactly when it changed.
 *
 * Ages for stale marks: `receivedAt` dates the data the panel shows (prefer the data's own
 * time where it has one, e.g. `fetched_at`); `failingSince` says how long refreshing has been
 * failing. The page-wide outage (the API gone) is the live controller's `offlineSince`.
 */
export interface SourceState<T> {
  phase: Phase;
  /** The last good answer, kept through later failures. */
  data: T | null;
  /** When that answer arrived (browser clock, ms). */
  receivedAt: number | null;
  /** The data may be out of date: the upstream said so, or the last refresh failed. */
  stale: boolean;
  /** The last failure, until a refresh succeeds. */
  error: string | null;
  /**
   * When the current run of failures began (browser clock, ms); null or absent after a
   * success. With `receivedAt` it tells "stale for 3 min" from "refreshed 3 min ago".
   */
  failingSince?: number | null;
}

export function loadingState<T>(): SourceState<T> {
  return {
    phase: 'loading',
    data: null,
    receivedAt: null,
    stale: false,
    error: null,
    failingSince: null,
  };
}
