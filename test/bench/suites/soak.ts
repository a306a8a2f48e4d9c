/**
 * A soak: steady mixed load (polls of /api/metrics and /api/health from wrk, plus streams
 * opening and closing every second) for a minute. RSS at the start and at the end of the
 * window — a leak per request or per stream shows up as growth — and zero errors.
 */
import { openSse, type SseClient } from '../../drills/support/sse.js';
import { sleep, type BenchContext, type Suite } from '../lib/context.js';
import { startMeasuredPortal } from '../lib/portal.js';
import { fmt, goal, type Row } from '../lib/report.js';
import { load } from '../lib/wrk.js';

const GOAL_GROWTH = 0.1;
const CONNECTIONS = 16;
const STREAMS_PER_SECOND = 10;
const PATHS = ['/api/metrics', '/api/health'];

export const soakSuite: Suite = {
  id: 'soak',
  about: 'RSS growth and errors over a steady mixed load with stream churn',
  async run(ctx: BenchContext): Promise<Row[]> {
    const portal = await startMeasuredPortal(ctx);
    const run = (durationS: number) =>
      load({
        url: portal.url,
        paths: PATHS,
        connections: CONNECTIONS,
        durationS,
        threads: ctx.threads,
      });

    ctx.log('soak: warming up');
    await run(5);
    const rssStart = portal.rss();

    ctx.log(
      `soak: ${ctx.soakS} s of ${CONNECTIONS} polling connections and ${STREAMS_PER_SECOND} new streams a second`,
    );
    let streams = 0;
    let streamErrors = 0;
    let open: SseClient[] = [];
    let rssPeak = rssStart;
    const closeAll = () => {
      for (const client of open) {
        // Each stream gets the latest metrics the moment it opens.
        if (client.status !== 200 || client.count('metrics') === 0) streamErrors++;
        client.close();
      }
      open = [];
    };
    ctx.own({ stop: async () => closeAll() });
    const polling = run(ctx.soakS);
    const deadline = performance.now() + ctx.soakS * 1000;
    while (performance.now() < deadline - 1000) {
      closeAll();
      const opened = await Promise.allSettled(
        Array.from({ length: STREAMS_PER_SECOND }, () => openSse(`${portal.url}/api/stream`)),
      );
      for (const result of opened) {
        streams++;
        if (result.status === 'fulfilled') open.push(result.value);
        else streamErrors++;
      }
      await sleep(1000);
      rssPeak = Math.max(rssPeak, portal.rss());
    }
    closeAll();
    const polled = await polling;
    const rssEnd = portal.rss();

    const growth = (rssEnd - rssStart) / rssStart;
    const errors = polled.socketErrors + polled.statusErrors + streamErrors;
    return [
      goal(
        `Soak ${ctx.soakS} s: API RSS growth`,
        `${(growth * 100).toFixed(1)} % (${fmt.mib(rssStart)} → ${fmt.mib(rssEnd)}, peak ${fmt.mib(rssPeak)})`,
        `≤ ${GOAL_GROWTH * 100} %`,
        growth <= GOAL_GROWTH,
      ),
      goal(
        `Soak ${ctx.soakS} s: errors`,
        `${errors} in ${polled.requests.toLocaleString('en-US')} requests and ${streams} streams`,
        '0',
        errors === 0,
      ),
    ];
  },
};
