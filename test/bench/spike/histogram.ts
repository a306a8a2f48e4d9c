/**
 * Latencies as counts in buckets 2 % wide (log scale, from 10 µs to over a minute), so each
 * generator process sends a few hundred numbers instead of every sample, and the runner adds
 * them up. Percentiles come back as the bucket's upper bound: at most 2 % high, never low.
 */
const GROWTH = 1.02;
const FLOOR_MS = 0.01;

export type Histogram = Record<number, number>;

function bucketOf(ms: number): number {
  return ms <= FLOOR_MS ? 0 : Math.ceil(Math.log(ms / FLOOR_MS) / Math.log(GROWTH));
}

export function record(histogram: Histogram, ms: number): void {
  const bucket = bucketOf(ms);
  histogram[bucket] = (histogram[bucket] ?? 0) + 1;
}

export function merge(into: Histogram, from: Histogram): Histogram {
  for (const [bucket, count] of Object.entries(from)) {
    const key = Number(bucket);
    into[key] = (into[key] ?? 0) + count;
  }
  return into;
}

export function total(histogram: Histogram): number {
  return Object.values(histogram).reduce((sum, count) => sum + count, 0);
}

/** The value below which `share` (0–1) of the samples fall; NaN when there are none. */
export function percentile(histogram: Histogram, share: number): number {
  const count = total(histogram);
  if (count === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(share * count));
  let seen = 0;
  for (const bucket of Object.keys(histogram)
    .map(Number)
    .sort((a, b) => a - b)) {
    seen += histogram[bucket] ?? 0;
    if (seen >= rank) return FLOOR_MS * GROWTH ** bucket;
  }
  return Number.NaN;
}

export function maximum(histogram: Histogram): number {
  const buckets = Object.keys(histogram).map(Number);
  return buckets.length === 0 ? Number.NaN : FLOOR_MS * GROWTH ** Math.max(...buckets);
}
