/**
 * A front-page spike (issue: 10,000 visitors in a minute on one host). The crowd runs
 * against the repo's own nginx.conf and template in front of the API, then again with
 * Debian's Varnish (default configuration) in front of that nginx as the edge, and, with
 * `--containers <url>`, against a running compose stack. Only with `--only spike`.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, webDist } from '../../support/portal-process.js';
import type { BenchContext, Suite } from '../lib/context.js';
import { startMeasuredPortal } from '../lib/portal.js';
import { fmt, goal, info, skipped, type Row } from '../lib/report.js';
import { HEARTBEAT, SOURCE_NAMES, SOURCES } from '../../../web/src/controllers/sources.js';
import { runCrowd } from '../spike/generators.js';
import { maximum, percentile } from '../spike/histogram.js';
import { apiRequestsByRoute, countAccessLog } from '../spike/origin.js';
import {
  readNginxFiles,
  startRepoNginx,
  startVarnish,
  varnishAvailable,
} from '../spike/servers.js';
import { containerStats } from '../spike/containers.js';
import { Watch, type Watched } from '../spike/watch.js';

const INTERVAL_S = 2;
// Every path the page polls when its stream is refused: the latency goal holds for each.
const POLLED = SOURCE_NAMES.map((name) => SOURCES[name].path);
const P99_GOAL_MS = 100;

/** `mem_limit` of a service in compose.yaml, in bytes. */
function composeLimit(service: string): number {
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

const count = (value: number) => value.toLocaleString('en-US');

function crowdRows(
  name: string,
  report: Awaited<ReturnType<typeof runCrowd>>,
  cap: string,
): { rows: Row[]; ok: boolean } {
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
    goal(
      `${name}: visitors served`,
      `${count(report.served)}/${count(report.visitors)} · ${count(report.visitors - report.pollingVisitors)} streamed, ${count(report.pollingVisitors)} polled all along`,
      'all',
      report.served === report.visitors,
    ),
    goal(
      `${name}: failures by kind`,
      `socket ${count(failures.socket)} · timeout ${count(failures.timeout)} · 5xx ${count(failures['5xx'])} · 429 ${count(failures['429'])} · other 4xx ${count(failures['4xx'])}` +
        (byPath.length ? ` (most on ${byPath.join(', ')})` : ''),
      'none',
      failed === 0,
    ),
    info(
      `${name}: streams`,
      `${count(report.streamsOpened)} opened · ${count(report.streamRefusals)} refusals (cap ${cap}), those pages polling`,
    ),
  );
  for (const [route, requests] of Object.entries(report.requests).sort()) {
    const histogram = report.latency[route] ?? {};
    const p99 = percentile(histogram, 0.99);
    const figure = `${count(requests)} req · p50 ${fmt.ms(percentile(histogram, 0.5))} · p99 ${fmt.ms(p99)}`;
    if (POLLED.includes(route))
      rows.push(goal(`${name}: ${route}`, figure, `p99 ≤ ${P99_GOAL_MS} ms`, p99 <= P99_GOAL_MS));
    else rows.push(info(`${name}: ${route}`, figure));
  }
  const gapMax = maximum(report.eventGap);
  rows.push(
    goal(
      `${name}: stream ${HEARTBEAT} events, gap between two`,
      `p50 ${fmt.ms(percentile(report.eventGap, 0.5))} · p99 ${fmt.ms(percentile(report.eventGap, 0.99))} · max ${fmt.ms(gapMax)} · age at arrival p99 ${fmt.ms(percentile(report.eventAge, 0.99))}`,
      `≤ interval (${INTERVAL_S} s) + 1 s`,
      !(gapMax > (INTERVAL_S + 1) * 1000),
    ),
  );
  return { rows, ok: failed === 0 };
}

function costRows(name: string, watched: Record<string, Watched>, wallS: number): Row[] {
  const rows: Row[] = [];
  const limits: Record<string, number> = {
    nginx: composeLimit('homepage'),
    API: composeLimit('kitestacks-metrics-api'),
  };
  for (const [process, seen] of Object.entries(watched)) {
    const limit = limits[process];
    const figure = `CPU ${seen.cpuS.toFixed(1)} s (${fmt.percent(seen.cpuS / wallS)} of a core) · peak RSS ${fmt.mib(seen.peakRss)} · peak open descriptors ${count(seen.peakFds)}`;
    rows.push(
      limit
        ? goal(
            `${name}: ${process}`,
            figure,
            `RSS ≤ ${fmt.mib(limit)} (compose)`,
            seen.peakRss <= limit,
          )
        : info(`${name}: ${process}`, figure),
    );
  }
  return rows;
}

