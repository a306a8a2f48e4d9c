/**
 * A peer that answered, but with something this portal cannot read: most often a peer on
 * another version during an update. It is reachable, so the page says "incompatible version"
 * (with the version when the answer names one), never "unreachable".
 */
import type { HttpClient, UpstreamResponse } from '../sources/http/client.js';
import { UpstreamError } from '../sources/http/upstream-error.js';
import { capText } from '../sources/text-caps.js';

export class PeerIncompatibleError extends UpstreamError {
  override name = 'PeerIncompatibleError';

  constructor(
    upstream: string,
    message: string,
    /** The version the answer names, capped; null when it names none. */
    readonly version: string | null,
    detail: UpstreamError['detail'],
  ) {
    super(upstream, 'invalid', message, detail);
  }

  override get code(): string {
    return 'peer_incompatible';
  }
}

/** The `version` a peer's answer names, if it names one as a string (capped like all peer text). */
export function answerVersion(body: unknown): string | null {
  const version = (body as { version?: unknown } | null)?.version;
  return typeof version === 'string' ? capText(version) : null;
}

/** The error for a peer's answer that failed the check, with that answer's version when known. */
export function incompatible(
  http: HttpClient,
  response: UpstreamResponse,
  peerName: string,
  body: unknown,
  reason: string,
): PeerIncompatibleError {
  const version = answerVersion(body);
  const who =
    version === null
      ? `${peerName} answered what`
      : `${peerName} runs version ${version}, whose answer`;
  const { detail } = http.failure('invalid', '', response);
  return new PeerIncompatibleError(
    http.upstream,
    `${who} this portal cannot read: ${capText(reason)}`,
    version,
    detail,
  );
}
