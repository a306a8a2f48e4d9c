/**
 * The production shape: /api/metrics through the repo's own nginx template (rate limit
 * raised, so the load measures the proxy rather than 429 answers) vs the same nginx
 * serving the same bytes as a static file from its web root. nginx holds the answer for
 * the rest of the second it arrived in, so a crowd of pollers should cost about what a
 * static file does: the goal is at least 0.8× of static at 32 connections.
 */
import { existsSync } from 'node:fs';
import { templatePath } from '../../support/nginx.js';
import { webDist } from '../../support/portal-process.js';
import type { BenchContext, Suite } from '../lib/context.js';
import { startRepoNginx } from '../lib/nginx.js';
import { startMeasuredPortal } from '../lib/portal.js';
import { fmt, goal, info, skipped, type Row } from '../lib/report.js';
import { interleave, load } from '../lib/wrk.js';
import { describeLoad } from './metrics.js';

const CONNECTIONS = 32;
const STATIC_PATH = '/bench-metrics.json';
const GOAL_RATIO = 0.8;

export const proxySuite: Suite = {
  id: 'proxy',
  about: "/api/metrics through the repo's nginx vs the same nginx serving a static file",
  async run(ctx: BenchContext): Promise<Row[]> {
    if (!existsSync(templatePath)) return [skipped('via repo nginx', `${templatePath} is missing`)];
    const portal = await startMeasuredPortal(ctx);
    const body = await (await fetch(`${portal.url}/api/metrics`)).text();
    const nginx = ctx.own(
      await startRepoNginx(`127.0.0.1:${portal.portal.port}`, webDist, [
        { urlPath: STATIC_PATH, body },
      ]),
    );
    const run = (path: string, durationS: number) =>
      load({ url: nginx.url + path, connections: CONNECTIONS, durationS, threads: ctx.threads });

    ctx.log('proxy: warming up');
    await run('/api/metrics', 2);
    await run(STATIC_PATH, 2);
    ctx.log(
      `proxy: /api/metrics proxied and the static file in turn, ${CONNECTIONS} connections, ${ctx.durationS} s each`,
    );
    const target = (path: string) => ({
      url: nginx.url + path,
      connections: CONNECTIONS,
      threads: ctx.threads,
    });
    const { proxied, stat } = await interleave(
      { proxied: target('/api/metrics'), stat: target(STATIC_PATH) },
      ctx.durationS,
    );

    const label = `via repo nginx (${nginx.workers} workers), ${CONNECTIONS} conn`;
    const ratio = proxied.rps / stat.rps;
    const clean = proxied.socketErrors + proxied.statusErrors === 0;
    return [
      goal(`${label}: /api/metrics proxied`, describeLoad(proxied), 'no errors', clean),
      info(`${label}: same bytes as a static file`, describeLoad(stat)),
      goal(
        `${label}: ratio proxied / static`,
        fmt.ratio(ratio),
        `≥ ${GOAL_RATIO}×`,
        ratio >= GOAL_RATIO,
      ),
    ];
  },
};
