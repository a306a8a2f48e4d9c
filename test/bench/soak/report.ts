/**
 * The soak's verdict: a table of the API's figures at rest at the start and every minute,
 * then each figure's slope after the warm-up against its bound.
 */
import { fmt } from '../lib/report.js';
import type { Probe } from './probe.js';
import { trend, type Bound, type Reading, type Trend } from './trend.js';

export interface Sample {
  /** Seconds since the soak started. */
  atS: number;
  probe: Probe;
}

interface Figure {
  key: 'rssBytes' | 'heapUsedBytes' | 'openFds' | 'activeHandles' | 'ownP99Ms';
  title: string;
  /** Where the API process tells it. */
  source: string;
  show(value: number): string;
  /** The slope per hour, in the figure's unit. */
  showSlope(perHour: number): string;
  bound: Bound;
}

const mibPerHour = (bytes: number) => `${bytes >= 0 ? '+' : ''}${fmt.mib(bytes)}/h`;
/** A count as read (whole), or a fitted one (one decimal). */
const count = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

const countPerHour = (count: number) => `${count >= 0 ? '+' : ''}${count.toFixed(1)}/h`;

/** Bounds and their reasons: docs/benchmarks.md, "pnpm soak". */
export const FIGURES: readonly Figure[] = [
  {
    key: 'rssBytes',
    title: 'RSS',
    source: '/proc/<pid>/status VmRSS after a full GC',
    show: fmt.mib,
    showSlope: mibPerHour,
    bound: { percentPerHour: 50 },
  },
  {
    key: 'heapUsedBytes',
    title: 'heap used',
    source: '/metrics nodejs_heap_size_used_bytes after a full GC',
    show: fmt.mib,
    showSlope: mibPerHour,
    bound: { percentPerHour: 15 },
  },
  {
    key: 'openFds',
    title: 'open fds',
    source: '/proc/<pid>/fd',
    show: count,
    showSlope: countPerHour,
    bound: { percentPerHour: 20 },
  },
  {
    key: 'activeHandles',
    title: 'active handles',
    source: '/metrics nodejs_active_handles (all types)',
    show: count,
    showSlope: countPerHour,
    bound: { percentPerHour: 20 },
  },
  {
    key: 'ownP99Ms',
    title: 'event-loop delay p99',
    source:
      '/metrics nodejs_eventloop_lag_p99_seconds (net of the 10 ms monitor period) − an idle canary process’s p99 over the same window',
    show: (ms) => fmt.ms(ms),
    showSlope: (ms) => `${ms >= 0 ? '+' : ''}${fmt.ms(ms)}/h`,
    bound: { percentPerHour: 100, floorPerHour: 150 },
  },
];

/** The readings nearest to the start and to each whole minute. */
export function minuteRows(samples: readonly Sample[], minutes: number): Sample[] {
  const rows: Sample[] = [];
  for (let minute = 0; minute <= minutes; minute++) {
    let best: Sample | undefined;
    for (const sample of samples)
      if (!best || Math.abs(sample.atS - minute * 60) < Math.abs(best.atS - minute * 60))
        best = sample;
    if (best && !rows.includes(best)) rows.push(best);
  }
  return rows;
}

/** The worst delay of every reading in the minute that ends at `row`. */
function worstUpTo(
  samples: readonly Sample[],
  row: Sample,
  key: 'ownP99Ms' | 'machineP99Ms',
): number {
  const inMinute = samples.filter((s) => s.atS <= row.atS && s.atS > row.atS - 60);
  return Math.max(...inMinute.map((s) => s.probe[key]), row.probe[key]);
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export interface Verdict {
  markdown: string;
  growing: string[];
}

export function verdict(
  samples: readonly Sample[],
  minutes: number,
  warmupS: number,
  summary: string[],
): Verdict {
  const rows = minuteRows(samples, minutes).map((sample) => [
    `${(sample.atS / 60).toFixed(1)}`,
    ...FIGURES.map((figure) =>
      figure.key === 'ownP99Ms'
        ? figure.show(worstUpTo(samples, sample, 'ownP99Ms'))
        : figure.show(sample.probe[figure.key]),
    ),
    fmt.ms(worstUpTo(samples, sample, 'machineP99Ms')),
  ]);
  const growing: string[] = [];
  const slopes = FIGURES.map((figure) => {
    const readings: Reading[] = samples.map((s) => ({ atS: s.atS, value: s.probe[figure.key] }));
    const found: Trend | null = trend(readings, warmupS, figure.bound);
    const boundText = `≤ ${figure.bound.percentPerHour} %/h${
      figure.bound.floorPerHour ? ` (or ≤ ${figure.showSlope(figure.bound.floorPerHour)})` : ''
    }`;
    if (!found) return [figure.title, 'too few readings after the warm-up', boundText, 'SKIP'];
    if (found.growing) growing.push(figure.title);
    return [
      figure.title,
      `${figure.showSlope(found.slopePerHour)} = ${found.percentPerHour.toFixed(1)} %/h of ${figure.show(found.base)} (${found.used} readings)`,
      boundText,
      found.growing ? 'FAIL' : 'PASS',
    ];
  });
  const markdown = [
    table(['minute', ...FIGURES.map((figure) => figure.title), 'canary delay p99'], rows),
    '',
    table(['figure', 'slope after the warm-up', 'bound', 'result'], slopes),
    '',
    ...summary.map((line) => `- ${line}`),
    `- Sources: ${FIGURES.map((figure) => `${figure.title} from ${figure.source}`).join('; ')}.`,
  ].join('\n');
  return { markdown, growing };
}
