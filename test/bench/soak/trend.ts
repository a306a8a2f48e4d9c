/**
 * Whether a figure keeps growing: the least-squares slope of its readings after a warm-up,
 * in % of the fitted value at the warm-up's end per hour of soak, held to a bound.
 *
 * The fitted value, not the first reading, is the base: one unlucky reading (a GC that had
 * not run yet) must not decide the percentage. A figure whose base is tiny (an event-loop
 * delay of 1 ms) would turn noise into huge percentages, so each bound may also name an
 * absolute floor: the figure fails only when its slope is above both.
 */

export interface Reading {
  /** Seconds since the soak started. */
  atS: number;
  value: number;
}

export interface Bound {
  /** Largest slope allowed, in % of the base per hour. */
  percentPerHour: number;
  /** Slopes below this (in the figure's unit per hour) pass whatever their percentage. */
  floorPerHour?: number;
}

export interface Trend {
  /** Readings the fit used (those at or after the warm-up). */
  used: number;
  /** Fitted value at the warm-up's end. */
  base: number;
  /** Unit per hour. */
  slopePerHour: number;
  /** Slope in % of the base per hour (0 when the base is 0 and the slope is too). */
  percentPerHour: number;
  growing: boolean;
}

/** Slope and intercept of y = a + b·x by least squares; null with fewer than two x values. */
export function leastSquares(points: readonly { x: number; y: number }[]): {
  slope: number;
  intercept: number;
} | null {
  const n = points.length;
  if (n < 2) return null;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - meanX) ** 2;
    sxy += (p.x - meanX) * (p.y - meanY);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}

/** Fewer readings than this after the warm-up say nothing about a trend. */
export const MIN_READINGS = 4;

/** The trend of `readings` from `warmupS` on, judged against `bound`; null when too few. */
export function trend(readings: readonly Reading[], warmupS: number, bound: Bound): Trend | null {
  const kept = readings.filter((reading) => reading.atS >= warmupS);
  if (kept.length < MIN_READINGS) return null;
  const fit = leastSquares(kept.map((reading) => ({ x: reading.atS / 3600, y: reading.value })));
  if (!fit) return null;
  const base = fit.intercept + fit.slope * (warmupS / 3600);
  const slopePerHour = fit.slope;
  const percentPerHour = base > 0 ? (slopePerHour / base) * 100 : slopePerHour === 0 ? 0 : Infinity;
  const growing = percentPerHour > bound.percentPerHour && slopePerHour > (bound.floorPerHour ?? 0);
  return { used: kept.length, base, slopePerHour, percentPerHour, growing };
}
