/**
 * A small chart of recent values with its scale written beside it: the top and the bottom
 * of the range, and a faint midline. Values sit on a time axis from the oldest sample kept
 * (at most `spanMs` back) to the newest, so a gap in the readings shows as a gap, not a
 * squeezed line, and a fresh page's first readings still use the whole width. A point with
 * no value (null) is a gap the API or the history marked — the host was not being measured
 * — so the line stops before it and starts again after it: one polyline per unbroken run.
 *
 * Decorative for assistive technology: the figures beside it carry the meaning.
 */
import { html, svg, type TemplateResult } from 'lit';

const WIDTH = 120;
const HEIGHT = 32;

export interface Series {
  /** Sample times (ms) and values, oldest first; a null value breaks the line. */
  points: readonly { at: number; value: number | null }[];
}

export interface Scale {
  /** The value at the top of the chart. */
  max: number;
  /** How the top is written, e.g. "100%" or "2 MiB/s". */
  label: string;
}

export function sparkline(series: readonly Series[], scale: Scale, spanMs: number): TemplateResult {
  const times = series.flatMap((line) => line.points.map((point) => point.at));
  const newest = Math.max(...times);
  const from = Math.max(newest - spanMs, Math.min(...times));
  const width = Math.max(1, newest - from);
  const lines = series.flatMap((line, index) =>
    runs(line.points.filter((point) => point.at >= from))
      // A lone reading between gaps has no line to draw; the gap around it stays visible.
      .filter((run) => run.length >= 2)
      .map((run) => {
        const coords = run
          .map((point) => {
            const x = ((point.at - from) / width) * WIDTH;
            const level = Math.max(0, Math.min(point.value, scale.max)) / scale.max;
            return `${x.toFixed(1)},${(HEIGHT - 1 - level * (HEIGHT - 2)).toFixed(1)}`;
          })
          .join(' ');
        return svg`<polyline class="line line-${index}" points=${coords} />`;
      }),
  );
  return html`<div class="chart" aria-hidden="true">
    <span class="scale top">${scale.label}</span><span class="scale bottom">0</span>
    <svg
      class="spark"
      viewBox="0 0 ${WIDTH} ${HEIGHT}"
      preserveAspectRatio="none"
      focusable="false"
    >
      <line class="mid" x1="0" y1=${HEIGHT / 2} x2=${WIDTH} y2=${HEIGHT / 2}></line>
      ${lines}
    </svg>
  </div>`;
}

/** The unbroken runs of a series: the readings between its gaps. */
function runs(points: Series['points']): { at: number; value: number }[][] {
  const out: { at: number; value: number }[][] = [[]];
  for (const { at, value } of points) {
    if (value === null || !Number.isFinite(value)) {
      if (out.at(-1)?.length) out.push([]);
    } else out.at(-1)?.push({ at, value });
  }
  return out;
}

export const PERCENT_SCALE: Scale = { max: 100, label: '100%' };

const RATE_UNITS = ['B/s', 'KiB/s', 'MiB/s', 'GiB/s', 'TiB/s'];
const STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1024];

/**
 * A rate scale whose top is a round number just above the highest value, never below
 * `floor`: an idle link's few bytes stay a flat line along the bottom instead of spikes.
 */
export function rateScale(values: readonly (number | null)[], floor = 10 * 1024): Scale {
  const highest = Math.max(
    floor,
    ...values.filter((value): value is number => Number.isFinite(value)),
  );
  let unit = 0;
  while (highest >= 1024 ** (unit + 1) && unit < RATE_UNITS.length - 1) unit += 1;
  const scaled = highest / 1024 ** unit;
  const step = STEPS.find((candidate) => candidate >= scaled) ?? 1024;
  if (step === 1024 && unit < RATE_UNITS.length - 1)
    return { max: 1024 ** (unit + 1), label: `1 ${RATE_UNITS[unit + 1]}` };
  return { max: step * 1024 ** unit, label: `${step} ${RATE_UNITS[unit]}` };
}
