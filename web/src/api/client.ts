/**
 * The page's one way to ask the API: a GET with a timeout, the error envelope turned into a
 * readable message, and a clear line between "the API said no" and "the API is gone".
 */

/** `offline`: no answer at all (network, proxy with nothing behind it); `http`: an answer that is an error; `invalid`: an answer that is not what we asked for. */
export type ProblemKind = 'offline' | 'http' | 'invalid';

export class ApiProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
    readonly status = 0,
  ) {
    super(message);
    this.name = 'ApiProblem';
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Statuses a reverse proxy gives when the API behind it does not answer. For an endpoint
 * that never waits on an upstream (metrics, hosts, health) they mean the API is gone; for the
 * others they may also mean the upstream failed, so callers decide.
 */
export const GATEWAY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

export async function getJson(url: string, options: RequestOptions = {}): Promise<unknown> {
  const { signal, fetch: doFetch = globalThis.fetch.bind(globalThis), timeoutMs = 8000 } = options;
  // One signal for both the caller's abort and our own timeout.
  const local = new AbortController();
  const onAbort = () => local.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) local.abort();
  const timer = setTimeout(() => local.abort(), timeoutMs);
  try {
    let response: Response;
    try {
      response = await doFetch(url, {
        signal: local.signal,
        headers: { accept: 'application/json' },
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiProblem('offline', local.signal.aborted ? 'no answer in time' : 'not reachable');
    }
    const text = await response.text();
    if (!response.ok) {
      throw new ApiProblem(
        'http',
        envelopeMessage(text) ?? `HTTP ${response.status}`,
        response.status,
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ApiProblem('invalid', 'the answer is not JSON', response.status);
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function envelopeMessage(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    const message = body.error?.message;
    return typeof message === 'string' && message ? message : null;
  } catch {
    return null;
  }
}

/** Any error to one short line for a panel. */
export function describe(error: unknown): string {
  if (error instanceof ApiProblem) return error.message;
  return error instanceof Error ? error.message : String(error);
}
