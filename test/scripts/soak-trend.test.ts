/**
 * The soak's verdict (test/bench/soak/trend.ts): a least-squares slope after the warm-up, in
 * % of the fitted value at the warm-up's end per hour, against a bound with an optional
 * absolute floor.
 */
import { describe, expect, it } from 'vitest';
import { leastSquares, trend, type Reading } from '../bench/soak/trend.js';

/** Readings every 20 s for `minutes`, from `value(atS)`. */
function series(minutes: number, value: (atS: number) => number): Reading[] {
  return Array.from({ length: (minutes * 60) / 20 + 1 }, (_, i) => ({
    atS: i * 20,
    value: value(i * 20),
  }));
}

/** A fixed, repeating wobble: the sawtooth of a heap between collections. */
const wobble = (atS: number) => [0, 1.5, -1, 2, -2, 0.5][(atS / 20) % 6] ?? 0;

describe('soak trend', () => {
  it('fits a line exactly', () => {
    const fit = leastSquares([0, 1, 2, 3].map((x) => ({ x, y: 5 + 2 * x })));
    expect(fit?.slope).toBeCloseTo(2, 10);
    expect(fit?.intercept).toBeCloseTo(5, 10);
    expect(leastSquares([{ x: 1, y: 1 }])).toBeNull();
  });

  it('passes a flat, wobbling figure and fails the same figure with a steady leak', () => {
    const flat = trend(
      series(10, (atS) => 80 + wobble(atS)),
      120,
      { percentPerHour: 30 },
    );
    expect(flat?.growing).toBe(false);
    expect(Math.abs(flat?.percentPerHour ?? Infinity)).toBeLessThan(30);

    // 80 → 86 in ten minutes: 36 units an hour, 45 % of 80.
    const leaking = trend(
      series(10, (atS) => 80 + (atS / 600) * 6 + wobble(atS)),
      120,
      { percentPerHour: 30 },
    );
    expect(leaking?.growing).toBe(true);
    expect(leaking?.percentPerHour).toBeGreaterThan(30);
  });

  it('ignores the warm-up: a climb that levels off is not a leak', () => {
    const warming = series(10, (atS) => (atS < 120 ? 60 + atS / 6 : 80));
    expect(trend(warming, 0, { percentPerHour: 30 })?.growing).toBe(true);
    const after = trend(warming, 120, { percentPerHour: 30 });
    expect(after?.growing).toBe(false);
    expect(after?.base).toBeCloseTo(80, 6);
    expect(after?.used).toBe(25);
  });

  it('lets a tiny figure grow below its absolute floor', () => {
    // 1 ms → 3 ms in ten minutes: 1200 %/h, but only 12 ms/h.
    const delay = series(10, (atS) => 1 + (atS / 600) * 2);
    expect(trend(delay, 0, { percentPerHour: 100, floorPerHour: 20 })?.growing).toBe(false);
    expect(trend(delay, 0, { percentPerHour: 100 })?.growing).toBe(true);
  });

  it('says nothing with too few readings after the warm-up', () => {
    expect(
      trend(
        series(1, () => 1),
        50,
        { percentPerHour: 10 },
      ),
    ).toBeNull();
  });
});
