/**
 * The page's timing in a crowd: capped exponential backoff with jitter for retries, and
 * jitter on regular polls, so pages that started together (a link on a busy forum, or every
 * open page after an API restart) drift apart instead of asking in step. `random` is
 * injectable so tests get exact delays.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** Stream retries while polling: 2.5–5 s after the first refusal, then doubling to 30–60 s. */
export const STREAM_RETRY: BackoffPolicy = { baseMs: 5_000, maxMs: 60_000 };

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

/**
 * The wait before the next regular poll: 80–100 % of the period, drawn afresh each time, so
 * no two pages keep asking in the same instant and none asks less often than its period.
 */
export function pollDelay(periodMs: number, random: () => number = Math.random): number {
  return Math.round(periodMs * (0.8 + random() / 5));
}
