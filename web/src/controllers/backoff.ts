/**
 * Capped exponential backoff with jitter: after a restart of the API, every open page must
 * not come back in the same second. `random` is injectable so tests get exact delays.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** Delay before retry number `attempt` (1 = first retry): base·2^(n−1), capped, times 0.5–1. */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling * (0.5 + random() / 2));
}
