/**
 * What the log says of one source's (or one peer's) refreshes: a line per change, not per
 * failure. An upstream that is down all night fails at every TTL and every early retry, more
 * often while a stream keeps it warm; a warning each time would bury everything else. So:
 *
 * - one `warn` when it starts failing, with the error's code and message;
 * - while it keeps failing with the same code, `debug` only; a new code is a new `warn`
 *   (a timeout that turns into a 500 is news);
 * - one `info` when it works again, with how long it failed and how many refreshes failed.
 *
 * The sampler says the same of this host's own readings (`app.ts`).
 */
import type { FastifyBaseLogger } from 'fastify';
import { UpstreamError } from './http/upstream-error.js';
import { messageText } from './text-caps.js';

/** The code of an error that is not an upstream failure: a bug in a source's own code. */
const UNEXPECTED = 'internal_error';

interface Failing {
  code: string;
  since: number;
  failures: number;
}

export class FailureLog {
  readonly #log: FastifyBaseLogger;
  readonly #upstream: string;
  readonly #now: () => number;
  #failing: Failing | null = null;

  constructor(log: FastifyBaseLogger, upstream: string, now: () => number) {
    this.#log = log;
    this.#upstream = upstream;
    this.#now = now;
  }

  /** A refresh failed; `serving` says whether an earlier answer is still served. */
  failed(error: unknown, serving: boolean): void {
    const code = error instanceof UpstreamError ? error.code : UNEXPECTED;
    // Upstream errors quote outside text through `messageText` already; any other error's
    // message is made one capped line here.
    const message = messageText(error instanceof Error ? error.message : 'upstream failed');
    const fields =
      error instanceof UpstreamError
        ? { source: this.#upstream, code, kind: error.kind, ...error.detail }
        : { source: this.#upstream, code, err: error };
    const text = `${message}; ${serving ? 'serving the last good answer' : 'nothing cached to serve'}`;
    const failing = this.#failing;
    if (failing?.code === code) {
      failing.failures += 1;
      this.#log.debug({ ...fields, failures: failing.failures }, `still failing: ${text}`);
      return;
    }
    this.#failing = {
      code,
      since: failing?.since ?? this.#now(),
      failures: (failing?.failures ?? 0) + 1,
    };
    this.#log.warn(fields, text);
  }

  /** A refresh succeeded. */
  succeeded(): void {
    const failing = this.#failing;
    if (!failing) {
      this.#log.debug({ source: this.#upstream }, 'upstream refreshed');
      return;
    }
    this.#failing = null;
    const failingS = Math.max(0, Math.round((this.#now() - failing.since) / 1000));
    this.#log.info(
      { source: this.#upstream, failing_s: failingS, failures: failing.failures },
      `works again after ${failingS} s and ${failing.failures} failed refreshes`,
    );
  }
}
