import { render } from 'lit';
import { describe, expect, it } from 'vitest';
import { PERCENT_SCALE, rateScale, sparkline } from '../src/components/sparkline.js';

describe('rateScale', () => {
  it('rounds the top up to 1, 2 or 5 of a binary unit, never below the floor', () => {
    expect(rateScale([]).label).toBe('10 KiB/s');
    expect(rateScale([300]).label).toBe('10 KiB/s');
    expect(rateScale([11 * 1024]).label).toBe('20 KiB/s');
    expect(rateScale([600 * 1024])).toEqual({ max: 1024 ** 2, label: '1 MiB/s' });
    expect(rateScale([3 * 1024 ** 2]).label).toBe('5 MiB/s');
    expect(rateScale([NaN, 1.5 * 1024 ** 3]).label).toBe('2 GiB/s');
  });
});

describe('sparkline', () => {
  function draw(points: { at: number; value: number }[]) {
    const host = document.createElement('div');
    render(sparkline([{ points }], PERCENT_SCALE, 120_000), host);
    return host;
  }

  it('writes its scale and places readings by time, so a gap stays a gap', () => {
    const host = draw([
      { at: 0, value: 0 },
      { at: 10_000, value: 100 },
      { at: 100_000, value: 50 },
    ]);
    expect(host.querySelector('.scale.top')?.textContent).toBe('100%');
    expect(host.querySelector('.scale.bottom')?.textContent).toBe('0');
    const xs = (host.querySelector('polyline')?.getAttribute('points') ?? '')
      .split(' ')
      .map((pair) => Number(pair.split(',')[0]));
    expect(xs).toEqual([0, 12, 120]);
  });

  it('draws no line from a single reading, and clamps values to the scale', () => {
    expect(draw([{ at: 0, value: 5 }]).querySelector('polyline')).toBeNull();
    const ys = (
      draw([
        { at: 0, value: -5 },
        { at: 1, value: 500 },
      ])
        .querySelector('polyline')
        ?.getAttribute('points') ?? ''
    )
      .split(' ')
      .map((pair) => Number(pair.split(',')[1]));
    expect(ys).toEqual([31, 1]);
  });
});
