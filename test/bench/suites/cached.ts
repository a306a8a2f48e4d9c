/**
 * Upstream-backed endpoints answered from the cache cost about what /api/health costs:
 * the fake upstreams are asked once to warm the cache, then the load must not reach them.
 */
import { startFakes } from '../../../fakes/index.js';
import type { BenchContext, Suite } from '../lib/context.js';
import { startMeasuredPortal } from '../lib/portal.js';
import { fmt, goal, info, type Row } from '../lib/report.js';
import { interleave, load } from '../lib/wrk.js';
import { describeLoad } from './metrics.js';

const CONNECTIONS = 32;
const GOAL_RATIO = 0.8;
const CACHED = ['/api/activity', '/api/weather'] as const;

export const cachedSuite: Suite = {
  id: 'cached',
  about: '/api/activity and /api/weather from the cache vs /api/health',
  async run(ctx: BenchContext): Promise<Row[]> {
    const fakes = await startFakes();
    ctx.own({ stop: () => fakes.close() });
    // Long TTLs: every request of the run is a cache hit, none a refresh.
    const portal = await startMeasuredPortal(ctx, {
      ...fakes.env,
      ACTIVITY_TTL_S: '3600',
      WEATHER_TTL_S: '3600',
    });
    for (const path of CACHED) {
      const response = await fetch(portal.url + path);
      const body = (await response.json()) as { configured?: boolean };
      if (!response.ok || body.configured !== true)
        throw new Error(`${path} did not warm up: ${response.status}`);
    }
    const upstreamBefore = fakes.forgejo.requests.total + fakes.wttr.requests.total;
    const run = (path: string, durationS: number) =>
      load({ url: portal.url + path, connections: CONNECTIONS, durationS, threads: ctx.threads });

    ctx.log('cached: warming up');
    for (const path of ['/api/health', ...CACHED]) await run(path, 2);
    ctx.log(
      `cached: /api/health, ${CACHED.join(', ')} in turn, ${CONNECTIONS} connections, ${ctx.durationS} s each`,
    );
    const target = (path: string) => ({
      url: portal.url + path,
      connections: CONNECTIONS,
      threads: ctx.threads,
    });
    const results = await interleave(
      {
        health: target('/api/health'),
        activity: target('/api/activity'),
        weather: target('/api/weather'),
      },
      ctx.durationS,
    );
    const health = results.health;
    const rows: Row[] = [info(`/api/health, ${CONNECTIONS} conn`, describeLoad(health))];
    for (const path of CACHED) {
      const result = path === '/api/activity' ? results.activity : results.weather;
      const ratio = result.rps / health.rps;
      const clean = result.socketErrors + result.statusErrors === 0;
      rows.push(
        info(`${path} from cache, ${CONNECTIONS} conn`, describeLoad(result)),
        goal(
          `${path} from cache: ratio to /api/health`,
          fmt.ratio(ratio),
          `≥ ${GOAL_RATIO}×, no errors`,
          ratio >= GOAL_RATIO && clean,
        ),
      );
    }
    const upstreamDuring =
      fakes.forgejo.requests.total + fakes.wttr.requests.total - upstreamBefore;
    rows.push(
      goal(
        'Upstream requests during the cached load',
        String(upstreamDuring),
        '0',
        upstreamDuring === 0,
      ),
    );
    return rows;
  },
};
