/** A failed upstream call, mapped to the error envelope once, in `errors.ts`. */

export type UpstreamFailure =
  | 'timeout'
  | 'unreachable'
  | 'bad_status'
  | 'invalid'
  | 'too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'unknown_location';

/** What the log learns of a failure; already sanitised (no token, body redacted then cut). */
export interface FailureDetail {
  url?: string;
  status?: number;
  body?: string;
}

/** 504 for timeouts, 502 for everything else; the message is safe to show a visitor. */
export class UpstreamError extends Error {
  override name = 'UpstreamError';

  constructor(
    /** Shown in messages: "Forgejo", "wttr.in", "Uptime Kuma", a peer's name. */
    readonly upstream: string,
    readonly kind: UpstreamFailure,
    /** Safe for a visitor: no token, no URL, no upstream body. */
    message: string,
    /** For the log only. */
    readonly detail: FailureDetail = {},
  ) {
    super(message);
  }

  get statusCode(): 502 | 504 {
    return this.kind === 'timeout' ? 504 : 502;
  }

  get code(): string {
    return `upstream_${this.kind}`;
  }
}
