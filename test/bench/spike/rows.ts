/**
 * The spike's rows for one crowd, the same wherever it was sent (the repo's nginx, Varnish in
 * front of it, the compose stack): who was served, failures by kind, latency per path, how
 * late the stream's sample events came, and what the crowd's own generators cost.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/portal-process.js';
import { HEARTBEAT, SOURCE_NAMES, SOURCES } from '../../../web/src/controllers/sources.js';
import { fmt, goal, info, type Row } from '../lib/report.js';
import { maximum, percentile } from './histogram.js';
import type { CrowdReport } from './report.js';

/** METRICS_INTERVAL_S of every API the spike measures. */
export const INTERVAL_S = 2;
/** Every path the page polls when its stream is refused: the latency goal holds for each. */
export const POLLED = SOURCE_NAMES.map((name) => SOURCES[name].path);
const P99_GOAL_MS = 100;

/** `mem_limit` of a service in compose.yaml, in bytes. */
export function composeLimit(service: string): number {
  const compose = readFileSync(path.join(repoRoot, 'compose.yaml'), 'utf8');
  const block = compose.slice(compose.indexOf(`\n  ${service}:`));
  const match = /mem_limit: (\d+)m/.exec(block);
  return Number(match?.[1] ?? Number.NaN) * 1024 * 1024;
}

/** The API's default stream cap (STREAM_MAX_CLIENTS), as api/src/config.ts states it. */
function streamCap(): string {
  const config = readFileSync(path.join(repoRoot, 'api', 'src', 'config.ts'), 'utf8');
  return /'STREAM_MAX_CLIENTS', (\d+)/.exec(config)?.[1] ?? '?';
}

export const count = (value: number) => value.toLocaleString('en-US');

/**
 * `judged`: the crowd's figures are held to the goals (all served, no failure, p99,
 * stream lateness); otherwise they are reported as figures only.
 */
export function crowdRows(
  name: string,
  report: CrowdReport,
  { judged }: { judged: boolean },
): Row[] {
  const row = (label: string, figure: string, goalText: string, met: boolean) =>
    judged ? goal(label, figure, goalText, met) : info(label, figure);
  const rows: Row[] = [];
  const failures = { socket: 0, timeout: 0, '5xx': 0, '429': 0, '4xx': 0 };
  for (const kinds of Object.values(report.failures))
    for (const [kind, n] of Object.entries(kinds)) failures[kind as keyof typeof failures] += n;
  const failed = Object.values(failures).reduce((sum, n) => sum + n, 0);
  const byPath = Object.entries(report.failures)
    .map(([route, kinds]) => [route, Object.values(kinds).reduce((sum, n) => sum + n, 0)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([route, n]) => `${route} ${count(n)}`);
  rows.push(
    row(
      `${name}: visitors served`,
      `${count(report.served)}/${count(report.visitors)} · ${count(report.visitors - report.pollingVisitors)} streamed, ${count(report.pollingVisitors)} polled all along`,
      'all',
      report.served === report.visitors,
    ),
    row(
      `${name}: failures by kind`,
      `socket ${count(failures.socket)} · timeout ${count(failures.timeout)} · 5xx ${count(failures['5xx'])} · 429 ${count(failures['429'])} · other 4xx ${count(failures['4xx'])}` +
        (byPath.length ? ` (most on ${byPath.join(', ')})` : ''),
      'none',
      failed === 0,
    ),
    info(
      `${name}: streams`,
      `${count(report.streamsOpened)} opened · ${count(report.streamRefusals)} refusals (cap ${streamCap()}), those pages polling`,
    ),
  );
  for (const [route, requests] of Object.entries(report.requests).sort()) {
    const histogram = report.latency[route] ?? {};
    const p99 = percentile(histogram, 0.99);
    const figure = `${count(requests)} req · p50 ${fmt.ms(percentile(histogram, 0.5))} · p99 ${fmt.ms(p99)}`;
    if (POLLED.includes(route))
      rows.push(row(`${name}: ${route}`, figure, `p99 ≤ ${P99_GOAL_MS} ms`, p99 <= P99_GOAL_MS));
    else rows.push(info(`${name}: ${route}`, figure));
  }
  const gapMax = maximum(report.eventGap);
  rows.push(
    row(
      `${name}: stream ${HEARTBEAT} events, gap between two`,
      `p50 ${fmt.ms(percentile(report.eventGap, 0.5))} · p99 ${fmt.ms(percentile(report.eventGap, 0.99))} · max ${fmt.ms(gapMax)} · age at arrival p99 ${fmt.ms(percentile(report.eventAge, 0.99))}`,
      `≤ interval (${INTERVAL_S} s) + 1 s`,
      !(gapMax > (INTERVAL_S + 1) * 1000),
    ),
    // The measurer's own waiting for a core is part of every latency above.
    info(
      `${name}: the crowd's generators`,
      `CPU ${report.generatorCpuS.toFixed(1)} s · own timer lateness p50 ${fmt.ms(percentile(report.generatorLag, 0.5))} · p99 ${fmt.ms(percentile(report.generatorLag, 0.99))} · max ${fmt.ms(maximum(report.generatorLag))}`,
    ),
  );
  return rows;
}
