/**
 * /api/metrics from the API process directly vs nginx serving the very same bytes as a
 * static file: back to back, same load generator, same connection counts. The ratio is
 * what the snapshot design buys; p99 is what a visitor feels under load.
 */
import type { BenchContext, Suite } from '../lib/context.js';
import { startMeasuredPortal } from '../lib/portal.js';
import { MIB } from '../lib/proc.js';
import { fmt, goal, info, type Row } from '../lib/report.js';
import { startStaticNginx } from '../lib/nginx.js';
import { interleave, load, type LoadResult } from '../lib/wrk.js';

const CONNECTIONS = [32, 256] as const;
const GOAL_RATIO = 0.35;
const GOAL_P99_MS = 15;
const GOAL_RSS_AFTER_LOAD = 128 * MIB;

export const describeLoad = (result: LoadResult) => {
  const errors = result.socketErrors + result.statusErrors;
  return `${fmt.rps(result.rps)} · p50 ${fmt.ms(result.p50Ms)} · p99 ${fmt.ms(result.p99Ms)}${errors ? ` · ${errors} errors` : ''}`;
};

export const metricsSuite: Suite = {
  id: 'metrics',
  about: '/api/metrics direct vs nginx static, 32 and 256 connections; RSS after load',
  async run(ctx: BenchContext): Promise<Row[]> {
    const portal = await startMeasuredPortal(ctx);
    const body = await (await fetch(`${portal.url}/api/metrics`)).text();
    const nginx = ctx.own(await startStaticNginx([{ urlPath: '/api/metrics', body }]));
    const api = `${portal.url}/api/metrics`;
    const baseline = `${nginx.url}/api/metrics`;
    const run = (url: string, connections: number, durationS: number) =>
      load({ url, connections, durationS, threads: ctx.threads });

    ctx.log(`metrics: warming up both servers (${body.length} bytes per response)`);
    await run(api, 32, 2);
    await run(baseline, 32, 2);

    const rows: Row[] = [];
    for (const connections of CONNECTIONS) {
      ctx.log(
        `metrics: API direct and nginx static in turn, ${connections} connections, ${ctx.durationS} s each`,
      );
      const { direct, stat } = await interleave(
        {
          direct: { url: api, connections, threads: ctx.threads },
          stat: { url: baseline, connections, threads: ctx.threads },
        },
        ctx.durationS,
      );
      const ratio = direct.rps / stat.rps;
      const clean = direct.socketErrors + direct.statusErrors === 0;
      const label = `/api/metrics, ${connections} conn`;
      if (connections === 32) {
        rows.push(
          goal(
            `${label}: API direct`,
            describeLoad(direct),
            `p99 ≤ ${GOAL_P99_MS} ms, no errors`,
            direct.p99Ms <= GOAL_P99_MS && clean,
          ),
          info(`${label}: nginx static (${nginx.workers} workers)`, describeLoad(stat)),
          goal(
            `${label}: ratio API / nginx static`,
            fmt.ratio(ratio),
            `≥ ${GOAL_RATIO}×`,
            ratio >= GOAL_RATIO,
          ),
        );
      } else {
        rows.push(
          goal(`${label}: API direct`, describeLoad(direct), 'no errors', clean),
          info(`${label}: nginx static (${nginx.workers} workers)`, describeLoad(stat)),
          info(`${label}: ratio API / nginx static`, fmt.ratio(ratio)),
        );
      }
    }

    const rss = portal.rss();
    rows.push(
      goal(
        'API RSS after the load above',
        fmt.mib(rss),
        `≤ ${fmt.mib(GOAL_RSS_AFTER_LOAD)}`,
        rss <= GOAL_RSS_AFTER_LOAD,
      ),
    );
    return rows;
  },
};
