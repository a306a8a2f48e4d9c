/**
 * A front-page spike (issue: 10,000 visitors in a minute on one host). The crowd runs
 * against the repo's own nginx.conf and template in front of the API, then again with
 * Debian's Varnish (default configuration) in front of that nginx as the edge, and, with
 * `--edges containers`, against the compose stack's containers. Only with `--only spike`.
 */
import os from 'node:os';
import { webDist } from '../../support/portal-process.js';
import type { BenchContext, Suite } from '../lib/context.js';
import { startMeasuredPortal } from '../lib/portal.js';
import { fmt, goal, info, skipped, type Row } from '../lib/report.js';
import { runCrowd } from '../spike/generators.js';
import { apiRequestsByRoute, countAccessLog } from '../spike/origin.js';
import {
  readNginxFiles,
  startRepoNginx,
  startVarnish,
  varnishAvailable,
} from '../spike/servers.js';
import { containerStats } from '../spike/containers.js';
import { composeLimit, count, crowdRows, INTERVAL_S, POLLED } from '../spike/rows.js';
import { Watch, type Watched } from '../spike/watch.js';

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

  // Behind Varnish the issue's goal is the origin's load; the visitors' figures are shown
  // but not judged, since the edge itself runs on the crowd's two cores (docs/benchmarks.md).
  const rows = crowdRows(name, report, { judged: edge === 'direct' });
  rows.push(
    info(
      `${name}: machine load (1-min average, ${os.cpus().length} cores)`,
      `${loadBefore.toFixed(1)} before · ${(os.loadavg()[0] ?? 0).toFixed(1)} after`,
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