async function runTarget(
  ctx: BenchContext,
  edge: 'direct' | 'varnish',
  files: ReturnType<typeof readNginxFiles>,
): Promise<Row[]> {
  const { visitors, arrivalS, sessionS } = ctx.spike;
  const config = ctx.spike.nginxFrom ? ` (nginx as of ${ctx.spike.nginxFrom})` : '';
  const name = `spike ${edge === 'direct' ? 'via nginx' : 'behind Varnish'}${config}, ${count(visitors)} visitors`;
  const portal = await startMeasuredPortal(ctx, { METRICS_INTERVAL_S: String(INTERVAL_S) });
  const nginx = ctx.own(await startRepoNginx(files, portal.url.replace('http://', ''), webDist));
  const varnish =
    edge === 'varnish' ? ctx.own(await startVarnish(nginx.url.replace('http://', ''))) : null;
  const pids: Record<string, number> = { nginx: nginx.pid, API: portal.portal.child.pid ?? 0 };
  if (varnish) pids.Varnish = varnish.pid;
  const cap = streamCap();

  const apiBefore = await apiRequestsByRoute(portal.url);
  const watch = new Watch(pids);
  // The machine is shared: how busy it was besides the crowd belongs next to the figures.
  const loadBefore = os.loadavg()[0] ?? 0;
  watch.start();
  const started = performance.now();
  const report = await runCrowd({
    target: (varnish ?? nginx).url,
    visitors,
    arrivalS,
    sessionS,
    intervalMs: INTERVAL_S * 1000,
    log: ctx.log,
  });
  const wallS = (performance.now() - started) / 1000;
  const watched = watch.stop();
  const apiAfter = await apiRequestsByRoute(portal.url);

  const { rows } = crowdRows(name, report, cap);
  rows.push(
    info(
      `${name}: machine load (1-min average, ${os.cpus().length} cores)`,
      `${loadBefore.toFixed(1)} before · ${(os.loadavg()[0] ?? 0).toFixed(1)} after`,
    ),
  );
  rows.push(
    info(
      `${name}: the crowd's generators`,
      `CPU ${report.generatorCpuS.toFixed(1)} s (${fmt.percent(report.generatorCpuS / wallS)} of a core) · own timer lateness p50 ${fmt.ms(percentile(report.generatorLag, 0.5))} · p99 ${fmt.ms(percentile(report.generatorLag, 0.99))} · max ${fmt.ms(maximum(report.generatorLag))}`,
    ),
  );
  rows.push(...costRows(name, watched, wallS));
  const reuse = nginx.errors().match(/worker_connections are not enough/g)?.length ?? 0;
  rows.push(
    goal(`${name}: nginx "worker_connections are not enough"`, count(reuse), '0', reuse === 0),
  );
  const api = POLLED.map(
    (route) => `${route} ${count((apiAfter.get(route) ?? 0) - (apiBefore.get(route) ?? 0))}`,
  );
  rows.push(info(`${name}: requests that reached the API`, api.join(' · ')));
  if (varnish) {
    const origin = await countAccessLog(nginx.accessLog);
    const activeS = arrivalS + sessionS;
    for (const route of POLLED) {
      const seen = origin.get(route) ?? { total: 0, peakPerSecond: 0 };
      const perSecond = seen.total / activeS;
      rows.push(
        goal(
          `${name}: origin (nginx) requests for ${route}`,
          `${perSecond.toFixed(2)}/s over ${activeS} s · busiest second ${seen.peakPerSecond}`,
          'about 1/s (≤ 2/s)',
          perSecond <= 2,
        ),
      );
    }
    const pages = origin.get('page and assets')?.total ?? 0;
    rows.push(info(`${name}: origin (nginx) requests for the page and assets`, count(pages)));
  }
  await varnish?.stop();
  await nginx.stop();
  await portal.portal.stop();
  return rows;
}

export const spikeSuite: Suite = {
  id: 'spike',
  about: 'a front-page crowd: nginx direct, behind Varnish, in the containers (--only spike)',
  optIn: true,
  async run(ctx: BenchContext): Promise<Row[]> {
    const files = readNginxFiles(ctx.spike.nginxFrom);
    if (ctx.spike.nginxFrom) ctx.log(`spike: nginx.conf and template as of ${ctx.spike.nginxFrom}`);
    const rows: Row[] = [];
    for (const edge of ctx.spike.edges) {
      if (edge === 'containers') {
        rows.push(...(await containerStats(ctx)));
        continue;
      }
      if (edge === 'varnish' && !varnishAvailable()) {
        rows.push(skipped('spike behind Varnish', 'varnishd not installed (Debian: varnish)'));
        continue;
      }
      ctx.log(`spike: ${edge}`);
      rows.push(...(await runTarget(ctx, edge, files)));
    }
    return rows;
  },
};
