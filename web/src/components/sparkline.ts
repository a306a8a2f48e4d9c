/**
 * A small SVG line of recent values. Decorative: the numbers beside it carry the meaning,
 * so it is hidden from assistive technology.
 */
import { svg, type SVGTemplateResult } from 'lit';

const WIDTH = 120;
const HEIGHT = 32;

export function sparkline(series: readonly (readonly number[])[], max?: number): SVGTemplateResult {
  const top = max ?? Math.max(1, ...series.flat());
  const lines = series.map((values, index) => {
    if (values.length < 2) return svg``;
    const step = WIDTH / (values.length - 1);
    const points = values
      .map(
        (value, i) =>
          `${(i * step).toFixed(1)},${(HEIGHT - 1 - (Math.min(value, top) / top) * (HEIGHT - 2)).toFixed(1)}`,
      )
      .join(' ');
    return svg`<polyline class="line line-${index}" points=${points} />`;
  });
  return svg`<svg class="spark" viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" aria-hidden="true" focusable="false">${lines}</svg>`;
}
