/** What a panel knows about its source: the phases every panel draws, and the last good data. */

/**
 * `loading`: nothing yet; `ready`: data to show; `error`: a failure and nothing to show;
 * `unconfigured`: the server has no settings for this source (the panel hides).
 */
export type Phase = 'loading' | 'ready' | 'error' | 'unconfigured';

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
}

export function loadingState<T>(): SourceState<T> {
  return { phase: 'loading', data: null, receivedAt: null, stale: false, error: null };
}
